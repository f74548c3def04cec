"""PostgreSQL merges an import run once; a large run rebuilds the lookup indexes."""

import psycopg
import pytest

from tests.factories import admin, analyst, make_dataset, make_entity, register, steward
from verweven.store import Store
from verweven.store.migrations import POSTGRES_INDEXES, POSTGRES_REBUILT_INDEXES
from verweven.store.postgres import PostgresStore
from verweven.store.rows import rows_table

# The conftest's store, on PostgreSQL only.
pytestmark = pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)


@pytest.fixture
def pg(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore)
    register(store, make_dataset("brp_personen"))
    return store


def load_people(store: PostgresStore, first: int, count: int) -> None:
    with store.import_run("brp_personen", source="test", actor=steward(store)) as run:
        people = range(first, first + count)
        run.write(s for i in people for s in make_entity(f"p{i}", name=f"n{i}"))


def index_oids(store: PostgresStore) -> dict[str, int]:
    rows = store._fetchall(
        "SELECT c.relname, c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = 'statements'::regclass AND i.indisvalid"
    )
    return dict(rows)


def test_a_large_run_rebuilds_the_lookup_indexes_and_a_small_one_does_not(
    pg: PostgresStore,
) -> None:
    load_people(pg, 0, 1_000)
    before = index_oids(pg)
    assert set(before) == set(POSTGRES_INDEXES)
    # and the planner knows the ids are unique, so a later merge probes the id index
    [(distinct,)] = pg._fetchall(
        "SELECT n_distinct FROM pg_stats WHERE schemaname = current_schema() "
        "AND tablename = 'statements' AND attname = 'id'"
    )
    assert distinct == -1

    load_people(pg, 1_000, 20)  # 40 statements: 2% of the 2,000 stored
    assert index_oids(pg) == before

    load_people(pg, 2_000, 1_000)  # as many again
    after = index_oids(pg)
    assert set(after) == set(POSTGRES_INDEXES)
    rebuilt = {name for name in POSTGRES_INDEXES if after[name] != before[name]}
    assert rebuilt == set(POSTGRES_REBUILT_INDEXES)
    # The rebuilt indexes hold the statements of every run.
    assert pg.find_entities(analyst(pg), "n5") == ["p5"]
    assert pg.find_entities(analyst(pg), "n1019") == ["p1019"]
    assert pg.find_entities(analyst(pg), "n2999") == ["p2999"]


def test_a_run_that_fails_in_its_merge_keeps_the_store_and_its_indexes(pg: PostgresStore) -> None:
    load_people(pg, 0, 10)
    before = index_oids(pg), pg.count_statements(analyst(pg)), len(pg.list_import_runs(admin(pg)))
    # A value the statements table refuses (NOT NULL) fails the merge after the indexes were
    # dropped for the rebuild: the whole run rolls back, the drop included.
    rows = [(f"s{i}", f"q{i}", "Person", "name", "name", f"q{i}", None) for i in range(20)]
    rows.append(("s-null", "q-null", "Person", "name", "name", None, None))
    with (
        pytest.raises(psycopg.errors.NotNullViolation),
        pg.import_run("brp_personen", source="test", actor=steward(pg)) as run,
    ):
        run.write_tables([rows_table(rows)])
    assert (
        index_oids(pg),
        pg.count_statements(analyst(pg)),
        len(pg.list_import_runs(admin(pg))),
    ) == before
