"""The store's behaviour, identical on both backends."""

import pyarrow as pa
import pytest

from tests.factories import (
    admin,
    analyst,
    load,
    make_actor,
    make_dataset,
    make_entity,
    register,
    steward,
)
from verweven.access import Role
from verweven.errors import InputError, NotFoundError
from verweven.model import Statement
from verweven.store import QuarantineRecord, Store
from verweven.store import reads as store_reads
from verweven.store.migrations import LATEST_VERSION


@pytest.fixture
def brp(store: Store) -> Store:
    register(store, make_dataset("brp_personen", purposes=("riec_casus", "bibob")))
    return store


def test_migrate_is_idempotent_and_reports_latest_version(store: Store) -> None:
    assert store.migrate() == LATEST_VERSION
    assert store.schema_version() == LATEST_VERSION


def test_registered_dataset_round_trips(store: Store) -> None:
    dataset = register(store, make_dataset("kvk_register", partner="kvk", purposes=("bibob",)))
    assert store.get_dataset(admin(store), "kvk_register") == dataset
    assert [d.name for d in store.list_datasets(admin(store))] == ["kvk_register"]


def test_unknown_dataset_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        store.get_dataset(admin(store), "nope")


def test_entity_is_assembled_with_provenance(brp: Store) -> None:
    run_id = load(brp, make_entity("p1", name="Jan de Vries", birthDate="1970-01-02"))
    entity = brp.get_entity(analyst(brp), "p1")
    assert entity.schema.name == "Person"
    assert entity.get("name") == ["Jan de Vries"]
    [stmt] = entity.get_statements("birthDate")
    assert stmt.dataset == "brp_personen"
    assert {s.import_run for s in brp.get_statements(analyst(brp), "p1")} == {run_id}


def test_reader_sees_only_datasets_serving_its_purpose(brp: Store) -> None:
    register(brp, make_dataset("politie", partner="politie", purposes=("riec_casus",)))
    load(brp, make_entity("p1", name="Jan"))
    load(brp, make_entity("p1", dataset="politie", notes="verdachte"), dataset="politie")
    bibob = make_actor(brp, Role.BIBOB, partner="gemeente_x", purpose="bibob", case="B-1")
    assert brp.get_entity(bibob, "p1").get("notes") == []
    assert brp.get_entity(analyst(brp), "p1").get("notes") == ["verdachte"]


def test_same_delivery_twice_adds_no_statement(brp: Store) -> None:
    delivery = make_entity("p1", name="Jan", birthDate="1970-01-02")
    load(brp, delivery)
    first = {s.id: s for s in brp.get_statements(analyst(brp), "p1")}
    load(brp, delivery)
    second = {s.id: s for s in brp.get_statements(analyst(brp), "p1")}
    assert second.keys() == first.keys()
    assert brp.list_import_runs(admin(brp))[-1].statements_new == 0
    for sid, stmt in second.items():
        assert stmt.first_seen == first[sid].first_seen
        assert stmt.import_run == first[sid].import_run


