"""The store's behaviour, identical on both backends."""

import pyarrow as pa
import pytest

from tests.factories import make_dataset, make_entity, make_reader
from verweven.audit import verify_chain
from verweven.errors import InputError, NotFoundError
from verweven.model import Statement
from verweven.store import QuarantineRecord, Store
from verweven.store import base as store_base
from verweven.store.migrations import LATEST_VERSION

ANALYST = make_reader("riec")


def load(store: Store, *entities: list, dataset: str = "brp_personen") -> str:
    with store.import_run(dataset, source="test", actor=ANALYST) as run:
        for stmts in entities:
            run.write(stmts)
    return run.id


@pytest.fixture
def brp(store: Store) -> Store:
    store.register_dataset(make_dataset("brp_personen", purposes=("riec", "bibob")), ANALYST)
    return store


def test_migrate_is_idempotent_and_reports_latest_version(store: Store) -> None:
    assert store.migrate() == LATEST_VERSION
    assert store.schema_version() == LATEST_VERSION


def test_registered_dataset_round_trips(store: Store) -> None:
    dataset = make_dataset("kvk_register", partner="kvk", purposes=("bibob",))
    store.register_dataset(dataset, ANALYST)
    assert store.get_dataset("kvk_register") == dataset
    assert [d.name for d in store.list_datasets()] == ["kvk_register"]


def test_unknown_dataset_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        store.get_dataset("nope")


def test_entity_is_assembled_with_provenance(brp: Store) -> None:
    run_id = load(brp, make_entity("p1", name="Jan de Vries", birthDate="1970-01-02"))
    entity = brp.get_entity(ANALYST, "p1")
    assert entity.schema.name == "Person"
    assert entity.get("name") == ["Jan de Vries"]
    [stmt] = entity.get_statements("birthDate")
    assert stmt.dataset == "brp_personen"
    assert {s.import_run for s in brp.get_statements(ANALYST, "p1")} == {run_id}


def test_reader_sees_only_datasets_serving_its_purpose(brp: Store) -> None:
    brp.register_dataset(make_dataset("politie", partner="politie", purposes=("riec",)), ANALYST)
    load(brp, make_entity("p1", name="Jan"))
    load(brp, make_entity("p1", dataset="politie", notes="verdachte"), dataset="politie")
    bibob = make_reader("bibob")
    assert brp.get_entity(bibob, "p1").get("notes") == []
    assert brp.get_entity(ANALYST, "p1").get("notes") == ["verdachte"]
    with pytest.raises(NotFoundError):
        brp.get_entity(make_reader("marketing"), "p1")


def test_same_delivery_twice_adds_no_statement(brp: Store) -> None:
    delivery = make_entity("p1", name="Jan", birthDate="1970-01-02")
    load(brp, delivery)
    first = {s.id: s for s in brp.get_statements(ANALYST, "p1")}
    load(brp, delivery)
    second = {s.id: s for s in brp.get_statements(ANALYST, "p1")}
    assert second.keys() == first.keys()
    assert brp.list_import_runs()[-1].statements_new == 0
    for sid, stmt in second.items():
        assert stmt.first_seen == first[sid].first_seen
        assert stmt.import_run == first[sid].import_run


