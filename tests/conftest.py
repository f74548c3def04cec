"""Store fixtures: every store test runs on DuckDB and on a real PostgreSQL server.

PostgreSQL comes from VERWEVEN_TEST_POSTGRES_URL, else a local server on 127.0.0.1:5432 is tried.
Where none is reachable the PostgreSQL half is skipped — unless VERWEVEN_REQUIRE_POSTGRES=1
(as in CI), where that is an error.
"""

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import psycopg
import pytest

from verweven.store import Store, open_store
from verweven.store.postgres import PostgresStore

DEFAULT_POSTGRES_URL = "postgresql://127.0.0.1:5432/test"


@cache
def postgres_url() -> str | None:
    url = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        psycopg.connect(url, connect_timeout=2).close()
    except psycopg.Error as error:
        if os.environ.get("VERWEVEN_REQUIRE_POSTGRES") == "1":
            raise RuntimeError(f"PostgreSQL required but not reachable at {url}: {error}") from None
        return None
    return url


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(url, schema) of a fresh, empty store on each backend."""
    if request.param == "duckdb":
        yield str(tmp_path / "store.duckdb"), ""
        return
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server reachable (set VERWEVEN_TEST_POSTGRES_URL)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield url, schema
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def store(store_url: tuple[str, str]) -> Iterator[Store]:
    url, schema = store_url
    opened = open_store(url, schema=schema or None, migrate=True)
    yield opened
    opened.close()


def reopen(store: Store) -> Store:
    """A second, independent connection to the same store."""
    if isinstance(store, PostgresStore):
        return open_store(store._url, schema=store.schema)
    return open_store(store.path)
