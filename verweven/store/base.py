"""The store interface and the SQL both backends share.

Backends supply a handful of hooks (execute, fetch, stream, bulk load); everything a user of the
store can do — and every access check and audit event — is written once, here.
"""

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pyarrow as pa
from followthemoney.statement import StatementEntity

from verweven.access import Reader, visible_datasets
from verweven.audit import GENESIS_HASH, AuditAction, AuditEvent, chain_hash
from verweven.errors import NotFoundError
from verweven.model import Dataset, Judgement, Statement, Verdict, iter_assembled
from verweven.store.migrations import LATEST_VERSION, MIGRATIONS
from verweven.store.records import ImportRunSummary, QuarantineRecord
from verweven.store.rows import (
    AUDIT_COLUMNS,
    DATASET_COLUMNS,
    SELECT_STATEMENTS,
    Row,
    audit_event_from_row,
    dataset_from_row,
    schema_with_descendants,
    statement_from_row,
    utc_now,
)
from verweven.store.runs import ImportRun, first_occurrences

JUDGEMENT_COLUMNS = "id, left_id, right_id, verdict, reason, author, created_at, withdraws"


STREAM_BATCH = 100_000
STATEMENT_TABLE_COLUMNS = (
    "id", "entity_id", "canonical_id", "schema", "prop", "prop_type", "value", "dataset",
)  # fmt: skip


