"""When a statement was first and last seen, as every reader sees it, after re-deliveries,
changed deliveries and an old file run again — the same on both backends — and an older store
whose statements carried last_seen in a column, migrated."""

from datetime import datetime, timedelta

import pytest

from tests.factories import admin, analyst, make_actor, make_dataset, make_entity, register, steward
from verweven.access import Role
from verweven.model import Statement
from verweven.store import Store
from verweven.store.duckdb import DuckDBStore
from verweven.store.migrations import LATEST_VERSION, MIGRATIONS
from verweven.store.postgres import PostgresStore
from verweven.store.seen import seen_statements

DAY = [datetime(2026, 1, 1) + timedelta(days=i) for i in range(6)]


@pytest.fixture
def brp(store: Store) -> Store:
    register(store, make_dataset("brp_personen").model_copy(update={"retention_days": 30}))
    return store


def deliver(store: Store, observed_at: datetime, *people: str) -> None:
    with store.import_run("brp_personen", "test", steward(store), observed_at) as run:
        run.write(s for person in people for s in make_entity(person, name=f"naam {person}"))


def seen(store: Store) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(record, property) -> (first_seen, last_seen) as a reader gets them."""
    return {
        (s.entity_id, s.prop): (s.first_seen, s.last_seen)
        for person in "abcde"
        for s in store.get_statements(analyst(store), person)
    }


def days(first: int, last: int) -> tuple[str, str]:
    return DAY[first].isoformat(), DAY[last].isoformat()


def test_last_seen_follows_redeliveries_changes_and_an_old_file_run_again(brp: Store) -> None:
    deliver(brp, DAY[1], "a", "b", "c")
    deliver(brp, DAY[2], "a", "b", "c")  # the same delivery again
    assert seen(brp) == {(p, prop): days(1, 2) for p in "abc" for prop in ("id", "name")}
    deliver(brp, DAY[4], "a", "b", "d")  # c left out, d new
    deliver(brp, DAY[3], "c", "e")  # an older file run again: c seen then, e new then
    expected = {
        "a": days(1, 4),
        "b": days(1, 4),
        "c": days(1, 3),
        "d": days(4, 4),
        "e": days(3, 3),
    }
    assert seen(brp) == {(p, prop): v for p, v in expected.items() for prop in ("id", "name")}
    deliver(brp, DAY[5], "c")  # only c, now newest
    expected |= {"c": days(1, 5)}
    assert seen(brp) == {(p, prop): v for p, v in expected.items() for prop in ("id", "name")}
    # The subject report reads the same dates.
    auditor = make_actor(brp, Role.AUDITOR, purpose="rechten_betrokkene")
    report = brp.export_subject(auditor, "c")
    assert {(v["first_seen"], v["last_seen"]) for v in report.values} == {days(1, 5)}
    # Retention goes by them: 30 days after day 4, a, b, d and e (last seen on day 3) expire.
    now = DAY[4] + timedelta(days=30, hours=1)
    assert brp.expired_statements(admin(brp), now) == {"brp_personen": 8}
    # (The purge without the storage rewrite that follows it: on PostgreSQL that waits for
    # every older transaction on the server, other sessions' included.)
    [(name, cutoff)] = brp._cutoffs(admin(brp), now).items()
    assert brp._purge_dataset(admin(brp), name, cutoff).statements == 8
    assert seen(brp) == {("c", "id"): days(1, 5), ("c", "name"): days(1, 5)}
    # Nothing of the purged statements is left in the last_seen bookkeeping.
    [(kept,)] = brp._fetchall("SELECT count(*) FROM statement_last_seen")
    assert kept == 0


def test_an_empty_delivery_changes_no_date(brp: Store) -> None:
    deliver(brp, DAY[1], "a")
    deliver(brp, DAY[2])
    assert seen(brp) == {("a", "id"): days(1, 1), ("a", "name"): days(1, 1)}


def test_a_deleted_dataset_leaves_no_dates_behind(brp: Store) -> None:
    deliver(brp, DAY[1], "a", "b")
    deliver(brp, DAY[2], "a")
    brp.delete_dataset("brp_personen", steward(brp))
    for table in ("statement_last_seen", "dataset_last_seen"):
        assert brp._fetchall(f"SELECT count(*) FROM {table}") == [(0,)]
    deliver(brp, DAY[3], "b")
    assert seen(brp) == {("b", "id"): days(3, 3), ("b", "name"): days(3, 3)}


def test_a_store_whose_statements_carried_last_seen_is_migrated_with_the_same_dates(
    store_url: tuple[str, str],
) -> None:
    url, schema = store_url
    old: Store = PostgresStore(url, schema) if schema else DuckDBStore(url)  # not migrated
    old._before_migrate()
    for version, sqls in enumerate(MIGRATIONS[:-1], start=1):
        for sql in sqls:
            old._execute(sql)
        old._execute("INSERT INTO schema_version VALUES (?, ?)", (version, DAY[0]))
    rows = [
        # id, dataset, first_seen, last_seen
        ("s1", "brp", DAY[1], DAY[3]),
        ("s2", "brp", DAY[1], DAY[2]),
        ("s3", "brp", DAY[2], DAY[3]),
        ("s4", "kvk", DAY[1], DAY[1]),
        ("s5", "o'neill", DAY[4], DAY[5]),
    ]
    for sid, dataset, first, last in rows:
        old._execute(
            "INSERT INTO statements VALUES (?, 'e', 'e', 'Person', 'name', 'name', 'v', NULL, ?, "
            "?, ?, 'run')",
            (sid, dataset, first, last),
        )
    assert old.migrate() == LATEST_VERSION
    migrated = old._fetchall(
        f"SELECT id, dataset, first_seen, last_seen FROM {seen_statements()} ORDER BY id"
    )
    assert migrated == rows
    # Only s2 was not in its dataset's newest delivery.
    assert old._fetchall("SELECT id, last_seen FROM statement_last_seen") == [("s2", DAY[2])]
    if isinstance(old, PostgresStore):
        partitions = old._fetchall(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'statements'::regclass"
        )
        assert partitions == [(3,)]
    old.close()


def test_readers_see_statements_written_with_statement_objects(brp: Store) -> None:
    with brp.import_run("brp_personen", "test", steward(brp), DAY[1]) as run:
        run.write([Statement("p1", "name", "Person", "Jan", "brp_personen")])
    [stmt] = [s for s in brp.get_statements(analyst(brp), "p1") if s.prop == "name"]
    assert (stmt.first_seen, stmt.last_seen) == days(1, 1)
