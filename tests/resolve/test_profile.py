"""Profiling before linking: placeholders and constant values are measured and not evidence."""

import duckdb
import pyarrow as pa

from tests.factories import admin
from tests.resolve.conftest import deliver, person
from tests.resolve.test_run import clusters
from verweven.resolve import ResolveOptions, load_kind, resolve
from verweven.resolve.profile import (
    drop_placeholders,
    find_placeholders,
    is_placeholder_value,
    profile_table,
)
from verweven.resolve.survey import survey
from verweven.store import Store


def records(**columns: list[str | None]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("source", pa.table(columns))
    con.execute("CREATE TABLE records_person AS SELECT * FROM source")
    return con


def test_a_profile_measures_fill_distinct_and_top_values() -> None:
    con = records(city=["utrecht"] * 3 + ["delft", None])
    [city] = profile_table(con, "records_person", ["city"])
    assert (city.records, city.filled, city.distinct) == (5, 4, 2)
    assert city.fill_rate == 0.8 and city.distinct_ratio == 0.5
    assert (city.top[0].value, city.top[0].share) == ("utrecht", 0.75)


def test_known_placeholders_and_repeated_digits_are_no_evidence() -> None:
    assert is_placeholder_value("Onbekend") and is_placeholder_value("anytown")
    assert is_placeholder_value("00000") and is_placeholder_value("1900-01-01")
    assert is_placeholder_value("999999990")
    assert not is_placeholder_value("1970-03-12") and not is_placeholder_value("2345EF")


def test_a_constant_city_is_dropped_with_its_field_and_value_named() -> None:
    kind = load_kind("person")
    con = records(city=["springfield"] * 25 + [f"plaats{i}" for i in range(5)])
    profiles = profile_table(con, "records_person", ["city"])
    [found] = find_placeholders(con, "records_person", profiles, kind)
    assert (found.field, found.value, found.records) == ("city", "springfield", 25)
    assert "springfield" in found.warning("person") and "city" in found.warning("person")
    drop_placeholders(con, "records_person", [found], kind)
    assert con.sql("SELECT count(city) FROM records_person").fetchall() == [(5,)]


def test_a_placeholder_birth_date_is_dropped_with_its_derived_columns() -> None:
    kind = load_kind("person")
    con = records(
        birth_date=["1900-01-01", "1970-03-12"], dob_year=["1900", "1970"],
        dob_sorted=["--00000119", "--00112377"], dob_month=["01", "03"], dob_day=["01", "12"],
    )  # fmt: skip
    profiles = profile_table(con, "records_person", ["birth_date", "dob_year"])
    drop_placeholders(
        con, "records_person", find_placeholders(con, "records_person", profiles, kind), kind
    )
    rows = con.sql(
        "SELECT birth_date, dob_year, dob_sorted FROM records_person ORDER BY 1"
    ).fetchall()
    assert rows == [("1970-03-12", "1970", "--00112377"), (None, None, None)]


def test_a_categorical_column_keeps_its_frequent_values() -> None:
    kind = load_kind("person")
    con = records(dob_month=["01"] * 30 + ["02"] * 2)
    profiles = profile_table(con, "records_person", ["dob_month"])
    assert find_placeholders(con, "records_person", profiles, kind) == []


def test_resolve_reports_placeholders_and_does_not_link_on_them(
    people: Store, options: ResolveOptions
) -> None:
    deliver(people, "politie",
            person("pol.20", "politie", firstName="Anna", lastName="Smit", birthDate="1900-01-01",
                   idNumber="999999990"),
            person("pol.21", "politie", firstName="Bert", lastName="Smit", birthDate="1900-01-01",
                   idNumber="999999990"))  # fmt: skip
    report = resolve(people, admin(people), options)
    [persons] = [k for k in report.kinds if k.kind == "person"]
    assert ("birth_date", "1900-01-01") in {(p.field, p.value) for p in persons.placeholders}
    assert [g.reason for g in persons.guarded] == ["is a placeholder"]
    ids = clusters(people)
    assert ids["pol.20"] != ids["pol.21"]


def test_survey_profiles_without_writing_anything(people: Store) -> None:
    [persons] = survey(people, admin(people), ["person"])
    fields = {f.field: f for f in persons.fields}
    assert fields["first_name"].filled == 5
    assert "dob_sorted" not in fields
    assert people.read_statement_table is not None