class Store(ABC):
    """Statements with provenance, datasets, import runs, quarantine and the audit log."""

    dialect: str = ""

    def __init__(self) -> None:
        self._in_transaction = False
        self._dataset_cache: dict[str, Dataset] | None = None

    # ---- backend hooks -------------------------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return the number of rows it changed (or -1)."""

    @abstractmethod
    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return all rows."""

    @abstractmethod
    def _iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Run a query and stream its rows in batches."""

    @abstractmethod
    @contextmanager
    def _staged(self, batch: pa.Table) -> Iterator[None]:
        """Expose ``batch`` as the relation ``staging`` (via the engine's bulk interface)."""

    @abstractmethod
    def _fetch_arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """Run a query and return its result as one Arrow table."""

    def _stage_run_batch(self, run: ImportRun, table: pa.Table) -> None:
        """Stage one batch of an import run; by default it is merged at once."""
        with self._staged(first_occurrences(table)):
            run.merge("staging", whole_run=False)

    def _complete_run(self, run: ImportRun) -> None:
        """Merge what ``_stage_run_batch`` kept back until the end of the run."""
        return  # the default merged every batch at once

    def _insert_arrow(self, table: str, data: pa.Table) -> None:
        """Append an Arrow table to ``table`` (columns by name) via the bulk interface."""
        columns = ", ".join(data.column_names)
        with self._staged(data):
            self._execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM staging")

    @abstractmethod
    def _after_migrate(self) -> None:
        """Backend-specific DDL after the shared migrations (e.g. indexes)."""

    @abstractmethod
    def _take_turns(self, table: str) -> None:
        """Make concurrent writers of ``table`` wait for this transaction (readers do not)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and, for DuckDB, the file lock)."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing; re-entrant so that audited reads can happen inside an import run."""
        if self._in_transaction:
            yield
            return
        self._execute("BEGIN")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            self._execute("ROLLBACK")
            self._dataset_cache = None
            raise
        self._in_transaction = False
        self._execute("COMMIT")

    # ---- schema -----------------------------------------------------------------------------

    def migrate(self) -> int:
        """Bring the tables to the latest schema version; return that version."""
        with self._transaction():
            self._execute(MIGRATIONS[0][0])
            current = self.schema_version()
            for version in range(current + 1, LATEST_VERSION + 1):
                for sql in MIGRATIONS[version - 1]:
                    self._execute(sql)
                self._execute("INSERT INTO schema_version VALUES (?, ?)", (version, utc_now()))
            self._after_migrate()
        return LATEST_VERSION

    def schema_version(self) -> int:
        """The schema version of this store (0 for an empty one)."""
        rows = self._fetchall("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    # ---- datasets -----------------------------------------------------------------------------

    def register_dataset(self, dataset: Dataset, actor: Reader) -> None:
        """Add or update a dataset's registry entry (partner, legal basis, purposes, ...)."""
        basis = dataset.legal_basis
        with self._transaction():
            self._execute("DELETE FROM datasets WHERE name = ?", (dataset.name,))
            self._execute(
                f"INSERT INTO datasets ({DATASET_COLUMNS}, registered_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    dataset.name,
                    dataset.partner,
                    dataset.title,
                    basis.article,
                    basis.text,
                    list(dataset.purposes),
                    dataset.retention_days,
                    dataset.sensitivity.value,
                    dataset.delivered_at,
                    utc_now(),
                ),
            )
            self._audit(actor, AuditAction.REGISTER_DATASET, dataset.name, basis.article)
        self._dataset_cache = None

    def list_datasets(self) -> list[Dataset]:
        """Every registered dataset, by name."""
        return sorted(self._datasets().values(), key=lambda d: d.name)

    def get_dataset(self, name: str) -> Dataset:
        """One dataset's registry entry; NotFoundError if it was never registered."""
        try:
            return self._datasets()[name]
        except KeyError:
            raise NotFoundError(f"no dataset named {name!r} is registered") from None

    def _datasets(self) -> dict[str, Dataset]:
        if self._dataset_cache is None:
            rows = self._fetchall(f"SELECT {DATASET_COLUMNS} FROM datasets")
            self._dataset_cache = {row[0]: dataset_from_row(row) for row in rows}
        return self._dataset_cache

    def _visible(self, reader: Reader) -> list[str]:
        """The one place where purpose limitation is applied to reads."""
        return visible_datasets(reader, self._datasets().values())

    # ---- writes -------------------------------------------------------------------------------

    @contextmanager
    def import_run(
        self, dataset: str, source: str, actor: Reader, observed_at: datetime | None = None
    ) -> Iterator["ImportRun"]:
        """An atomic import: everything written inside the block lands together, or nothing."""
        registered = self.get_dataset(dataset)
        with self._transaction():
            # A run that rebuilds indexes needs the statements table to itself, and two runs
            # upgrading their locks at once would deadlock: runs of one store take turns.
            self._take_turns("import_runs")
            run = ImportRun(self, registered, source, observed_at or utc_now())
            yield run
            run.finish()
            self._audit(actor, AuditAction.IMPORT, dataset, f"run={run.id} source={source}")

    def delete_dataset(self, name: str, actor: Reader) -> int:
        """Delete every statement and quarantined record of a dataset (retention); return count."""
        self.get_dataset(name)
        with self._transaction():
            deleted = self._execute("DELETE FROM statements WHERE dataset = ?", (name,))
            self._execute("DELETE FROM quarantine WHERE dataset = ?", (name,))
            self._audit(actor, AuditAction.DELETE_DATASET, name, f"statements={deleted}")
        return deleted

    # ---- reads (every one takes a reader and is audited) ---------------------------------------

    def get_entity(self, reader: Reader, entity_id: str) -> StatementEntity:
        """One entity assembled from the statements this reader may see."""
        entities = self.get_entities(reader, [entity_id])
        if not entities:
            raise NotFoundError(f"no entity {entity_id!r} is visible for purpose {reader.purpose}")
        return entities[0]

    def get_entities(self, reader: Reader, entity_ids: Sequence[str]) -> list[StatementEntity]:
        """Entities by canonical id, in id order; ids that are not visible are left out."""
        ids = sorted(set(entity_ids))
        self._audit(reader, AuditAction.READ_ENTITY, ",".join(ids[:20]), f"count={len(ids)}")
        stream = self._iter_statements(
            "canonical_id = ANY(?) AND dataset = ANY(?)", (ids, self._visible(reader))
        )
        return list(iter_assembled(stream))

    def iter_entities(self, reader: Reader, schema: str | None = None) -> Iterator[StatementEntity]:
        """Stream every visible entity (of a schema and its descendants), by canonical id."""
        visible = self._visible(reader)
        self._audit(reader, AuditAction.ITERATE_ENTITIES, schema or "*")
        if schema is None:
            yield from iter_assembled(self._iter_statements("dataset = ANY(?)", (visible,)))
            return
        schemata = schema_with_descendants(schema)
        where = (
            "dataset = ANY(?) AND canonical_id IN (SELECT canonical_id FROM statements "
            "WHERE schema = ANY(?) AND dataset = ANY(?))"
        )
        yield from iter_assembled(self._iter_statements(where, (visible, schemata, visible)))

    def find_entities(self, reader: Reader, value: str, prop: str | None = None) -> list[str]:
        """Canonical ids of visible entities with this exact value (in ``prop``, if given)."""
        visible = self._visible(reader)
        self._audit(reader, AuditAction.FIND_ENTITIES, value, prop or "*")
        sql = "SELECT DISTINCT canonical_id FROM statements WHERE value = ? AND dataset = ANY(?)"
        params: list[Any] = [value, visible]
        if prop is not None:
            sql += " AND prop = ?"
            params.append(prop)
        return sorted(row[0] for row in self._fetchall(sql + " ORDER BY 1", params))

    def get_statements(self, reader: Reader, entity_id: str) -> list[Statement]:
        """Every visible statement about one canonical entity, with its provenance."""
        self._audit(reader, AuditAction.READ_STATEMENTS, entity_id)
        stream = self._iter_statements(
            "canonical_id = ? AND dataset = ANY(?)", (entity_id, self._visible(reader))
        )
        return list(stream)

    def count_statements(self, reader: Reader) -> int:
        """How many statements this reader may see (no personal data, so not audited)."""
        rows = self._fetchall(
            "SELECT count(*) FROM statements WHERE dataset = ANY(?)", (self._visible(reader),)
        )
        return int(rows[0][0])

    def _iter_statements(self, where: str, params: Sequence[Any]) -> Iterator[Statement]:
        sql = (
            f"SELECT {SELECT_STATEMENTS} FROM statements WHERE {where} "
            "ORDER BY canonical_id, entity_id, prop, value, dataset"
        )
        for row in self._iter_rows(sql, params):
            yield statement_from_row(row)

    # ---- resolution: record tables, canonical ids, judgements --------------------------------

    def read_statement_table(
        self,
        reader: Reader,
        schemata: Sequence[str],
        props: Sequence[str] | None = None,
        ordered: bool = True,
        columns: Sequence[str] = STATEMENT_TABLE_COLUMNS,
    ) -> pa.Table:
        """Visible statements of entities of these schemata as Arrow columns (by default id,
        entity_id, canonical_id, schema, prop, prop_type, value, dataset): the bulk input of
        linkage, graphs and signals. ``ordered=False`` skips sorting by entity, property and
        value (a reader that groups anyway saves sorting millions of rows); a reader that needs
        fewer ``columns`` saves their memory (tens of millions of rows in a large region)."""
        sql, params = self._statement_query(reader, schemata, props, columns, "statement table")
        return self._fetch_arrow(
            sql + (" ORDER BY entity_id, prop, value" if ordered else ""), params
        )

    def read_statement_batches(
        self,
        reader: Reader,
        schemata: Sequence[str],
        props: Sequence[str] | None = None,
        columns: Sequence[str] = STATEMENT_TABLE_COLUMNS,
    ) -> pa.RecordBatchReader:
        """The statements ``read_statement_table`` would give, unordered, as a stream of Arrow
        batches (every column a string): for readers that load a national region into a
        working table of their own and must not hold it in memory twice. Audited at the call,
        like the table read."""
        sql, params = self._statement_query(reader, schemata, props, columns, "statement stream")
        schema = pa.schema([(name, pa.string()) for name in columns])
        return pa.RecordBatchReader.from_batches(
            schema,
            (batch.cast(schema) for batch in self._stream_arrow(sql, params, schema, STREAM_BATCH)),
        )

    def _statement_query(
        self,
        reader: Reader,
        schemata: Sequence[str],
        props: Sequence[str] | None,
        columns: Sequence[str],
        detail: str,
    ) -> tuple[str, list[Any]]:
        """The audited, purpose-bound query of the bulk statement reads."""
        unknown = set(columns) - set(STATEMENT_TABLE_COLUMNS)
        if unknown:
            raise ValueError(f"not statement table columns: {sorted(unknown)}")
        self._audit(reader, AuditAction.ITERATE_ENTITIES, ",".join(schemata), detail)
        sql = (
            f"SELECT {', '.join(columns)} "
            "FROM statements WHERE schema = ANY(?) AND dataset = ANY(?)"
        )
        params: list[Any] = [list(schemata), self._visible(reader)]
        if props is not None:
            sql += " AND prop = ANY(?)"
            params.append(list(props))
        return sql, params

    def _stream_arrow(
        self, sql: str, params: Sequence[Any], schema: pa.Schema, batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        """The rows of ``sql`` as Arrow batches of ``batch_size`` rows, in bounded memory
        (backends may do better)."""
        rows: list[Row] = []
        for row in self._iter_rows(sql, params):
            rows.append(row)
            if len(rows) == batch_size:
                yield _record_batch(rows, schema)
                rows = []
        if rows:
            yield _record_batch(rows, schema)

    def apply_canonical_ids(self, mapping: pa.Table, actor: Reader) -> int:
        """Replace all canonical ids: ``mapping`` has columns entity_id and canonical_id; every
        entity not in it becomes its own canonical entity again. Source values never change."""
        with self._transaction():
            self._execute("DELETE FROM canonical_ids")
            stamped = mapping.select(["entity_id", "canonical_id"]).append_column(
                "resolved_at", pa.array([utc_now()] * mapping.num_rows, pa.timestamp("us"))
            )
            self._insert_arrow("canonical_ids", stamped)
            changed = self._write_canonical_ids()
            self._audit(actor, AuditAction.RESOLVE, "canonical_ids", f"records={mapping.num_rows}")
        return changed

    def _write_canonical_ids(self) -> int:
        """Set every statement's canonical id from table ``canonical_ids`` (its entity id when
        not there); return how many changed. Only statements whose canonical id changes are
        written: a rerun that decides (nearly) the same clusters rewrites (nearly) nothing."""
        changed = self._execute(
            "UPDATE statements SET canonical_id = entity_id WHERE canonical_id <> entity_id "
            "AND NOT EXISTS (SELECT 1 FROM canonical_ids c "
            "WHERE c.entity_id = statements.entity_id)"
        )
        return changed + self._execute(
            "UPDATE statements SET canonical_id = c.canonical_id FROM canonical_ids c "
            "WHERE statements.entity_id = c.entity_id "
            "AND statements.canonical_id <> c.canonical_id"
        )

    def add_judgement(
        self, left_id: str, right_id: str, verdict: Verdict, reason: str, actor: Reader
    ) -> Judgement:
        """Record a reviewer's decision about a pair of records (append-only)."""
        judgement = Judgement(
            id=uuid.uuid4().hex,
            left_id=left_id,
            right_id=right_id,
            verdict=verdict,
            reason=reason,
            author=actor.user,
            created_at=utc_now(),
        )
        with self._transaction():
            self._execute(
                f"INSERT INTO judgements ({JUDGEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                (*judgement.model_dump(exclude={"withdrawn_at", "withdrawn_by"}).values(),),
            )
            self._audit(actor, AuditAction.JUDGE, f"{left_id}|{right_id}", verdict.value)
        return judgement

    def withdraw_judgement(self, judgement_id: str, reason: str, actor: Reader) -> None:
        """Withdraw a judgement by appending a withdrawal record; nothing is deleted."""
        active = {j.id: j for j in self.list_judgements()}
        if judgement_id not in active:
            raise NotFoundError(f"no active judgement with id {judgement_id!r}")
        original = active[judgement_id]
        with self._transaction():
            self._execute(
                f"INSERT INTO judgements ({JUDGEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uuid.uuid4().hex,
                    original.left_id,
                    original.right_id,
                    "withdrawn",
                    reason,
                    actor.user,
                    utc_now(),
                    judgement_id,
                ),
            )
            self._audit(actor, AuditAction.JUDGE, judgement_id, "withdrawn")

    def list_judgements(self, include_withdrawn: bool = False) -> list[Judgement]:
        """Judgements in the order they were made; withdrawn ones only if asked for."""
        rows = self._fetchall(f"SELECT {JUDGEMENT_COLUMNS} FROM judgements ORDER BY created_at, id")
        withdrawals = {row[7]: (row[6], row[5]) for row in rows if row[7] is not None}
        judgements = []
        for jid, left, right, verdict, reason, author, created, _ in rows:
            if verdict == "withdrawn":
                continue
            when, who = withdrawals.get(jid, (None, None))
            if when is not None and not include_withdrawn:
                continue
            judgements.append(
                Judgement(
                    id=jid,
                    left_id=left,
                    right_id=right,
                    verdict=Verdict(verdict),
                    reason=reason,
                    author=author,
                    created_at=created,
                    withdrawn_at=when,
                    withdrawn_by=who,
                )
            )
        return judgements

    # ---- operational records ------------------------------------------------------------------

    def list_import_runs(self, dataset: str | None = None) -> list[ImportRunSummary]:
        """Completed import runs, oldest first."""
        sql = (
            "SELECT id, dataset, source, started_at, finished_at, statements_written, "
            "statements_new, quarantined FROM import_runs"
        )
        params: tuple[Any, ...] = ()
        if dataset is not None:
            sql, params = sql + " WHERE dataset = ?", (dataset,)
        return [
            ImportRunSummary(*row)
            for row in self._fetchall(sql + " ORDER BY started_at, id", params)
        ]

    def list_quarantine(
        self, dataset: str | None = None, import_run: str | None = None
    ) -> list[QuarantineRecord]:
        """Refused input, by file and line."""
        sql = (
            "SELECT file, reason, line, field, value, raw, id, import_run, dataset, record_id "
            "FROM quarantine WHERE (CAST(? AS TEXT) IS NULL OR dataset = ?) "
            "AND (CAST(? AS TEXT) IS NULL OR import_run = ?)"
        )
        rows = self._fetchall(
            sql + " ORDER BY file, line, field, id", (dataset, dataset, import_run, import_run)
        )
        return [QuarantineRecord(*row) for row in rows]

    def list_audit_events(self) -> list[AuditEvent]:
        """The whole audit log in order (verify it with ``verweven.audit.verify_chain``)."""
        rows = self._fetchall(f"SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY seq")
        return [audit_event_from_row(row) for row in rows]

    def _audit(self, actor: Reader, action: AuditAction, target: str, detail: str = "") -> None:
        with self._transaction():
            self._take_turns("audit_log")  # so concurrent writers cannot fork the chain
            last = self._fetchall("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            seq, prev_hash = (last[0][0] + 1, last[0][1]) if last else (1, GENESIS_HASH)
            event = AuditEvent(
                seq=seq,
                occurred_at=utc_now(),
                actor=actor.user,
                partner=actor.partner,
                purpose=actor.purpose,
                action=action,
                target=target,
                detail=detail,
                prev_hash=prev_hash,
            )
            self._execute(
                f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*event.model_dump(exclude={"hash"}).values(), chain_hash(event, prev_hash)),
            )


def _record_batch(rows: Sequence[Row], schema: pa.Schema) -> pa.RecordBatch:
    columns = zip(*rows, strict=True)
    return pa.RecordBatch.from_arrays(
        [pa.array(column, field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )
