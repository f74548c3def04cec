"""Ingest through a mapping file: entities with provenance, atomic and idempotent runs."""

from pathlib import Path

from tests.ingest.conftest import HEADER, ROWS, inspector, owner, reader, write_delivery
from verweven.ingest import ingest_path
from verweven.store import Store


def test_rows_become_linked_entities_with_readable_ids(store: Store, delivery: Path) -> None:
    [report] = ingest_path(store, delivery, owner(store))
    assert (report.rows, report.rows_quarantined, report.values_quarantined) == (2, 0, 0)
    person = store.get_entity(reader(store), "brp_personen.person.1234567890")
    assert person.get("name") == ["Jan de Vries"]
    assert person.get("birthDate") == ["1970-01-02"]
    assert person.get("addressEntity") == ["brp_personen.address.1234AB/12/A"]


def test_cell_is_kept_as_original_value(store: Store, delivery: Path) -> None:
    ingest_path(store, delivery, owner(store))
    [stmt] = [
        s
        for s in store.get_statements(reader(store), "brp_personen.person.1234567890")
        if s.prop == "birthDate"
    ]
    assert (stmt.value, stmt.original_value) == ("1970-01-02", "19700102")


def test_same_delivery_twice_changes_no_statement(store: Store, delivery: Path) -> None:
    ingest_path(store, delivery, owner(store))
    before = store.count_statements(reader(store))
    [second] = ingest_path(store, delivery, owner(store))
    assert second.statements_new == 0
    assert store.count_statements(reader(store)) == before


def test_newer_delivery_adds_and_keeps_history(store: Store, delivery: Path) -> None:
    ingest_path(store, delivery, owner(store))
    moved = ROWS[0].replace("1234 ab;12a", "5611AB;7")
    write_delivery(delivery.parent, HEADER, [moved, ROWS[1]])
    [report] = ingest_path(store, delivery, owner(store))
    assert report.statements_new > 0
    person = store.get_entity(reader(store), "brp_personen.person.1234567890")
    assert sorted(person.get("addressEntity")) == [
        "brp_personen.address.1234AB/12/A",
        "brp_personen.address.5611AB/7",
    ]


def test_invalid_identifier_is_quarantined_and_rest_of_row_kept(
    store: Store, delivery: Path
) -> None:
    write_delivery(delivery.parent, HEADER, [ROWS[0].replace("111222333", "111222334")])
    [report] = ingest_path(store, delivery, owner(store))
    [record] = store.list_quarantine(inspector(store), dataset="brp_personen")
    assert (record.line, record.field, record.value) == (2, "bsn", "111222334")
    assert "11-check" in record.reason
    person = store.get_entity(reader(store), "brp_personen.person.1234567890")
    assert person.get("idNumber") == [] and person.get("name") == ["Jan de Vries"]
    assert report.values_quarantined == 1


def test_unparseable_date_is_quarantined_with_expected_format(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER, [ROWS[0].replace("19700102", "2 jan 1970")])
    ingest_path(store, delivery, owner(store))
    [record] = store.list_quarantine(inspector(store))
    assert record.field == "geboortedatum"
    assert "%Y%m%d" in record.reason


def test_unknown_day_becomes_a_month_precision_date(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER, [ROWS[0].replace("19700102", "19700100")])
    ingest_path(store, delivery, owner(store))
    person = store.get_entity(reader(store), "brp_personen.person.1234567890")
    assert person.get("birthDate") == ["1970-01"]


def test_duplicate_rows_are_stored_once(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER, [ROWS[0], ROWS[0], ROWS[1]])
    [report] = ingest_path(store, delivery, owner(store))
    single = ingest_path(store, delivery, owner(store))[0]
    assert report.rows == 3 and single.statements_new == 0
    assert len(store.find_entities(reader(store), "Jan de Vries")) == 1