def test_duplicate_rows_within_one_run_are_stored_once(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan") * 2)
    assert brp.count_statements(ANALYST) == 2


def test_a_run_refuses_statements_of_another_dataset_and_writes_nothing(brp: Store) -> None:
    foreign = make_entity("k1", dataset="kvk_inschrijvingen", schema="Company", name="Acme")
    with pytest.raises(InputError, match="kvk_inschrijvingen"):
        load(brp, make_entity("p1", name="Jan") + foreign)
    assert brp.count_statements(ANALYST) == 0


def test_batches_merge_like_one_write(brp: Store) -> None:
    with brp.import_run("brp_personen", source="test", actor=ANALYST) as run:
        run.write(make_entity("p1", name="Jan") + make_entity("p2", name="Piet") * 2, 3)
    assert brp.count_statements(ANALYST) == 4
    assert run.statements_written == 6 and run.statements_new == 4


@pytest.mark.parametrize("batch_size", [1, 10])
def test_a_repeated_statement_keeps_its_first_original_value(brp: Store, batch_size: int) -> None:
    # Same dataset, entity, property and value: one id, whatever the delivery wrote originally.
    spellings = ["JAN", "jan", "Jan "]
    with brp.import_run("brp_personen", source="test", actor=ANALYST) as run:
        run.write(
            [Statement("p1", "name", "Person", "Jan", "brp_personen", original_value=spelling)
             for spelling in spellings],
            batch_size,
        )  # fmt: skip
    [stored] = [s for s in brp.get_statements(ANALYST, "p1") if s.prop == "name"]
    assert stored.original_value == "JAN"
    assert run.statements_written == 3 and run.statements_new == 1


def test_the_statement_table_reads_only_the_columns_asked_for(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    table = brp.read_statement_table(ANALYST, ["Person"], columns=("entity_id", "value"))
    assert table.column_names == ["entity_id", "value"]
    assert sorted(table.column("value").to_pylist()) == ["Jan", "p1"]
    with pytest.raises(ValueError, match="original_value"):
        brp.read_statement_table(ANALYST, ["Person"], columns=("original_value",))


def test_the_statement_stream_holds_the_table_in_batches_and_is_audited(
    brp: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_base, "STREAM_BATCH", 2)
    load(brp, make_entity("p1", name="Jan"), make_entity("p2", name="Piet", birthDate="1970"))
    before = len(brp.list_audit_events())
    stream = brp.read_statement_batches(ANALYST, ["Person"], ["name", "birthDate"])
    assert len(brp.list_audit_events()) == before + 1
    batches = list(stream)
    streamed = pa.Table.from_batches(batches).sort_by("id")
    table = brp.read_statement_table(ANALYST, ["Person"], ["name", "birthDate"]).sort_by("id")
    assert streamed.to_pylist() == table.to_pylist() and streamed.num_rows == 3
    assert all(field.type == pa.string() for field in streamed.schema)
    assert [batch.num_rows for batch in batches] == [2, 1]  # never the whole read at once


def test_newer_delivery_adds_values_and_keeps_history(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan", address="Dorpsstraat 1"))
    load(brp, make_entity("p1", name="Jan", address="Kerkweg 2"))
    assert sorted(brp.get_entity(ANALYST, "p1").get("address")) == ["Dorpsstraat 1", "Kerkweg 2"]


def test_failed_run_writes_nothing(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    with pytest.raises(RuntimeError), brp.import_run("brp_personen", "t", ANALYST) as run:
        run.write(make_entity("p2", name="Piet"))
        run.quarantine(QuarantineRecord(file="f.csv", line=3, reason="bad"))
        raise RuntimeError("crash in the middle")
    assert brp.count_statements(ANALYST) == 2
    assert len(brp.list_import_runs()) == 1
    assert brp.list_quarantine() == []


def test_iterating_a_schema_includes_its_descendants(brp: Store) -> None:
    load(
        brp,
        make_entity("p1", name="Jan"),
        make_entity("c1", schema="Company", name="Jan BV"),
        make_entity("a1", schema="Address", full="Dorpsstraat 1"),
    )
    assert [e.id for e in brp.iter_entities(ANALYST, "LegalEntity")] == ["c1", "p1"]
    assert [e.id for e in brp.iter_entities(ANALYST)] == ["a1", "c1", "p1"]


def test_find_entities_by_exact_value_and_property(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan", idNumber="111222333"), make_entity("p2", name="Jan"))
    assert brp.find_entities(ANALYST, "Jan") == ["p1", "p2"]
    assert brp.find_entities(ANALYST, "111222333", prop="idNumber") == ["p1"]
    assert brp.find_entities(ANALYST, "111222333", prop="name") == []


def test_get_entities_skips_unknown_ids(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"), make_entity("p2", name="Piet"))
    assert [e.id for e in brp.get_entities(ANALYST, ["p2", "zz", "p1"])] == ["p1", "p2"]


def test_deleting_a_dataset_removes_only_its_statements(brp: Store) -> None:
    brp.register_dataset(make_dataset("kvk", partner="kvk"), ANALYST)
    load(brp, make_entity("p1", name="Jan"))
    load(brp, make_entity("c1", dataset="kvk", schema="Company", name="X BV"), dataset="kvk")
    assert brp.delete_dataset("brp_personen", ANALYST) == 2
    assert brp.count_statements(ANALYST) == 2
    assert brp.find_entities(ANALYST, "Jan") == []


def test_quarantine_keeps_file_line_field_and_reason(brp: Store) -> None:
    record = QuarantineRecord(file="brp.csv", line=7, field="bsn", value="123", reason="11-check")
    with brp.import_run("brp_personen", "brp.csv", ANALYST) as run:
        run.quarantine(record)
    [stored] = brp.list_quarantine(dataset="brp_personen")
    assert (stored.file, stored.line, stored.field, stored.value) == ("brp.csv", 7, "bsn", "123")
    assert stored.import_run == run.id
    assert brp.list_import_runs()[0].quarantined == 1


def test_every_read_is_audited_in_an_intact_chain(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    before = len(brp.list_audit_events())
    brp.get_entity(make_reader("riec", user="analist.jansen"), "p1")
    brp.find_entities(ANALYST, "Jan")
    events = brp.list_audit_events()
    assert len(events) == before + 2
    assert events[-2].actor == "analist.jansen"
    assert events[-2].purpose == "riec"
    assert verify_chain(events) is None


def test_tampering_with_the_audit_log_is_detected(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    brp.get_entity(ANALYST, "p1")
    brp._execute("UPDATE audit_log SET actor = 'iemand_anders' WHERE seq = 2")
    assert verify_chain(brp.list_audit_events()) == 2
