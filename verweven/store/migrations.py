"""The store's tables, as numbered migrations shared by both backends.

Types are chosen from the subset DuckDB and PostgreSQL both understand (TEXT, TEXT[], BIGINT,
TIMESTAMP). Statements carry no primary-key index: ids are content hashes and merges are
anti-joins, which keeps bulk writes several times faster on DuckDB (see docs/architecture.md).
"""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE IF NOT EXISTS schema_version (
            version BIGINT NOT NULL,
            applied_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS datasets (
            name TEXT PRIMARY KEY,
            partner TEXT NOT NULL,
            title TEXT NOT NULL,
            legal_basis_article TEXT NOT NULL,
            legal_basis_text TEXT NOT NULL,
            purposes TEXT[] NOT NULL,
            retention_days BIGINT NOT NULL,
            sensitivity TEXT NOT NULL,
            delivered_at TIMESTAMP,
            registered_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS import_runs (
            id TEXT PRIMARY KEY,
            dataset TEXT NOT NULL,
            source TEXT NOT NULL,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP NOT NULL,
            statements_written BIGINT NOT NULL,
            statements_new BIGINT NOT NULL,
            quarantined BIGINT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS statements (
            id TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            canonical_id TEXT NOT NULL,
            schema TEXT NOT NULL,
            prop TEXT NOT NULL,
            prop_type TEXT NOT NULL,
            value TEXT NOT NULL,
            original_value TEXT,
            dataset TEXT NOT NULL,
            first_seen TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL,
            import_run TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS quarantine (
            id TEXT PRIMARY KEY,
            import_run TEXT NOT NULL,
            dataset TEXT NOT NULL,
            file TEXT NOT NULL,
            line BIGINT,
            field TEXT,
            value TEXT,
            reason TEXT NOT NULL,
            raw TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS audit_log (
            seq BIGINT PRIMARY KEY,
            occurred_at TIMESTAMP NOT NULL,
            actor TEXT NOT NULL,
            partner TEXT NOT NULL,
            purpose TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
    ),
    (
        # Canonical ids decided by resolution, so that later deliveries inherit them.
        """CREATE TABLE IF NOT EXISTS canonical_ids (
            entity_id TEXT PRIMARY KEY,
            canonical_id TEXT NOT NULL,
            resolved_at TIMESTAMP NOT NULL
        )""",
        # Append-only: a withdrawal is a row of its own that names the judgement it withdraws.
        """CREATE TABLE IF NOT EXISTS judgements (
            id TEXT PRIMARY KEY,
            left_id TEXT NOT NULL,
            right_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            withdraws TEXT
        )""",
    ),
    (
        # The partner's own record id of a quarantined row or value, so a steward can find it.
        "ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS record_id TEXT",
    ),
)

# Indexes that pay for themselves only on PostgreSQL (row store, many concurrent readers), by
# name. The merge of an import run needs the id index; the others only serve reads.
POSTGRES_INDEXES: dict[str, str] = {
    "statements_id_idx": "statements (id)",
    "statements_canonical_idx": "statements (canonical_id)",
    "statements_value_idx": "statements (value)",
    "statements_dataset_idx": "statements (dataset)",
}
# Indexes whose keys a merge inserts in random order (a run is sorted by id, and a dataset's
# rows go to the end of its own key range): a large run drops and rebuilds these.
POSTGRES_REBUILT_INDEXES: tuple[str, ...] = ("statements_canonical_idx", "statements_value_idx")


def postgres_index_sql(name: str) -> str:
    """The statement that creates one of ``POSTGRES_INDEXES`` if it is missing."""
    return f"CREATE INDEX IF NOT EXISTS {name} ON {POSTGRES_INDEXES[name]}"


LATEST_VERSION = len(MIGRATIONS)
