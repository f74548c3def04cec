"""The multi-user backend: PostgreSQL through psycopg 3, bulk writes with COPY."""

import hashlib
import io
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv

from verweven.errors import ResourceError, StoreError
from verweven.store.audit_seal import sealer_lock_key
from verweven.store.base import Store
from verweven.store.migrations import POSTGRES_INDEXES, postgres_index_sql
from verweven.store.rows import INSERT_AUDIT_EVENT, INSERT_AUDIT_EVENT_IDS, Row
from verweven.store.runs import ImportRun

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# The audit log's tables: append-only (retention may replace a purged id in audit_event_ids
# by its digest, which the event's leaf already commits to).
AUDIT_TABLES = ("audit_events", "audit_event_ids", "audit_tree", "audit_checkpoints", "audit_log")
# The tables a purge deletes from (or rewrites), vacuumed afterwards.
COMPACTED_TABLES = (
    "statements", "statement_last_seen", "quarantine", "canonical_ids", "judgements",
    "audit_event_ids",
    "restricted_records", "exports", "signal_hits", "signal_hit_evidence", "resolution_links",
    "view_canonical_ids", "view_states",
)  # fmt: skip
# What the application role may do on the tables it does not own.
APPLICATION_RIGHTS = {
    "audit_events": "SELECT, INSERT",
    "audit_tree": "SELECT, INSERT",
    "audit_checkpoints": "SELECT, INSERT",
    "audit_event_ids": "SELECT, INSERT, UPDATE",
    "audit_log": "SELECT",
    "schema_version": "SELECT",
    # Sealing records the verifier key of each new signing key (rows are never changed).
    "store_meta": "SELECT, INSERT",
}
APPEND_ONLY_FUNCTION = """CREATE OR REPLACE FUNCTION verweven_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$"""
# Result column types (PostgreSQL type oids) as Arrow types, for typed empty results.
ARROW_TYPES: dict[int, pa.DataType] = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    701: pa.float64(),
    1043: pa.string(),
    1114: pa.timestamp("us"),
    1009: pa.list_(pa.string()),
}
FETCH_BATCH = 10_000
MERGE_WORK_MEM = "256MB"
INDEX_BUILD_MEMORY = "1GB"
# How long a purge waits for older transactions before it gives up rewriting the tables.
PURGE_WAIT_SECONDS = 600


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
        # No DDL here: opening must never wait behind another session's write (see migrate).
        self._con.execute(f"SET search_path TO {schema}")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._con.cursor() as cursor:
            cursor.execute(*_query(sql, params))
            return cursor.rowcount

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._con.cursor() as cursor:
            cursor.execute(*_query(sql, params))
            return cursor.fetchall()

    def _iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A server-side cursor on a connection of its own: memory stays bounded, and audited
        # writes on the main connection do not disturb the stream.
        with (
            psycopg.connect(self._url, options=f"-c search_path={self.schema}") as con,
            con.cursor(name="verweven_stream") as cursor,
        ):
            cursor.itersize = FETCH_BATCH
            cursor.execute(*_query(sql, params))
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
        partition = partition_name(run.dataset.name)
        if self._fetchall(
            "SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(?) "
            "AND inhparent = 'statements'::regclass",
            (partition,),
        ):
            # A later delivery: its anti-join and its new rows' index entries touch only the
            # dataset's own partition.
            run.merge("run_staging", whole_run=True, target=partition)
        else:
            self._add_partition(run, partition)
        run.record_seen("run_staging")
        # Dropped now, not only at commit: the next run of one transaction (an atomic
        # delivery, ``Store.delivery``) stages into a run_staging of its own.
        self._execute("DROP TABLE run_staging")

    def _add_partition(self, run: ImportRun, partition: str) -> None:
        """A dataset's first delivery fills a table of its own, indexes it in one sort per
        index and attaches it as the dataset's partition. Attaching takes a lock that readers
        do not wait for (SHARE UPDATE EXCLUSIVE), so they go on reading while the run is
        under way; its rows appear when it commits. (Inserting into the indexes of one big
        table in random key order cost an 8 kB read and write per row once the indexes
        outgrew the server's buffers; dropping them to rebuild made every reader wait for the
        run.) With ``wal_level = minimal`` the new table is not written to the WAL at all
        (docs/operations.md)."""
        self._create_partition(run.dataset.name)
        run.merge("run_staging", whole_run=True, target=partition)
        self._attach_partition(run.dataset.name)

    def _create_partition(self, dataset: str) -> None:
        partition = partition_name(dataset)
        self._execute(f"CREATE TABLE {partition} (LIKE statements)")
        # The constraint spares ATTACH a scan of the table to prove its rows belong there.
        self._execute(
            f"ALTER TABLE {partition} ADD CONSTRAINT {partition}_dataset "
            f"CHECK (dataset = {sql_literal(dataset)})"
        )

    def _attach_partition(self, dataset: str) -> None:
        partition = partition_name(dataset)
        self._execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        for name in POSTGRES_INDEXES:
            self._execute(postgres_index_sql(name, partition))
        self._execute(
            f"ALTER TABLE statements ATTACH PARTITION {partition} "
            f"FOR VALUES IN ({sql_literal(dataset)})"
        )
        # Without column statistics the planner took the id of a later run's merge for a
        # value shared by many rows and scanned the whole table (53 s for 28,528 statements
        # at 1,000,000 persons); autovacuum may not have analysed it before the next run.
        self._execute(f"ANALYZE {partition}")

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
            cursor.execute(*_query(sql, params))
            columns = cursor.description or []
            rows = cursor.fetchall()
        # Typed by the result's columns, so an empty result keeps its types.
        return pa.table(
            {
                column.name: pa.array([row[i] for row in rows], ARROW_TYPES.get(column.type_code))
                for i, column in enumerate(columns)
            }
        )

    def _compact(self) -> None:
        # VACUUM FULL writes each table (and its indexes) anew and removes the old files, so
        # the purged rows' bytes leave the database files (the server's WAL keeps them until
        # it is recycled: see docs/operations.md, Retention). It still copies a deleted row
        # that some snapshot might see, and every snapshot's horizon is held back by any
        # transaction running at the time — in any database of the server (measured: another
        # database's migration kept 14 purged rows). So it first waits until every
        # transaction older than the purge has ended.
        self._wait_for_older_transactions()
        for table in COMPACTED_TABLES:
            self._execute(f"VACUUM FULL {table}")

    def _wait_for_older_transactions(self) -> None:
        [(horizon,)] = self._fetchall("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")
        xid = str(int(horizon) % 2**32)
        older = (
            "SELECT datname, pid, coalesce(state, ''), left(coalesce(query, ''), 60) "
            "FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND (age(backend_xid) > age(CAST(? AS xid)) "
            "OR age(backend_xmin) > age(CAST(? AS xid)))"
        )
        deadline = time.monotonic() + PURGE_WAIT_SECONDS
        while blocking := self._fetchall(older, (xid, xid)):
            if time.monotonic() > deadline:
                raise StoreError(
                    "the purge removed the rows but cannot yet rewrite the tables: transactions "
                    f"older than it still run ({blocking}); end them and run it again"
                )
            time.sleep(0.1)

    def _before_migrate(self) -> None:
        self._execute(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")

    def _after_migrate(self) -> None:
        self._partition_statements()
        for name in POSTGRES_INDEXES:
            self._execute(postgres_index_sql(name))
        # The audit log is append-only for every role, its owner's included: an UPDATE,
        # DELETE or TRUNCATE is refused by a trigger (grants keep the application role from
        # dropping the trigger or the table: see grant_application_role).
        self._execute(APPEND_ONLY_FUNCTION)
        for table in AUDIT_TABLES:
            operations = "DELETE" if table == "audit_event_ids" else "UPDATE OR DELETE"
            self._execute(
                f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE {operations} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION verweven_append_only()"
            )
            self._execute(
                f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION verweven_append_only()"
            )

    def _partition_statements(self) -> None:
        """Make the statements table one partitioned by dataset (once; a store made before
        this is rewritten, dataset by dataset, in the migration's transaction)."""
        [(kind,)] = self._fetchall(
            "SELECT relkind FROM pg_class WHERE oid = 'statements'::regclass"
        )
        if kind == "p":
            return
        self._execute("ALTER TABLE statements RENAME TO statements_unpartitioned")
        for name in (*POSTGRES_INDEXES, "statements_dataset_idx"):
            self._execute(f"DROP INDEX IF EXISTS {name}")
        self._execute(
            "CREATE TABLE statements (LIKE statements_unpartitioned) PARTITION BY LIST (dataset)"
        )
        for (dataset,) in self._fetchall(
            "SELECT DISTINCT dataset FROM statements_unpartitioned ORDER BY dataset"
        ):
            self._create_partition(dataset)
            self._execute(
                f"INSERT INTO {partition_name(dataset)} SELECT * FROM statements_unpartitioned "
                "WHERE dataset = ? ORDER BY id",
                (dataset,),
            )
            self._attach_partition(dataset)
        self._execute("DROP TABLE statements_unpartitioned")

    def grant_application_role(self, role: str) -> None:
        """Let ``role`` (the role verweven's readers and importers connect as) use this store:
        it owns the data tables (a large import rebuilds their indexes), and may only read
        and append to the audit log — never change, delete or alter it."""
        if not SCHEMA_NAME.match(role):
            raise StoreError(f"invalid role name {role!r}: use lowercase a-z, 0-9, _")
        with self._transaction():
            exists = self._fetchall("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,))
            if not exists:
                self._execute(f"CREATE ROLE {role} LOGIN")
            # CREATE: a dataset's first delivery adds its partition of the statements table.
            self._execute(f"GRANT USAGE, CREATE ON SCHEMA {self.schema} TO {role}")
            tables = [r[0] for r in self._fetchall(
                "SELECT tablename FROM pg_tables WHERE schemaname = ?", (self.schema,)
            )]  # fmt: skip
            for table in tables:
                self._execute(f"REVOKE ALL ON {table} FROM {role}")
                if table in APPLICATION_RIGHTS:
                    self._execute(f"GRANT {APPLICATION_RIGHTS[table]} ON {table} TO {role}")
                else:
                    self._execute(f"ALTER TABLE {table} OWNER TO {role}")

    def _take_turns(self, table: str) -> None:
        self._execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")

    def _append_event(self, values: Sequence[Any], event_id: str, ids: bytes | None) -> None:
        # One statement, so one round trip and one commit: every read appends an event, and
        # BEGIN, two INSERTs and COMMIT were four trips to the server for each (the commit
        # still waits for the WAL, so no read returns before its event is durable).
        if ids is None:
            self._execute(INSERT_AUDIT_EVENT, values)
        else:
            self._execute(
                f"WITH event AS ({INSERT_AUDIT_EVENT}) {INSERT_AUDIT_EVENT_IDS}",
                [*values, event_id, ids],
            )

    def _hold_sealer_lock(self) -> None:
        # An advisory lock: it locks no table, so appends to audit_events and every read go
        # on; and the application role may take it (a table lock strong enough to exclude a
        # second sealer needs UPDATE, DELETE or TRUNCATE rights, which that role lacks).
        self._execute("SELECT pg_advisory_xact_lock(?)", (sealer_lock_key(self.schema),))

    def _resource_error(self, error: BaseException) -> ResourceError | None:
        # SQLSTATE class 53, "insufficient resources": disk full, out of memory, too many
        # connections, a configured limit such as temp_file_limit.
        if isinstance(error, psycopg.Error) and (error.sqlstate or "").startswith("53"):
            return ResourceError(
                f"the PostgreSQL server at {redact(self._url)} ran out of resources "
                f"({error.sqlstate}: {str(error).strip()}); nothing of this run was written — "
                "free what it names and run it again"
            )
        return None

    def close(self) -> None:
        self._con.close()

    def describe(self) -> str:
        return f"{redact(self._url)}#{self.schema}"

    def drop_schema(self) -> None:
        """Remove this store's schema and everything in it (tests and decommissioning)."""
        self._con.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def _query(sql: str, params: Sequence[Any]) -> tuple[str, list[Any] | None]:
    """The (query, parameters) psycopg takes for our ``?``-placeholder SQL."""
    if not params:
        return sql, None  # without parameters psycopg reads the text as it is
    return to_pyformat(sql), list(params)


def to_pyformat(sql: str) -> str:
    """Our SQL uses ``?`` placeholders (DuckDB's); psycopg wants ``%s`` and a literal ``%``
    doubled. A ``?`` inside a quoted string literal is text, and stays."""
    out: list[str] = []
    quoted = False
    for char in sql:
        if char == "'":
            quoted = not quoted  # a doubled '' inside a literal toggles twice: still quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


def partition_name(dataset: str) -> str:
    """The table holding one dataset's statements: a name of the dataset's digest, since a
    dataset name need not be a valid identifier."""
    return "statements_" + hashlib.sha256(dataset.encode()).hexdigest()[:16]


def sql_literal(value: str) -> str:
    """A SQL string literal (single quotes doubled), for DDL that takes no parameters."""
    return "'" + value.replace("'", "''") + "'"


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
