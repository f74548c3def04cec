"""The embedded default backend: one DuckDB file, no server, works offline."""

import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from verweven.errors import ResourceError, StoreError, StoreLockedError
from verweven.settings import get_settings
from verweven.store.base import Store
from verweven.store.rows import STORED_COLUMNS, Row

log = logging.getLogger(__name__)
FETCH_BATCH = 50_000
REWRITE_FROM = 1_000_000  # changed canonical ids from which the statements table is rewritten


def working_connection(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, in memory unless a store file is given (working tables: records,
    graphs, figures). Its progress bar is off: DuckDB draws it on stdout for any query over
    two seconds, into the user's output."""
    con = duckdb.connect(path)
    con.execute("SET enable_progress_bar = false")
    return con


@contextmanager
def scratch_connection(memory_limit: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory working connection whose tables, beyond ``memory_limit`` (default:
    ``duckdb_memory_limit()``), spill to a temporary folder removed afterwards: resolving or
    building the network of a national region holds tens of millions of rows. (In memory
    rather than on a file: as fast as a plain working connection while the data fits; a file
    made the demo's network build twice as slow.)"""
    with tempfile.TemporaryDirectory(prefix="verweven-work-") as folder:
        con = working_connection()
        try:
            con.execute("SET memory_limit = ?", [memory_limit or duckdb_memory_limit()])
            con.execute("SET temp_directory = ?", [folder])
            yield con
        finally:
            con.close()


def sql_text(value: str) -> str:
    """A SQL string literal (single quotes doubled), for statements that take no parameters."""
    return "'" + value.replace("'", "''") + "'"


def duckdb_memory_limit() -> str:
    """The ``duckdb_memory`` setting, else a quarter of physical memory. DuckDB's own default
    (80%) is too much when the store and a working database share one process with Arrow
    tables, Splink and igraph: at 1,000,000 persons that process was killed at 23.5 GB."""
    if setting := get_settings().duckdb_memory:
        return setting
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(physical // 4 // 2**20, 256)}MB"


def query_arrow(con: duckdb.DuckDBPyConnection, sql: str, **tables: pa.Table) -> pa.Table:
    """The result of ``sql`` as Arrow, with ``tables`` visible to it under their keyword names
    for this one query."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        return con.sql(sql).to_arrow_table()
    finally:
        for name in tables:
            con.unregister(name)


def create_table(
    con: duckdb.DuckDBPyConnection, name: str, data: pa.Table | pa.RecordBatchReader
) -> None:
    """Table ``name`` in ``con`` (replacing one of that name) holding ``data``; a batch stream
    is read once, batch by batch, so it never sits in Python memory whole."""
    con.register("create_table_input", data)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM create_table_input")
    finally:
        con.unregister("create_table_input")


class DuckDBStore(Store):
    """A store in a single DuckDB file (or in memory for ``:memory:``)."""

    dialect = "duckdb"

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self._closed = False
        if path != ":memory:" and not Path(path).parent.exists():
            raise StoreError(
                f"cannot create store {path}: folder {Path(path).parent} does not exist"
            )
        try:
            self._con = self._connect(path)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise StoreLockedError(
                    f"the store {path} is in use by another verweven process; "
                    "wait for it to finish (DuckDB allows one writer per file)"
                ) from None
            raise StoreError(f"cannot open store {path}: {error}") from None
        except duckdb.Error as error:
            raise StoreError(f"cannot open store {path}: {error}") from None

    @staticmethod
    def _connect(path: str) -> duckdb.DuckDBPyConnection:
        con = working_connection(path)
        # Ingest and bulk reads spill beyond it (a 20,000-person ingest ran as fast in 150 MB).
        con.execute("SET memory_limit = ?", [duckdb_memory_limit()])
        return con

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        result = self._con.execute(sql, list(params))
        if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            row = result.fetchone()
            return int(row[0]) if row else 0
        return -1

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._con.execute(sql, list(params)).fetchall()

    def _iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A cursor of its own, so that audited writes during iteration do not reset the stream.
        cursor = self._con.cursor()
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(FETCH_BATCH):
                yield from rows
        finally:
            cursor.close()

    @contextmanager
    def _staged(self, batch: pa.Table) -> Iterator[None]:
        # DuckDB scans the Arrow table in place: no copy into a staging table at all.
        self._con.register("staging", batch)
        try:
            yield
        except BaseException:
            # After a failed write DuckDB refuses everything until ROLLBACK, unregistering too:
            # that error must not hide the one that made the write fail (a full disk).
            with suppress(duckdb.Error):
                self._con.unregister("staging")
            raise
        self._con.unregister("staging")

    def _fetch_arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        return self._con.sql(sql, params=list(params)).to_arrow_table()

    def _stream_arrow(
        self, sql: str, params: Sequence[Any], schema: pa.Schema, batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        # A cursor of its own, as in _iter_rows; DuckDB produces the batches lazily.
        cursor = self._con.cursor()
        try:
            yield from cursor.sql(sql, params=list(params)).to_arrow_reader(batch_size)
        finally:
            cursor.close()

    def _write_canonical_ids(self) -> int:
        # DuckDB keeps an update's old values in memory until commit, and cannot spill them:
        # at 1,000,000 persons (tens of millions of changed statements) UPDATE ran out of
        # memory. Beyond REWRITE_FROM changes the table is rewritten instead, in the same
        # transaction: a bulk insert, which DuckDB writes to disk as it goes.
        new = "coalesce(c.canonical_id, s.entity_id)"
        joined = "FROM statements s LEFT JOIN canonical_ids c ON c.entity_id = s.entity_id"
        [(changed,)] = self._fetchall(f"SELECT count(*) {joined} WHERE s.canonical_id <> {new}")
        if changed < REWRITE_FROM:
            return super()._write_canonical_ids()
        [(definition,)] = self._fetchall(
            "SELECT sql FROM duckdb_tables() WHERE table_name = 'statements' "
            "AND schema_name = current_schema()"
        )
        columns = ", ".join(new if c == "canonical_id" else f"s.{c}" for c in STORED_COLUMNS)
        self._execute(definition.replace("statements", "statements_next", 1))
        self._execute(f"INSERT INTO statements_next SELECT {columns} {joined}")
        self._execute("DROP TABLE statements")
        self._execute("ALTER TABLE statements_next RENAME TO statements")
        return int(changed)

    def _compact(self) -> None:
        # DuckDB leaves deleted rows' bytes in freed blocks (CHECKPOINT and VACUUM included),
        # so the database is copied into a fresh file that replaces the old one: after a
        # purge no byte of a purged value remains in the store file. A crash before the
        # replace leaves the old file as it was.
        if self.path == ":memory:":
            return
        [(name,)] = self._fetchall("SELECT current_database()")
        fresh = Path(f"{self.path}.compact")
        fresh.unlink(missing_ok=True)
        self._con.execute(f"ATTACH {sql_text(str(fresh))} AS verweven_compact")
        self._con.execute(f'COPY FROM DATABASE "{name}" TO verweven_compact')
        self._con.execute("DETACH verweven_compact")
        self._con.close()
        fresh.replace(self.path)
        Path(f"{self.path}.wal").unlink(missing_ok=True)
        self._con = self._connect(self.path)

    def _after_migrate(self) -> None:
        pass

    def _take_turns(self, table: str) -> None:
        pass  # one writer per DuckDB file: writes are already serialised

    def _beside_store(self, suffix: str) -> Path | None:
        return None if self.path == ":memory:" else Path(f"{self.path}{suffix}")

    def _resource_error(self, error: BaseException) -> ResourceError | None:
        # The cause may sit behind the error that surfaced (DuckDB's "transaction is aborted").
        cause: BaseException | None = error
        while cause is not None:
            if isinstance(cause, duckdb.IOException | duckdb.OutOfMemoryException):
                return ResourceError(
                    f"the store {self.path} could not be written: {str(cause).strip()} — "
                    "nothing of this run was written; free disk space (or memory: see "
                    "VERWEVEN_DUCKDB_MEMORY) and run it again"
                )
            cause = cause.__cause__ or cause.__context__
        return None

    def close(self) -> None:
        """Seal the audit log (the one user's log is sealed after every command) and close."""
        if self._closed:
            return
        try:
            self._seal_on_close()
        except duckdb.Error as error:
            log.warning("the audit log was not sealed: %s", error)
        finally:
            self._closed = True
            try:
                self._con.close()  # checkpoints the write-ahead log into the file
            except duckdb.Error as error:
                raise self._resource_error(error) or StoreError(
                    f"cannot close the store {self.path}: {error}"
                ) from error

    def describe(self) -> str:
        return "duckdb:" + (
            self.path if self.path == ":memory:" else str(Path(self.path).resolve())
        )
