"""The engine: what a signal may see, when a row is a hit, what a hit carries."""

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tests.factories import make_dataset
from tests.signals.statements import AS_OF, company, definition, person, record, table
from tests.signals.test_logic_companies import straw_man_records
from verweven.errors import AccessDeniedError, InputError
from verweven.model import Statement
from verweven.signals import Hit, SignalDefinition, rank_entities, run_on_table, run_signals
from verweven.signals.context import open_context
from verweven.signals.definition import Logic, ReferenceMoment
from verweven.store import open_store
from verweven.store.reads import STATEMENT_TABLE_COLUMNS


def with_sql(sql: str, **changes: object) -> SignalDefinition:
    base = definition("rapid_director_changes")
    update = {"logic": Logic(sql=sql), "sentence": "{caption}", "threshold": 1.0, **changes}
    return base.model_copy(update=update)


def run(sql: str, *records: list, **changes: object) -> list:  # type: ignore[type-arg]
    return run_on_table(table(*records), [with_sql(sql, **changes)], AS_OF).hits


def test_a_signal_sees_only_the_properties_it_declares() -> None:
    sql = "SELECT canonical_id AS entity_id, 1 AS score, [id] AS evidence FROM props"
    hits = run(sql, person("p1", birthPlace="Tilburg"), company("c1", sector="96021"))
    assert hits == []


def test_a_declared_property_is_seen() -> None:
    sql = "SELECT canonical_id AS entity_id, 1 AS score, [id] AS evidence FROM props"
    hits = run(sql, company("c1", sector="96021"), inputs=("Company.sector",))
    assert [h.entity_id for h in hits] == ["c1"]


def test_rows_below_the_threshold_are_no_hits() -> None:
    sql = "SELECT 'c1' AS entity_id, 0.5 AS score, [] AS evidence"
    assert run(sql, company("c1")) == []


def test_an_entity_is_hit_once_with_its_highest_score() -> None:
    sql = "SELECT 'c1' AS entity_id, unnest([2, 7, 3]) AS score, [] AS evidence"
    [hit] = run(sql, company("c1"))
    assert hit.score == 7


def test_a_hit_carries_its_evidence_with_datasets() -> None:
    sql = "SELECT canonical_id AS entity_id, 1 AS score, [id] AS evidence FROM props"
    [hit] = run(sql, company("c1", dataset="kvk", sector="96021"), inputs=("Company.sector",))
    assert [(e.dataset, e.prop, e.value) for e in hit.evidence] == [("kvk", "sector", "96021")]


def test_the_caption_names_the_entity_without_the_signal_reading_names() -> None:
    sql = "SELECT 'p1' AS entity_id, 1 AS score, [] AS evidence"
    [hit] = run(sql, person("p1", name="Jan de Vries"))
    assert (hit.caption, hit.schema, hit.sentence) == ("Jan de Vries", "Person", "Jan de Vries")


def test_rows_without_evidence_are_refused() -> None:
    with pytest.raises(InputError, match="lack evidence"):
        run("SELECT 'c1' AS entity_id, 1 AS score", company("c1"))


def test_hits_come_out_in_the_same_order_every_run() -> None:
    sql = "SELECT canonical_id AS entity_id, 1 AS score, [] AS evidence FROM entities"
    records = [company(f"c{i}") for i in (3, 1, 2)]
    first = run(sql, *records)
    assert [h.entity_id for h in first] == ["c1", "c2", "c3"]
    assert run(sql, *records) == first