def test_duplicate_rows_within_one_run_are_stored_once(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan") * 2)
    assert brp.count_statements(analyst(brp)) == 2


def test_a_run_refuses_statements_of_another_dataset_and_writes_nothing(brp: Store) -> None:
    foreign = make_entity("k1", dataset="kvk_inschrijvingen", schema="Company", name="Acme")
    with pytest.raises(InputError, match="kvk_inschrijvingen"):
        load(brp, make_entity("p1", name="Jan") + foreign)
    assert brp.count_statements(analyst(brp)) == 0


def test_batches_merge_like_one_write(brp: Store) -> None:
    with brp.import_run("brp_personen", source="test", actor=steward(brp)) as run:
        run.write(make_entity("p1", name="Jan") + make_entity("p2", name="Piet") * 2, 3)
    assert brp.count_statements(analyst(brp)) == 4
    assert run.statements_written == 6 and run.statements_new == 4


@pytest.mark.parametrize("batch_size", [1, 10])
def test_a_repeated_statement_keeps_its_first_original_value(brp: Store, batch_size: int) -> None:
    # Same dataset, entity, property and value: one id, whatever the delivery wrote originally.
    spellings = ["JAN", "jan", "Jan "]
    with brp.import_run("brp_personen", source="test", actor=steward(brp)) as run:
        run.write(
            [Statement("p1", "name", "Person", "Jan", "brp_personen", original_value=spelling)
             for spelling in spellings],
            batch_size,
        )  # fmt: skip
    [stored] = [s for s in brp.get_statements(analyst(brp), "p1") if s.prop == "name"]
    assert stored.original_value == "JAN"
    assert run.statements_written == 3 and run.statements_new == 1


def test_the_statement_table_reads_only_the_columns_asked_for(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    table = brp.read_statement_table(analyst(brp), ["Person"], columns=("entity_id", "value"))
    assert table.column_names == ["entity_id", "value"]
    assert sorted(table.column("value").to_pylist()) == ["Jan", "p1"]
    with pytest.raises(ValueError, match="original_value"):
        brp.read_statement_table(analyst(brp), ["Person"], columns=("original_value",))


def test_an_empty_statement_table_keeps_its_column_types(brp: Store) -> None:
    table = brp.read_statement_table(analyst(brp), ["Person"], columns=("entity_id", "value"))
    assert table.num_rows == 0
    assert [field.type for field in table.schema] == [pa.string(), pa.string()]


def test_the_statement_stream_holds_the_table_in_batches_and_is_audited(
    brp: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_reads, "STREAM_BATCH", 2)
    load(brp, make_entity("p1", name="Jan"), make_entity("p2", name="Piet", birthDate="1970"))
    reader = analyst(brp)
    before = brp._fetchall("SELECT count(*) FROM audit_events")[0][0]
    stream = brp.read_statement_batches(reader, ["Person"], ["name", "birthDate"])
    assert brp._fetchall("SELECT count(*) FROM audit_events")[0][0] == before + 1  # audited first
    batches = list(stream)
    [(ended, size)] = brp._fetchall(
        "SELECT count(*), max(result_size) FILTER (WHERE action = 'read_bulk') FROM audit_events"
    )
    assert ended == before + 2 and size == 3  # and by the rows it gave, when it ended
    streamed = pa.Table.from_batches(batches).sort_by("id")
    table = brp.read_statement_table(analyst(brp), ["Person"], ["name", "birthDate"])
    assert streamed.to_pylist() == table.sort_by("id").to_pylist() and streamed.num_rows == 3
    assert all(field.type == pa.string() for field in streamed.schema)
    assert [batch.num_rows for batch in batches] == [2, 1]  # never the whole read at once


def test_newer_delivery_adds_values_and_keeps_history(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan", address="Dorpsstraat 1"))
    load(brp, make_entity("p1", name="Jan", address="Kerkweg 2"))
    addresses = brp.get_entity(analyst(brp), "p1").get("address")
    assert sorted(addresses) == ["Dorpsstraat 1", "Kerkweg 2"]


def test_failed_run_writes_nothing(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    gemeente = steward(brp)
    with pytest.raises(RuntimeError), brp.import_run("brp_personen", "t", gemeente) as run:
        run.write(make_entity("p2", name="Piet"))
        run.quarantine(QuarantineRecord(file="f.csv", line=3, reason="bad"))
        raise RuntimeError("crash in the middle")
    assert brp.count_statements(analyst(brp)) == 2
    assert len(brp.list_import_runs(admin(brp))) == 1
    assert brp.list_quarantine(gemeente.acting_for("gegevensbeheer")) == []


def test_exporting_a_schema_includes_its_descendants(brp: Store) -> None:
    load(
        brp,
        make_entity("p1", name="Jan"),
        make_entity("c1", schema="Company", name="Jan BV"),
        make_entity("a1", schema="Address", full="Dorpsstraat 1"),
    )
    reader = analyst(brp)
    assert [e.id for e in brp.export_entities(reader, "out.json", "LegalEntity")] == ["c1", "p1"]
    assert [e.id for e in brp.export_entities(reader, "out.json")] == ["a1", "c1", "p1"]


def test_find_entities_by_exact_value_and_property(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan", idNumber="111222333"), make_entity("p2", name="Jan"))
    reader = analyst(brp)
    assert brp.find_entities(reader, "Jan") == ["p1", "p2"]
    assert brp.find_entities(reader, "111222333", prop="idNumber") == ["p1"]
    assert brp.find_entities(reader, "111222333", prop="name") == []


def test_get_entities_skips_unknown_ids(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"), make_entity("p2", name="Piet"))
    assert [e.id for e in brp.get_entities(analyst(brp), ["p2", "zz", "p1"])] == ["p1", "p2"]


def test_deleting_a_dataset_removes_only_its_statements(brp: Store) -> None:
    register(brp, make_dataset("kvk", partner="kvk"))
    load(brp, make_entity("p1", name="Jan"))
    load(brp, make_entity("c1", dataset="kvk", schema="Company", name="X BV"), dataset="kvk")
    assert brp.delete_dataset("brp_personen", steward(brp)) == 2
    assert brp.count_statements(analyst(brp)) == 2
    assert brp.find_entities(analyst(brp), "Jan") == []


def test_quarantine_keeps_file_line_field_and_reason(brp: Store) -> None:
    record = QuarantineRecord(file="brp.csv", line=7, field="bsn", value="123", reason="11-check")
    with brp.import_run("brp_personen", "brp.csv", steward(brp)) as run:
        run.quarantine(record)
    own = steward(brp).acting_for("gegevensbeheer")
    [stored] = brp.list_quarantine(own, dataset="brp_personen")
    assert (stored.file, stored.line, stored.field, stored.value) == ("brp.csv", 7, "bsn", "123")
    assert stored.import_run == run.id
    assert brp.list_import_runs(admin(brp))[0].quarantined == 1


def test_every_read_is_audited_with_actor_purpose_and_the_ids_it_touched(brp: Store) -> None:
    load(brp, make_entity("p1", name="Jan"))
    reader = analyst(brp)
    brp.get_entity(reader, "p1")
    brp.find_entities(reader, "Jan")
    auditor = make_actor(brp, Role.AUDITOR, purpose="toezicht")
    events = [e for e in brp.list_audit_events(auditor) if e.action == "read"]
    assert [e.actor for e in events] == [reader.user, reader.user]
    assert {e.purpose for e in events} == {"riec_casus"}
    assert {e.case_ref for e in events} == {"CASE-1"}
    assert brp.audit_event_ids(auditor, events[0].id) == ["p1"]
    assert events[1].query_digest and "Jan" not in events[1].model_dump_json()
