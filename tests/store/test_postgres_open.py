"""A PostgreSQL store: readers run no DDL, every reader authenticates, migrations are the
owner's explicit step, and the ?-placeholder SQL leaves string literals alone."""

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from tests.factories import analyst, load, make_dataset, make_entity, register
from verweven.errors import NotAuthenticatedError, StoreError
from verweven.store import Store, open_store
from verweven.store.postgres import PostgresStore, to_pyformat

# The conftest's store, on PostgreSQL only.
pytestmark = pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)


@pytest.fixture
def pg(store: Store) -> Iterator[PostgresStore]:
    assert isinstance(store, PostgresStore)
    yield store


def test_opening_a_store_waits_behind_no_write(pg: PostgresStore) -> None:
    register(pg, make_dataset("brp"))
    load(pg, make_entity("p1", "brp", name="Jan"), dataset="brp")
    url = f"{pg._url}{'&' if '?' in pg._url else '?'}options=-c%20lock_timeout%3D1500"
    with psycopg.connect(pg._url) as writer:
        writer.execute(f"LOCK TABLE {pg.schema}.statements IN ACCESS EXCLUSIVE MODE")
        reader = open_store(url, schema=pg.schema)  # would fail on its lock timeout with DDL
        reader.close()


def test_a_multi_user_store_has_no_local_user(pg: PostgresStore) -> None:
    with pytest.raises(NotAuthenticatedError, match="log in"):
        pg.local_actor()


def test_an_uninitialised_store_is_refused_with_what_to_do(store_url: tuple[str, str]) -> None:
    url, _ = store_url
    with pytest.raises(StoreError, match="verweven init"):
        open_store(url, schema=f"t_{uuid.uuid4().hex[:12]}")


def test_a_question_mark_in_a_string_literal_stays_text(pg: PostgresStore) -> None:
    assert to_pyformat("SELECT '?', ? WHERE x LIKE 'a%'") == "SELECT '?', %s WHERE x LIKE 'a%%'"
    assert pg._fetchall("SELECT 'wie?', ? || '?'", ("wat",)) == [("wie?", "wat?")]
    assert pg._fetchall("SELECT 'it''s ?'") == [("it's ?",)]


def test_reads_need_an_actor_the_store_authenticated(pg: PostgresStore) -> None:
    register(pg, make_dataset("brp"))
    load(pg, make_entity("p1", "brp", name="Jan"), dataset="brp")
    other = open_store(pg._url, schema=pg.schema)
    try:
        with pytest.raises(NotAuthenticatedError):
            other.get_entity(analyst(pg), "p1")  # authenticated by another connection only
    finally:
        other.close()