def test_a_signal_runs_only_for_a_purpose_it_serves(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.duckdb")) as store, pytest.raises(AccessDeniedError):
        reader = store.local_actor().acting_for("ondermijningsbeeld")
        run_signals(store, reader, [definition("straw_man")], AS_OF)


def test_signals_read_only_what_the_purpose_may_see(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.duckdb")) as store:
        owner = store.local_actor()
        reader = owner.acting_for("riec_casus", "CASE-1")
        for name, purposes in (("kvk", ("riec_casus",)), ("geheim", ("bibob",))):
            store.register_dataset(make_dataset(name, purposes=purposes), owner)
            with store.import_run(name, "test", owner) as run_:
                run_.write([Statement(f"{name}-c", "sector", "Company", "96021", name)])
        sql = "SELECT canonical_id AS entity_id, 1 AS score, [id] AS evidence FROM props"
        chosen = [with_sql(sql, inputs=("Company.sector",))]
        hits = run_signals(store, reader, chosen, date(2026, 10, 1)).hits
    assert [h.entity_id for h in hits] == ["kvk-c"]


def test_a_hit_names_its_signal_and_version() -> None:
    sql = "SELECT 'c1' AS entity_id, 1 AS score, [] AS evidence"
    [hit] = run(sql, company("c1"), version=3)
    assert (hit.signal_id, hit.signal_version) == ("rapid_director_changes", 3)


def test_an_unregistered_function_is_refused() -> None:
    broken = definition("proximity_to_convicted").model_copy(
        update={"logic": Logic(function="no_such_function")}
    )
    with pytest.raises(InputError, match="no function 'no_such_function'"):
        run_on_table(table(record("x", "Company", name="X")), [broken], AS_OF)


def test_references_resolve_even_without_id_statements() -> None:
    records = [[r for r in rows if r["prop"] != "id"] for rows in straw_man_records(4, 5)]
    [hit] = run_on_table(table(*records), [definition("straw_man")], AS_OF).hits
    assert hit.entity_id == "p1"


def test_entities_hit_by_more_signals_rank_first_by_summed_weight() -> None:
    def hit(signal_id: str, entity_id: str) -> Hit:
        return Hit(signal_id, 1, entity_id, "Company", entity_id, 1.0, "s", ())

    hits = [hit("a", "x"), hit("b", "x"), hit("a", "y"), hit("c", "z")]
    ranked = rank_entities(hits, {"a": 1.0, "b": 2.0, "c": 2.5})
    assert [(r.entity_id, r.weight) for r in ranked] == [("x", 3.0), ("z", 2.5), ("y", 1.0)]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY statements TO '/tmp/verweven-leak.csv'",
        "SET enable_external_access = true",
        "INSTALL httpfs",
    ],
)
def test_a_signals_sql_cannot_reach_files_network_or_settings(sql: str) -> None:
    context = open_context(
        pa.table({c: pa.array([], pa.string()) for c in STATEMENT_TABLE_COLUMNS}),
        definition("straw_man"),
        AS_OF,
    )
    with pytest.raises(duckdb.Error):
        context.con.execute(sql)


# The anomaly on 2026-03-01, a police record dated after it (2026-06-01) and one before it.
ANOMALY_SQL = """
SELECT 'a1' AS entity_id, 1 AS score, DATE '2026-03-01' AS reported_on,
       list(id) AS evidence
FROM props WHERE entity_id IN ('e1', $record)
"""


def hindsight_records() -> list[list[dict[str, str]]]:
    return [
        record("a1", "Address", "bag", full="Kerkstraat 12"),
        record("e1", "Event", "grid", name="Afwijkend nachtverbruik", date="2026-03-01"),
        record("late", "Event", "politie", name="Ontmanteling", date="2026-06-01"),
        record("early", "Event", "politie", name="Ontmanteling", date="2025-06-01"),
    ]


def warns_at_its_moment(evidence_record: str) -> object:
    signal = with_sql(
        ANOMALY_SQL,
        inputs=("Event.name", "Event.date", "Address.full"),
        parameters={"record": evidence_record},
        reference_moment=ReferenceMoment(column="reported_on", text="the report"),
    )
    return run_on_table(table(*hindsight_records()), [signal], AS_OF)


def test_the_engine_refuses_a_row_resting_on_a_fact_dated_after_its_reference_moment() -> None:
    run = warns_at_its_moment("late")
    assert (run.hits, run.refused) == ([], {"rapid_director_changes": 1})


def test_a_row_resting_on_facts_dated_before_its_moment_is_a_hit() -> None:
    run = warns_at_its_moment("early")
    assert [(h.entity_id, h.known_on) for h in run.hits] == [("a1", "2026-03-01")]
    assert run.refused == {"rapid_director_changes": 0}


def test_a_row_without_its_reference_column_is_an_error() -> None:
    signal = with_sql(
        "SELECT 'a1' AS entity_id, 1 AS score, [] AS evidence",
        reference_moment=ReferenceMoment(column="reported_on", text="the report"),
    )
    with pytest.raises(InputError, match="reference column 'reported_on'"):
        run_on_table(table(*hindsight_records()), [signal], AS_OF)


def test_facts_dated_after_the_run_are_not_seen() -> None:
    sql = "SELECT entity_id, 1 AS score, [id] AS evidence FROM props WHERE schema = 'Event'"
    signal = with_sql(sql, inputs=("Event.name", "Event.date"))
    hits = run_on_table(table(*hindsight_records()), [signal], date(2026, 4, 1)).hits
    assert sorted(h.entity_id for h in hits) == ["e1", "early"]


def test_an_end_date_still_to_come_is_not_seen() -> None:
    sql = "SELECT entity_id, 1 AS score, [id] AS evidence FROM props WHERE prop = 'endDate'"
    signal = with_sql(sql, inputs=("Directorship.endDate", "Directorship.startDate"))
    rows = record("d1", "Directorship", "kvk", startDate="2020-01-01", endDate="2027-01-01")
    assert run_on_table(table(rows), [signal], AS_OF).hits == []
    assert len(run_on_table(table(rows), [signal], date(2027, 2, 1)).hits) == 1
