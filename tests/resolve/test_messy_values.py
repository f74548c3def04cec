"""Messy values reach the model: foreign identifiers, other date orders, number-first streets."""

import duckdb

from tests.factories import admin
from tests.resolve.conftest import deliver, person
from tests.resolve.test_run import clusters
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.normalise import install_macros
from verweven.store import Store


def normalised(sql: str, value: str) -> object:
    con = duckdb.connect()
    install_macros(con)
    return con.execute(f"SELECT {sql}", [value]).fetchall()[0][0]


def test_a_foreign_social_security_number_is_a_key_of_its_own_never_a_bsn(
    store: Store, options: ResolveOptions
) -> None:
    # 111222333 passes the BSN 11-check; as a foreign number it must not become a BSN key.
    deliver(store, "brp", person("brp.1", "brp", firstName="Jan", lastName="Smit",
                                 birthDate="1970-03-12", idNumber="111222333"))  # fmt: skip
    deliver(store, "ind", person("ind.1", "ind", firstName="Johan", lastName="Smid",
                                 socialSecurityNumber="111-22-2333"),
            person("ind.2", "ind", firstName="Juan", lastName="Smith",
                   socialSecurityNumber="111-22-2333"))  # fmt: skip
    report = resolve(store, admin(store), options)
    [persons] = [k for k in report.kinds if k.kind == "person"]
    assert persons.key_links == 1
    ids = clusters(store)
    assert ids["ind.1"] == ids["ind.2"] != ids["brp.1"]


def test_day_month_year_dates_are_read_in_european_order() -> None:
    assert normalised("vw_date(?)", "12-3-1970") == "1970-03-12"
    assert normalised("vw_date(?)", "12.03.1970") == "1970-03-12"
    assert normalised("vw_date(?)", "19700312") == "1970-03-12"


def test_a_partial_date_still_gives_its_year() -> None:
    assert normalised("vw_date(?)", "ca. 1970") is None
    assert normalised("vw_year(?)", "ca. 1970") == "1970"


def test_a_number_first_address_gives_street_and_number() -> None:
    assert normalised("vw_street(?)", "12a Rue Haute") == "rue haute"
    assert normalised("vw_house_number(?)", "12a Rue Haute") == "12"
    assert normalised("vw_house_number(?)", "1e Jan Steenstraat 4") == "4"
