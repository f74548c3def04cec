"""Bad deliveries and mappings: a clear message naming file, row and column; no half-writes."""

from pathlib import Path

import pytest

from tests.factories import admin
from tests.ingest.conftest import HEADER, MAPPING, ROWS, inspector, owner, reader, write_delivery
from verweven.errors import InputError
from verweven.ingest import ingest_path
from verweven.store import Store


def assert_nothing_written(store: Store) -> None:
    assert store.count_statements(reader(store)) == 0
    assert store.list_import_runs(admin(store)) == []
    assert store.list_quarantine(inspector(store)) == []


def test_wrong_delimiter_names_the_delimiter(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER.replace(";", ","), [r.replace(";", ",") for r in ROWS])
    with pytest.raises(InputError, match=r"brp.csv, line 1.*delimiter ';'"):
        ingest_path(store, delivery, owner(store))
    assert_nothing_written(store)


def test_renamed_column_is_named(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER.replace("geboortedatum", "geb_datum"), ROWS)
    with pytest.raises(InputError, match=r"missing column\(s\) geboortedatum; found .*geb_datum"):
        ingest_path(store, delivery, owner(store))
    assert_nothing_written(store)


def test_unexpected_encoding_aborts_with_line(store: Store, delivery: Path) -> None:
    rows = [ROWS[0], ROWS[1].replace("Anna", "Zoë")]
    write_delivery(delivery.parent, HEADER, rows, encoding="cp1252")
    with pytest.raises(
        InputError, match=r"line 3 \(byte 161\): byte\(s\) EB cannot be read as utf-8"
    ):
        ingest_path(store, delivery, owner(store))
    assert_nothing_written(store)


def test_truncated_last_row_is_quarantined_whole(store: Store, delivery: Path) -> None:
    csv_path = write_delivery(delivery.parent, HEADER, ROWS)
    csv_path.write_text(csv_path.read_text()[:-25])
    [report] = ingest_path(store, delivery, owner(store))
    [record] = store.list_quarantine(inspector(store))
    assert (record.line, record.field) == (3, None)
    assert "the file ends inside this row" in record.reason
    assert record.raw is not None and record.raw.startswith("1234567891")
    assert report.rows_quarantined == 1


def test_empty_file_is_refused(store: Store, delivery: Path) -> None:
    (delivery.parent / "brp.csv").write_text("")
    with pytest.raises(InputError, match=r"brp\.csv: the file is empty"):
        ingest_path(store, delivery, owner(store))
    assert_nothing_written(store)


def test_binary_file_named_csv_is_refused(store: Store, delivery: Path) -> None:
    (delivery.parent / "brp.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    with pytest.raises(InputError, match="binary content"):
        ingest_path(store, delivery, owner(store))
    assert_nothing_written(store)


def test_huge_field_is_quarantined_as_a_value(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER, [ROWS[0].replace(";Vries;", f";{'x' * 50_000};")])
    ingest_path(store, delivery, owner(store))
    [record] = store.list_quarantine(inspector(store))
    assert record.field == "geslachtsnaam"
    assert "at most 10000 characters, got 50000" in record.reason
    assert store.get_entity(reader(store), "brp_personen.person.1234567890").get("firstName") == [
        "Jan"
    ]


def test_empty_record_id_quarantines_the_row(store: Store, delivery: Path) -> None:
    write_delivery(delivery.parent, HEADER, [";" + ROWS[0].split(";", 1)[1], ROWS[1]])
    [report] = ingest_path(store, delivery, owner(store))
    [record] = store.list_quarantine(inspector(store))
    assert record.line == 2 and "record id column 'a_nummer' is empty" in record.reason
    assert report.rows == 2 and report.rows_quarantined == 1


def test_mapping_referencing_a_missing_column_is_refused(store: Store, delivery: Path) -> None:
    delivery.write_text(
        MAPPING.replace("firstName: {column: voornamen}", "firstName: {column: roepnaam}")
    )
    with pytest.raises(InputError, match=r"missing column\(s\) roepnaam"):
        ingest_path(store, delivery, owner(store))
    assert_nothing_written(store)


def test_mapping_with_unknown_ftm_property_is_refused(store: Store, delivery: Path) -> None:
    delivery.write_text(MAPPING.replace("firstName:", "voornaam:"))
    with pytest.raises(
        InputError, match=r"brp.yml: invalid entity mapping: Invalid property: voornaam"
    ):
        ingest_path(store, delivery, owner(store))
    assert store.list_datasets(admin(store)) == []


def test_mapping_with_unknown_validator_lists_the_known_ones(store: Store, delivery: Path) -> None:
    delivery.write_text(MAPPING.replace("validate: bsn", "validate: burgernummer"))
    with pytest.raises(InputError, match=r"columns.bsn.validate.*unknown validator 'burgernummer'"):
        ingest_path(store, delivery, owner(store))


def test_mapping_that_is_not_yaml_is_refused(store: Store, delivery: Path) -> None:
    delivery.write_text("dataset: [unclosed")
    with pytest.raises(InputError, match=r"brp\.yml: not valid YAML"):
        ingest_path(store, delivery, owner(store))


def test_folder_without_mappings_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no mapping files"):
        ingest_path(store, tmp_path, owner(store))


def test_missing_delivery_is_named(store: Store, delivery: Path) -> None:
    (delivery.parent / "brp.csv").unlink()
    with pytest.raises(InputError, match=r"brp\.csv: no such file"):
        ingest_path(store, delivery, owner(store))
    assert store.count_statements(reader(store)) == 0
