"""What every part of the store stands on: the engine hooks of a backend, transactions,
migrations and the dataset registry cache. Backends implement the hooks; the capabilities
(reads, imports, accounts, audit, ...) are written once, in their own modules, on top."""

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from verweven.errors import NotFoundError, ResourceError, StoreError
from verweven.model import Dataset
from verweven.store.migrations import LATEST_VERSION, MIGRATIONS
from verweven.store.rows import (
    DATASET_COLUMNS,
    INSERT_AUDIT_EVENT,
    INSERT_AUDIT_EVENT_IDS,
    Row,
    dataset_from_row,
    utc_now,
)
from verweven.store.runs import ImportRun, first_occurrences

log = logging.getLogger(__name__)


class StoreCore(ABC):
    """Engine hooks, transactions, migrations; subclassed by every capability module."""

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
        """Stage one batch of an import run; by default it is merged at once, and its ids
        are kept for the run's last_seen bookkeeping (``_complete_run``)."""
        with self._staged(first_occurrences(table)):
            run.merge("staging", whole_run=False)
            if run.dataset_had_statements:
                if not run.staged_rows:
                    self._execute("CREATE OR REPLACE TEMP TABLE run_delivered (id TEXT)")
                self._execute("INSERT INTO run_delivered SELECT id FROM staging")

    def _complete_run(self, run: ImportRun) -> None:
        """Merge what ``_stage_run_batch`` kept back until the end of the run, and keep
        last_seen (``ImportRun.record_seen``)."""
        # The default merged every batch at once; a first delivery kept no ids.
        run.record_seen("run_delivered")
        self._execute("DROP TABLE IF EXISTS run_delivered")

    def _insert_arrow(self, table: str, data: pa.Table) -> None:
        """Append an Arrow table to ``table`` (columns by name) via the bulk interface."""
        columns = ", ".join(data.column_names)
        with self._staged(data):
            self._execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM staging")

    @abstractmethod
    def _after_migrate(self) -> None:
        """Backend-specific DDL after the shared migrations (indexes, triggers)."""

    @abstractmethod
    def _take_turns(self, table: str) -> None:
        """Make concurrent writers of ``table`` wait for this transaction (readers do not)."""

    def _append_event(self, values: Sequence[Any], event_id: str, ids: bytes | None) -> None:
        """Append one audit event (``values`` in AUDIT_EVENT_COLUMNS order) and its packed
        entity ids, together or not at all. No lock: appends never wait for each other."""
        with self._transaction():
            self._execute(INSERT_AUDIT_EVENT, values)
            if ids is not None:
                self._execute(INSERT_AUDIT_EVENT_IDS, (event_id, ids))

    def _hold_sealer_lock(self) -> None:  # noqa: B027 - a hook; one process per DuckDB file
        """Make a second sealer of the audit log wait for this transaction; appends and
        reads never wait for it."""

    def _beside_store(self, suffix: str) -> Path | None:
        """A file next to an embedded store's file (its audit key, its witness); None for
        a store that has no file of its own."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and, for DuckDB, the file lock)."""

    @abstractmethod
    def describe(self) -> str:
        """Which store this is, for people and session files (never a password)."""

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
            self._in_transaction = False
            self._execute("COMMIT")
        except BaseException as error:
            self._in_transaction = False
            self._dataset_cache = None
            self._roll_back()
            failure = self._resource_error(error)
            if failure is not None:
                raise failure from error
            raise

    def _roll_back(self) -> None:
        """Undo the open transaction. The engine may already have aborted it (a failed write or
        commit): a failing ROLLBACK must not hide the error that made the run fail."""
        try:
            self._execute("ROLLBACK")
        except Exception as error:  # the engine's own classes differ per backend
            log.debug("rollback after a failed transaction: %s", error)

    def _resource_error(self, error: BaseException) -> ResourceError | None:
        """The error as a ResourceError naming its real cause (a full disk, no memory left),
        or None when it is not one; backends know their engine's errors."""
        return None

    # ---- schema -----------------------------------------------------------------------------

    def migrate(self) -> int:
        """Bring the tables to the latest schema version; return that version. An explicit
        step (``verweven init``): readers of a PostgreSQL store never run DDL."""
        with self._transaction():
            self._before_migrate()
            self._execute(MIGRATIONS[0][0])
            current = self.schema_version()
            for version in range(current + 1, LATEST_VERSION + 1):
                for sql in MIGRATIONS[version - 1]:
                    self._execute(sql)
                self._execute("INSERT INTO schema_version VALUES (?, ?)", (version, utc_now()))
            self._after_migrations()
            self._after_migrate()
        return LATEST_VERSION

    def _after_migrations(self) -> None:  # noqa: B027 - a hook; the Store fills it in
        """Rows the store needs once its tables exist (keys, the local user)."""

    def _before_migrate(self) -> None:  # noqa: B027 - a hook most backends leave empty
        """Backend-specific DDL before the migrations (e.g. the PostgreSQL schema)."""

    def schema_version(self) -> int:
        """The schema version of this store (0 for an empty one)."""
        rows = self._fetchall("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def check_schema(self) -> None:
        """Refuse a store whose tables are older than this verweven (run ``verweven init``)."""
        exists = self._fetchall(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_name = 'schema_version' AND table_schema = current_schema()"
        )
        if not exists[0][0]:
            raise StoreError(
                "this store is not initialised: run `verweven init` (as its owner) first"
            )
        version = self.schema_version()
        if version < LATEST_VERSION:
            raise StoreError(
                f"this store is at schema version {version}, verweven needs {LATEST_VERSION}: "
                "run `verweven init` (as its owner) to migrate it"
            )

    # ---- the dataset registry, as every capability needs it ----------------------------------

    def _datasets(self) -> dict[str, Dataset]:
        if self._dataset_cache is None:
            rows = self._fetchall(f"SELECT {DATASET_COLUMNS} FROM datasets")
            self._dataset_cache = {row[0]: dataset_from_row(row) for row in rows}
        return self._dataset_cache

    def refresh_registry(self) -> None:
        """Read the dataset registry afresh on next use. A long-running process (the server)
        calls this per request, so a registration made by another process — a narrowed list
        of purposes above all — takes effect at once."""
        self._dataset_cache = None

    def _dataset(self, name: str) -> Dataset:
        """One registered dataset (internal: no check, no audit); NotFoundError otherwise."""
        try:
            return self._datasets()[name]
        except KeyError:
            raise NotFoundError(f"no dataset named {name!r} is registered") from None
