"""The writer of one import run: bulk batches merged by content hash inside one transaction."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from verweven.errors import InputError
from verweven.model import Dataset, Statement, StatementRow
from verweven.settings import get_settings
from verweven.store.records import QuarantineRecord
from verweven.store.rows import STORED_COLUMNS, rows_table, run_table, statement_as_row, utc_now
from verweven.store.seen import record_run

if TYPE_CHECKING:
    from verweven.store.core import StoreCore as Store

QUARANTINE_BATCH = 10_000
QUARANTINE_SCHEMA = pa.schema(
    [
        (name, pa.int64() if name == "line" else pa.string())
        for name in (
            "id", "import_run", "dataset", "file", "line", "field", "value", "reason", "raw",
            "record_id",
        )
    ]
)  # fmt: skip
INHERIT_CANONICAL = ", ".join(
    "COALESCE(c.canonical_id, staging.canonical_id)"
    if name == "canonical_id"
    else f"staging.{name}"
    for name in STORED_COLUMNS
)
INSERT_COLUMNS = ", ".join(STORED_COLUMNS)


class ImportRun:
    """The writer of one import run; created by ``Store.import_run``, never directly."""

    def __init__(self, store: Store, dataset: Dataset, source: str, observed_at: datetime) -> None:
        self.store = store
        self.dataset = dataset
        self.source = source
        self.observed_at = observed_at
        self.started_at = utc_now()
        self.id = f"{dataset.name}-{self.started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.statements_written = 0
        self.statements_new = 0
        self.quarantined = 0
        self.staged_rows = 0
        self._refused: dict[str, dict[str, str | int | None]] = {}
        # Statement ids hash the dataset in, so only a dataset's own earlier runs can hold
        # ids this run writes again: a first delivery needs no anti-join and no last_seen
        # bookkeeping of earlier statements.
        self.dataset_had_statements = bool(
            store._fetchall("SELECT 1 FROM statements WHERE dataset = ? LIMIT 1", (dataset.name,))
        )

    def write(self, statements: Iterable[Statement], batch_size: int | None = None) -> int:
        """Stage statements of this run's dataset in bulk; they land when the run completes."""
        batch_size = batch_size or get_settings().batch_size
        iterator = iter(statements)
        tables = (
            rows_table([self._own_row(stmt) for stmt in batch])
            for batch in iter(lambda: list(islice(iterator, batch_size)), [])
        )
        return self.write_tables(tables, batch_size)

    def write_tables(self, tables: Iterable[pa.Table], batch_size: int | None = None) -> int:
        """Stage tables of statement rows (``rows_table``) of this run's dataset, merged in
        batches of about ``batch_size`` rows."""
        batch_size = batch_size or get_settings().batch_size
        written = 0
        pending: list[pa.Table] = []
        size = 0
        for table in tables:
            pending.append(table)
            size += table.num_rows
            if size >= batch_size:
                written += self._stage(pa.concat_tables(pending))
                pending, size = [], 0
        if size:
            written += self._stage(pa.concat_tables(pending))
        self.statements_written += written
        return written

    def _own_row(self, stmt: Statement) -> StatementRow:
        if stmt.dataset != self.dataset.name:
            raise InputError(
                f"statements of dataset {stmt.dataset!r} cannot be written in a run of "
                f"dataset {self.dataset.name!r}"
            )
        return statement_as_row(stmt)

    def _stage(self, batch: pa.Table) -> int:
        """Stage one batch; the store merges it now or at the end of the run (``merge``)."""
        table = run_table(batch, self.dataset.name, self.id, self.observed_at)
        self.store._stage_run_batch(self, table)
        size: int = table.num_rows
        self.staged_rows += size
        return size

    def merge(self, relation: str, whole_run: bool, target: str = "statements") -> None:
        """Add the staged statements of ``relation`` (aliased ``staging``) whose ids are new
        to ``target`` (the statements table, or the part of it that holds this dataset);
        known ids are left as they are (their last_seen is kept apart: ``record_seen``).

        Of repeated ids the first occurrence is kept. A relation of one batch holds each id
        once (``first_occurrences``) and is merged against the store, earlier batches of this
        same transaction included. A relation holding the ``whole_run`` may repeat an id (its
        ``seq`` column orders the rows) and is inserted in id order, which fills the id index
        page by page instead of at random places.
        """
        # Only the dataset's own statements can share an id with this run's.
        novel = (
            f"WHERE NOT EXISTS (SELECT 1 FROM {target} s WHERE s.dataset = ? AND s.id = staging.id)"
        )
        params: tuple[str, ...] = (self.dataset.name,)
        if whole_run and not self.dataset_had_statements:
            novel, params = "", ()  # nothing stored can have this run's ids
        first = "DISTINCT ON (staging.id)" if whole_run else ""
        order = "ORDER BY staging.id, staging.seq" if whole_run else ""
        # New statements of an already resolved record join its canonical entity.
        self.statements_new += self.store._execute(
            f"INSERT INTO {target} ({INSERT_COLUMNS}) SELECT {first} {INHERIT_CANONICAL} "
            f"FROM {relation} staging LEFT JOIN canonical_ids c ON c.entity_id = staging.entity_id "
            f"{novel} {order}",
            params,
        )

    def record_seen(self, delivered: str) -> None:
        """Keep last_seen for this run, whose statement ids are in the relation ``delivered``
        (needed only if the dataset had statements before): after the merge."""
        if self.staged_rows:  # a run that delivered nothing saw nothing
            record_run(
                self.store,
                self.dataset.name,
                self.id,
                self.observed_at,
                delivered,
                self.dataset_had_statements,
            )

    def quarantine(self, record: QuarantineRecord, position: int | None = None) -> None:
        """Keep refused input with its file, line, field and reason (written in bulk).

        The record's id hashes what was refused and where (``position``: the row's place in
        the file, which tells apart two refusals of one line), not the run: the same delivery
        again refreshes the record to this run instead of adding a copy.
        """
        fields = (record.file, record.line, record.field, record.value, record.reason, record.raw)
        key = "\x1f".join(
            str(part) for part in (self.dataset.name, position, record.record_id, *fields)
        )
        quarantine_id = hashlib.sha1(key.encode("utf-8", "backslashreplace")).hexdigest()[:16]
        self._refused[quarantine_id] = {
            "id": quarantine_id,
            "import_run": self.id,
            "dataset": self.dataset.name,
            "file": storable(record.file),
            "line": record.line,
            "field": storable(record.field),
            "value": storable(record.value),
            "reason": storable(record.reason),
            "raw": storable(record.raw),
            "record_id": storable(record.record_id),
        }
        self.quarantined += 1
        if len(self._refused) >= QUARANTINE_BATCH:
            self._write_quarantine()

    def _write_quarantine(self) -> None:
        """Upsert the refused input held back so far: one statement, not one per record (a
        hostile file may refuse hundreds of thousands of values)."""
        if not self._refused:
            return
        batch = pa.Table.from_pylist(list(self._refused.values()), QUARANTINE_SCHEMA)
        self._refused = {}
        columns = ", ".join(QUARANTINE_SCHEMA.names)
        with self.store._staged(batch):
            self.store._execute(
                f"INSERT INTO quarantine ({columns}) SELECT {columns} FROM staging "
                "ON CONFLICT (id) DO UPDATE SET import_run = excluded.import_run"
            )

    def count_quarantined(self) -> tuple[int, int]:
        """(rows, values) the store holds as refused by this run: what reconciliation checks
        the importer's own counts against."""
        self._write_quarantine()
        [(rows, values)] = self.store._fetchall(
            "SELECT count(*) FILTER (WHERE field IS NULL), count(*) FILTER (WHERE field IS NOT "
            "NULL) FROM quarantine WHERE import_run = ?",
            (self.id,),
        )
        return int(rows), int(values)

    def finish(self) -> None:
        """Merge what is still staged and record the completed run (inside the run's
        transaction)."""
        store = self.store
        self._write_quarantine()
        store._complete_run(self)
        store._execute(
            "INSERT INTO import_runs (id, dataset, source, started_at, finished_at, "
            "statements_written, statements_new, quarantined, observed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.id,
                self.dataset.name,
                self.source,
                self.started_at,
                utc_now(),
                self.statements_written,
                self.statements_new,
                self.quarantined,
                self.observed_at,
            ),
        )


def storable(text: str | None) -> str | None:
    """Text both engines can hold: NUL (which PostgreSQL refuses in text) and unpaired
    surrogates (no UTF-8 for them) are written as escapes; anything else is kept as it is."""
    if text is None or ("\x00" not in text and text.isascii()):
        return text
    escaped = text.replace("\x00", "\\x00")
    return escaped.encode("utf-8", "backslashreplace").decode("utf-8")


def first_occurrences(batch: pa.Table) -> pa.Table:
    """The rows of ``batch`` whose id has not come earlier in it."""
    positions = pa.table({"id": batch.column("id"), "i": np.arange(batch.num_rows)})
    # Grouped without threads, groups come in the order of their first row (Arrow's hash
    # aggregation, not a Python dict of every id).
    firsts = positions.group_by("id", use_threads=False).aggregate([("i", "min")])
    if firsts.num_rows == batch.num_rows:
        return batch
    keep = np.zeros(batch.num_rows, dtype=bool)
    keep[firsts.column("i_min").to_numpy()] = True
    return batch.filter(keep)
