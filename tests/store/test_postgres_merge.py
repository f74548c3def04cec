"""PostgreSQL merges an import run once, into its dataset's partition of the statements table;
readers do not wait for a delivery."""

from collections.abc import Iterator
from datetime import datetime

import psycopg
import pytest

from tests.conftest import reopen
from tests.factories import admin, analyst, make_dataset, make_entity, register, steward
from verweven.store import Store
from verweven.store.migrations import POSTGRES_INDEXES
from verweven.store.postgres import PostgresStore, partition_name
from verweven.store.rows import rows_table

# The conftest's store, on PostgreSQL only.
pytestmark = pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)


@pytest.fixture
def pg(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore)
    register(store, make_dataset("brp_personen"))
    register(store, make_dataset("kvk_inschrijvingen", partner="kvk"))
    return store


def load_people(
    store: PostgresStore, first: int, count: int, observed_at: datetime | None = None
) -> None:
    with store.import_run("brp_personen", "test", steward(store), observed_at) as run:
        people = range(first, first + count)
        run.write(s for i in people for s in make_entity(f"p{i}", name=f"n{i}"))


def partitions(store: PostgresStore) -> dict[str, int]:
    """Partition of the statements table -> its oid."""
    rows = store._fetchall(
        "SELECT c.relname, c.oid FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'statements'::regclass"
    )
    return dict(rows)


def partition_indexes(store: PostgresStore, partition: str) -> dict[str, int]:
    rows = store._fetchall(
        "SELECT c.relname, c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = to_regclass(?) AND i.indisvalid",
        (partition,),
    )
    return dict(rows)


def test_a_first_delivery_becomes_its_datasets_partition_and_later_ones_merge_into_it(
    pg: PostgresStore,
) -> None:
    brp = partition_name("brp_personen")
    assert partitions(pg) == {}
    load_people(pg, 0, 1_000)
    assert set(partitions(pg)) == {brp}
    indexes = partition_indexes(pg, brp)
    assert len(indexes) == len(POSTGRES_INDEXES)
    # and the planner knows the ids are unique, so a later merge can probe the id index
    [(distinct,)] = pg._fetchall(
        "SELECT n_distinct FROM pg_stats WHERE schemaname = current_schema() "
        "AND tablename = ? AND attname = 'id'",
        (brp,),
    )
    assert distinct == -1

    load_people(pg, 500, 1_000)  # half of it again, half new
    assert set(partitions(pg)) == {brp}
    assert partition_indexes(pg, brp) == indexes  # merged into, not rebuilt
    assert pg.count_statements(analyst(pg)) == 3_000
    with pg.import_run("kvk_inschrijvingen", "test", steward(pg, "kvk")) as run:
        run.write(make_entity("k1", "kvk_inschrijvingen", "Company", name="Acme"))
    assert set(partitions(pg)) == {brp, partition_name("kvk_inschrijvingen")}
    # Every index serves reads across the partitions.
    assert pg.find_entities(analyst(pg), "n5") == ["p5"]
    assert pg.find_entities(analyst(pg), "n1499") == ["p1499"]
    assert pg.find_entities(analyst(pg), "Acme") == ["k1"]


def test_a_run_that_fails_in_its_merge_keeps_the_store_as_it_was(pg: PostgresStore) -> None:
    load_people(pg, 0, 10)

    def state() -> tuple[object, ...]:
        return (
            partitions(pg),
            pg.count_statements(analyst(pg)),
            len(pg.list_import_runs(admin(pg))),
            pg._fetchall("SELECT * FROM dataset_last_seen"),
            pg._fetchall("SELECT * FROM statement_last_seen"),
        )

    # A value the statements table refuses (NOT NULL) fails the merge: the whole run rolls
    # back — for a dataset's first delivery, its new partition too.
    rows = [(f"s{i}", f"q{i}", "Person", "name", "name", f"q{i}", None) for i in range(20)]
    rows.append(("s-null", "q-null", "Person", "name", "name", None, None))
    for dataset in ("brp_personen", "kvk_inschrijvingen"):
        before = state()
        partner = pg._dataset(dataset).partner
        with (
            pytest.raises(psycopg.errors.NotNullViolation),
            pg.import_run(dataset, "test", steward(pg, partner)) as run,
        ):
            run.write_tables([rows_table(rows)])
        assert state() == before


@pytest.fixture
def reader(pg: PostgresStore) -> Iterator[PostgresStore]:
    """A second connection to the store that gives up on any lock it would wait for."""
    other = reopen(pg)
    assert isinstance(other, PostgresStore)
    other._execute("SET lock_timeout = '2s'")
    yield other
    other.close()


def test_readers_do_not_wait_for_a_delivery_under_way(
    pg: PostgresStore, reader: PostgresStore
) -> None:
    load_people(pg, 0, 100, datetime(2026, 1, 1))
    before = reader.get_statements(analyst(reader), "p5")
    # Two runs in one open transaction (an atomic delivery): a re-delivery of one dataset and
    # the first delivery of another (a new partition). After both merged, before commit, the
    # other connection reads every kind of read without waiting and sees the store as before.
    with pg.delivery():
        load_people(pg, 50, 100, datetime(2026, 2, 1))
        with pg.import_run("kvk_inschrijvingen", "test", steward(pg, "kvk")) as run:
            run.write(make_entity("k1", "kvk_inschrijvingen", "Company", name="Acme"))
        assert pg.count_statements(analyst(pg)) == 302  # the delivering session sees them
        assert reader.get_statements(analyst(reader), "p5") == before
        assert reader.get_statements(analyst(reader), "p120") == []
        assert reader.find_entities(analyst(reader), "Acme") == []
        assert reader.count_statements(analyst(reader)) == 200
        table = reader.read_statement_table(analyst(reader), ["Person", "Company"])
        assert table.num_rows == 200
    after = {s.entity_id: s.last_seen for s in reader.get_statements(analyst(reader), "p60")}
    assert after == {"p60": "2026-02-01T00:00:00"}
    assert reader.find_entities(analyst(reader), "Acme") == ["k1"]
    assert reader.count_statements(analyst(reader)) == 302
