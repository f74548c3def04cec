"""Choose the backend from the database URL."""

from pathlib import Path

from verweven.settings import get_settings
from verweven.store.base import Store


def open_store(
    url: str | None = None, schema: str | None = None, migrate: bool | None = None
) -> Store:
    """Open the store at ``url``: a DuckDB path or a postgresql:// URL.

    ``migrate``: bring the tables to the latest version first. By default an embedded store
    is migrated (its one user owns the file) and a PostgreSQL store is only checked: its
    readers never run DDL, so they never wait behind another session's write, and its owner
    migrates it explicitly (``verweven init``)."""
    settings = get_settings()
    url = url or settings.database_url
    store: Store
    if url.startswith(("postgresql://", "postgres://")):
        from verweven.store.postgres import PostgresStore

        store = PostgresStore(url, schema or settings.database_schema)
    else:
        from verweven.store.duckdb import DuckDBStore

        store = DuckDBStore(url.removeprefix("duckdb://"))
    if migrate if migrate is not None else store.dialect == "duckdb":
        store.migrate()
    else:
        store.check_schema()
    return store


def store_files(url: str | None = None) -> list[Path]:
    """The files of the embedded store at ``url`` (default: the configured one) — the database,
    its write-ahead log and its spill folder — that nothing else may ever write to; none for
    PostgreSQL."""
    url = url or get_settings().database_url
    if url.startswith(("postgresql://", "postgres://")) or url.endswith(":memory:"):
        return []
    path = Path(url.removeprefix("duckdb://"))
    return [path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".tmp")]
