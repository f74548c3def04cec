"""Choose the backend from the database URL."""

from verweven.settings import get_settings
from verweven.store.base import Store


def open_store(url: str | None = None, schema: str | None = None, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``: a DuckDB path or a postgresql:// URL."""
    settings = get_settings()
    url = url or settings.database_url
    store: Store
    if url.startswith(("postgresql://", "postgres://")):
        from verweven.store.postgres import PostgresStore

        store = PostgresStore(url, schema or settings.database_schema)
    else:
        from verweven.store.duckdb import DuckDBStore

        store = DuckDBStore(url.removeprefix("duckdb://"))
    if migrate:
        store.migrate()
    return store
