"""Ingest's own guarantees beyond the corpus: a whole delivery at once (--atomic), rows that do
not add up fail the run, a stray quote far from its end, the issue's 10 MB record id."""

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.factories import admin, analyst, delivering
from tests.ingest.corpus.deliveries import (
    TRANSACTION_COLUMNS,
    brp_mapping,
    brp_rows,
    csv_text,
    transaction_rows,
    transactions_mapping,
)
from verweven.errors import InputError, ReconciliationError
from verweven.ingest import ingest_path, load_mapping
from verweven.ingest.archive import DeliveryFile
from verweven.ingest.csvfile import MAX_RECORD_LINES
from verweven.ingest.mapper import Mapper
from verweven.ingest.parallel import MappedChunk, MappingPool
from verweven.ingest.rows import Row
from verweven.ingest.run import ingest_file
from verweven.store import Store


def two_deliveries(folder: Path, broken_second: bool) -> Path:
    """A folder of two mappings (a_brp, b_transacties); the second delivery may be empty."""
    (folder / "brp.csv").write_text(csv_text(brp_rows()), encoding="utf-8")
    (folder / "a_brp.yml").write_text(brp_mapping(path="brp.csv"), encoding="utf-8")
    text = "" if broken_second else csv_text(transaction_rows(), TRANSACTION_COLUMNS)
    (folder / "transacties.csv").write_text(text, encoding="utf-8")
    # One partner's delivery of two files (an atomic delivery is one steward's).
    transactions = transactions_mapping(path="transacties.csv").replace(
        "bank_voorbeeld", "gemeente_brp"
    )
    (folder / "b_transacties.yml").write_text(transactions)
    return folder


def test_an_atomic_delivery_with_a_bad_file_imports_nothing(store: Store, tmp_path: Path) -> None:
    folder = two_deliveries(tmp_path, broken_second=True)
    with pytest.raises(InputError, match="nothing of this delivery was imported"):
        ingest_path(store, folder, delivering(store, folder), atomic=True)
    assert store.list_import_runs(admin(store)) == []
    assert store.count_statements(analyst(store)) == 0


def test_without_atomic_the_files_before_a_bad_one_stay(store: Store, tmp_path: Path) -> None:
    folder = two_deliveries(tmp_path, broken_second=True)
    with pytest.raises(InputError, match=r"each file is atomic on its own.*brp\.csv"):
        ingest_path(store, folder, delivering(store, folder))
    assert [run.dataset for run in store.list_import_runs(admin(store))] == ["brp_personen"]


def test_an_atomic_delivery_lands_whole(store: Store, tmp_path: Path) -> None:
    reports = ingest_path(
        store, two_deliveries(tmp_path, False), delivering(store, tmp_path), atomic=True
    )
    assert [r.rows_imported for r in reports] == [10, 5]
    assert len(store.list_import_runs(admin(store))) == 2


class LosingPool(MappingPool):
    """A pool with the kind of bug reconciliation exists for: it loses one mapped row."""

    def iter_mapped(
        self, mapper: Mapper, rows: Iterable[Row], large: bool, name: str = ""
    ) -> Iterator[MappedChunk]:
        for chunk in super().iter_mapped(mapper, rows, large, name):
            yield MappedChunk(chunk.records[1:], chunk.statements)


def test_rows_that_do_not_add_up_fail_the_run(store: Store, tmp_path: Path) -> None:
    (tmp_path / "brp.csv").write_text(csv_text(brp_rows()), encoding="utf-8")
    (tmp_path / "brp.yml").write_text(brp_mapping(path="brp.csv"), encoding="utf-8")
    mapping = load_mapping(tmp_path / "brp.yml")
    owner = delivering(store, tmp_path / "brp.yml")
    store.register_dataset(mapping.dataset, owner)
    delivered = DeliveryFile("brp.csv", tmp_path / "brp.csv")
    with pytest.raises(ReconciliationError, match="the reader gave 10 rows, 9 came back"):
        ingest_file(store, Mapper(mapping), delivered, owner, LosingPool(workers=1))
    assert (
        store.list_import_runs(admin(store)) == [] and store.count_statements(analyst(store)) == 0
    )


def test_a_stray_quote_far_from_the_end_costs_one_row(store: Store, tmp_path: Path) -> None:
    rows = brp_rows(3 * MAX_RECORD_LINES)
    rows[2]["voornamen"] = '"Bertje'
    (tmp_path / "brp.csv").write_text(csv_text(rows), encoding="utf-8")
    (tmp_path / "brp.yml").write_text(brp_mapping(path="brp.csv"), encoding="utf-8")
    [report] = ingest_path(store, tmp_path / "brp.yml", delivering(store, tmp_path / "brp.yml"))
    assert (report.rows, report.rows_imported, report.rows_quarantined) == (150, 149, 1)
    [record] = store.list_quarantine(
        delivering(store, tmp_path / "brp.yml").acting_for("gegevensbeheer")
    )
    assert record.line == 4 and record.raw is not None and '"Bertje' in record.raw


def test_a_ten_megabyte_record_id_is_refused_with_its_raw_row(store: Store, tmp_path: Path) -> None:
    rows = brp_rows()
    rows[1]["a_nummer"] = "9" * 10_000_000
    (tmp_path / "brp.csv").write_text(csv_text(rows), encoding="utf-8")
    (tmp_path / "brp.yml").write_text(brp_mapping(path="brp.csv"), encoding="utf-8")
    [report] = ingest_path(store, tmp_path / "brp.yml", delivering(store, tmp_path / "brp.yml"))
    assert (report.rows_imported, report.rows_quarantined) == (9, 1)
    [record] = store.list_quarantine(
        delivering(store, tmp_path / "brp.yml").acting_for("gegevensbeheer")
    )
    assert "10,000,000 characters" in record.reason
    assert record.raw is not None and len(record.raw) > 10_000_000 and "Vries" in record.raw
