"""The multi-user backend: PostgreSQL through psycopg 3, bulk writes with COPY."""

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv

from verweven.errors import StoreError
from verweven.store.base import Store
from verweven.store.migrations import (
    POSTGRES_INDEXES,
    POSTGRES_REBUILT_INDEXES,
    postgres_index_sql,
)
from verweven.store.rows import Row
from verweven.store.runs import ImportRun

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
FETCH_BATCH = 10_000
MERGE_WORK_MEM = "256MB"
INDEX_BUILD_MEMORY = "1GB"
# A run that adds at least this share of the statements already stored rebuilds the lookup
# indexes instead of inserting into them (see _complete_run). Measured at 1,000,000 persons on
# a stock server: inserting into both costs up to 75 s per million rows, a rebuild about 2.3 s
# per million stored, so the two cost the same near 3%.
REBUILD_SHARE = 0.03


class PostgresStore(Store):
    """A store in one schema of a PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, url: str, schema: str = "verweven") -> None:
        super().__init__()
        if not SCHEMA_NAME.match(schema):
            raise StoreError(
                f"invalid PostgreSQL schema name {schema!r}: use lowercase a-z, 0-9, _"
            )
        self.schema = schema
        self._url = url
        try:
            self._con = psycopg.connect(url, autocommit=True)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to PostgreSQL at {redact(url)}: {error}") from None
        self._con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        self._con.execute(f"SET search_path TO {schema}")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._con.cursor() as cursor:
            cursor.execute(to_pyformat(sql), list(params) or None)
            return cursor.rowcount

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._con.cursor() as cursor:
            cursor.execute(to_pyformat(sql), list(params) or None)
            return cursor.fetchall()

    def _iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A server-side cursor on a connection of its own: memory stays bounded, and audited
        # writes on the main connection do not disturb the stream.
        with (
            psycopg.connect(self._url, options=f"-c search_path={self.schema}") as con,
            con.cursor(name="verweven_stream") as cursor,
        ):
            cursor.itersize = FETCH_BATCH
            cursor.execute(to_pyformat(sql), list(params) or None)
            yield from cursor

    @contextmanager
    def _staged(self, batch: pa.Table) -> Iterator[None]:
        self._execute("DROP TABLE IF EXISTS staging")
        self._create_temp_table("staging", batch.schema)
        self._copy("staging", batch)
        self._execute("ANALYZE staging")
        try:
            yield
        finally:
            self._execute("DROP TABLE IF EXISTS staging")

    def _stage_run_batch(self, run: ImportRun, table: pa.Table) -> None:
        # A run's statements wait in a temporary table (no index, no WAL) and are merged once,
        # in id order: merged batch by batch, every batch updated the id index at random pages,
        # which costs more the larger the store grows.
        first = run.staged_rows
        table = table.append_column("seq", pa.array(range(first, first + table.num_rows)))
        if first == 0:
            self._create_temp_table("run_staging", table.schema, "ON COMMIT DROP")
        self._copy("run_staging", table)

    def _complete_run(self, run: ImportRun) -> None:
        if not run.staged_rows:
            return
        self._execute("ANALYZE run_staging")
        # The merge sorts the whole run; the memory is the transaction's only.
        self._execute(f"SET LOCAL work_mem = '{MERGE_WORK_MEM}'")
        # Every row inserted into an index in random key order reads and writes one of its pages;
        # once the index outgrows the server's buffers that is an 8 kB read and write per row
        # (at 1,000,000 persons a 26.7M-statement run wrote 900 MB/s for 13 minutes and did not
        # finish). Building an index anew is one sort. The drop is part of the run's
        # transaction, so a failed run keeps the indexes; until it commits, readers wait.
        rebuild = run.staged_rows >= REBUILD_SHARE * self._stored_statements_estimate()
        if rebuild:
            for name in POSTGRES_REBUILT_INDEXES:
                self._execute(f"DROP INDEX {name}")
        run.merge("run_staging", whole_run=True)
        if rebuild:
            self._execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            for name in POSTGRES_REBUILT_INDEXES:
                self._execute(postgres_index_sql(name))
            # Without column statistics the planner took the id of a later run's merge for a
            # value shared by many rows and scanned the whole table (53 s for 28,528
            # statements at 1,000,000 persons); autovacuum had not analysed it between runs.
            self._execute("ANALYZE statements")

    def _stored_statements_estimate(self) -> float:
        # The planner's row count (kept by index builds and autovacuum) is close enough here.
        [(rows,)] = self._fetchall(
            "SELECT reltuples FROM pg_class WHERE oid = 'statements'::regclass"
        )
        return max(float(rows), 0.0)

    def _create_temp_table(self, name: str, schema: pa.Schema, options: str = "") -> None:
        definitions = ", ".join(f"{f.name} {postgres_type(f.type)}" for f in schema)
        self._execute(f"CREATE TEMP TABLE {name} ({definitions}) {options}")

    def _copy(self, table: str, batch: pa.Table) -> None:
        """Append ``batch`` to ``table`` (columns by name) with COPY."""
        # Arrow writes the batch as CSV in C (NULL unquoted, empty text quoted), which COPY reads
        # far faster than rows converted one by one in Python.
        buffer = io.BytesIO()
        pa_csv.write_csv(batch, buffer, pa_csv.WriteOptions(include_header=False))
        columns = ", ".join(batch.column_names)
        with (
            self._con.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy,
        ):
            copy.write(buffer.getbuffer())

    def _fetch_arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._con.cursor() as cursor:
            cursor.execute(to_pyformat(sql), list(params) or None)
            names = [column.name for column in cursor.description or []]
            rows = cursor.fetchall()
        return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})

    def _after_migrate(self) -> None:
        for name in POSTGRES_INDEXES:
            self._execute(postgres_index_sql(name))

    def _take_turns(self, table: str) -> None:
        self._execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")

    def close(self) -> None:
        self._con.close()

    def drop_schema(self) -> None:
        """Remove this store's schema and everything in it (tests and decommissioning)."""
        self._con.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def to_pyformat(sql: str) -> str:
    """Our SQL uses ``?`` placeholders (DuckDB's); psycopg wants ``%s``."""
    return sql.replace("%", "%%").replace("?", "%s")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def postgres_type(arrow_type: pa.DataType) -> str:
    """The PostgreSQL column type for an Arrow type of a staged batch."""
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP"
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE PRECISION"
    return "TEXT"
