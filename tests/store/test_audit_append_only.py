"""On PostgreSQL the application's database role may only append to the audit log: every
UPDATE, DELETE, TRUNCATE, ALTER and DROP of an audit table fails for it, INSERT works, and
the one UPDATE it keeps (replacing purged ids by their digests) cannot go unnoticed."""

from collections.abc import Iterator

import psycopg
import pytest

from tests.factories import analyst, make_actor
from tests.store.conftest import read_people
from verweven.access import Role
from verweven.audit import pack_ids
from verweven.audit.report import Finding
from verweven.store import Store
from verweven.store.postgres import PostgresStore

AUDIT_TABLES = ("audit_events", "audit_event_ids", "audit_tree", "audit_checkpoints")
CHANGES = {
    "update": "UPDATE {table} SET {column} = {column}",
    "delete": "DELETE FROM {table}",
    "truncate": "TRUNCATE {table}",
    "alter": "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "add column": "ALTER TABLE {table} ADD COLUMN forged TEXT",
    "drop trigger": "DROP TRIGGER {table}_append_only ON {table}",
    "drop": "DROP TABLE {table}",
}
FIRST_COLUMN = {
    "audit_events": "actor",
    "audit_event_ids": "ids",
    "audit_tree": "leaf_hash",
    "audit_checkpoints": "note",
}


# Database roles are a PostgreSQL matter: the conftest's store, on PostgreSQL only.
pytestmark = pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)


@pytest.fixture
def sealed(store: Store, request: pytest.FixtureRequest) -> Store:
    """A PostgreSQL store that can seal."""
    assert isinstance(store, PostgresStore)
    sealable: Store = request.getfixturevalue("sealable")
    return sealable


@pytest.fixture
def application(sealed: Store) -> Iterator[psycopg.Connection]:
    """A session of the application's role (named after the test schema: roles belong to
    the whole server), on a log with sealed events; the role is dropped afterwards."""
    sealable = sealed
    assert isinstance(sealable, PostgresStore)
    read_people(sealable, 2)
    sealable.seal_audit(analyst(sealable))
    role = f"{sealable.schema}_app"
    sealable.grant_application_role(role)
    con = psycopg.connect(sealable._url, autocommit=True)
    con.execute(f"SET ROLE {role}")
    con.execute(f"SET search_path TO {sealable.schema}")
    yield con
    con.close()
    sealable._execute(f"REASSIGN OWNED BY {role} TO CURRENT_USER")
    sealable._execute(f"DROP OWNED BY {role}")
    sealable._execute(f"DROP ROLE {role}")


def test_the_application_role_cannot_change_the_log(application: psycopg.Connection) -> None:
    allowed = []
    for table in AUDIT_TABLES:
        before = application.execute(f"SELECT count(*) FROM {table}").fetchone()
        for change, sql in CHANGES.items():
            if (table, change) == ("audit_event_ids", "update"):
                continue  # the one UPDATE it keeps: see the last test
            try:
                application.execute(sql.format(table=table, column=FIRST_COLUMN[table]))
            except psycopg.Error:
                continue
            allowed.append((table, change))
        assert application.execute(f"SELECT count(*) FROM {table}").fetchone() == before
    assert allowed == []


def test_every_change_tried_is_one_the_owner_could_make(sealed: PostgresStore) -> None:
    """The refusals above are the role's: the same statements succeed for the owner with
    the triggers off (in a transaction that is rolled back)."""
    sealed.seal_audit(analyst(sealed))
    before = sealed._fetchall("SELECT count(*) FROM audit_tree")
    with psycopg.connect(sealed._url) as con:
        con.execute(f"SET search_path TO {sealed.schema}")
        con.execute("SET LOCAL session_replication_role = replica")
        for table in AUDIT_TABLES:
            for sql in CHANGES.values():
                with con.transaction():
                    con.execute(sql.format(table=table, column=FIRST_COLUMN[table]))
        con.rollback()
    assert sealed._fetchall("SELECT count(*) FROM audit_tree") == before != [(0,)]


def test_the_application_role_cannot_switch_the_triggers_off(
    application: psycopg.Connection,
) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        application.execute("SET session_replication_role = replica")


def test_the_application_role_may_append(application: psycopg.Connection) -> None:
    rows = {
        "audit_events": "SELECT 'e-new', occurred_at, actor, partner, roles, purpose, "
        "legal_basis, case_ref, action, decision, policies, target, datasets, scope, "
        "entity_count, ids_digest, query_digest, result_size, detail, leaf_hash "
        "FROM audit_events LIMIT 1",
        "audit_event_ids": "SELECT 'e-new', ids FROM audit_event_ids LIMIT 1",
        "audit_tree": "SELECT max(seq) + 1, 'e-new', 'ab' FROM audit_tree",
        "audit_checkpoints": "SELECT size + 1, root_hash, frontier, note, created_at "
        "FROM audit_checkpoints ORDER BY size DESC LIMIT 1",
    }
    with application.transaction(force_rollback=True):
        inserted = {
            t: application.execute(f"INSERT INTO {t} {sql}").rowcount for t, sql in rows.items()
        }
    assert inserted == dict.fromkeys(AUDIT_TABLES, 1)


def test_the_purge_update_it_keeps_is_caught_unless_it_only_redacts(
    application: psycopg.Connection, sealed: Store
) -> None:
    [(event_id,)] = application.execute(
        "SELECT event_id FROM audit_event_ids i JOIN audit_tree t USING (event_id) LIMIT 1"
    ).fetchall()
    application.execute(
        "UPDATE audit_event_ids SET ids = %s WHERE event_id = %s",
        (pack_ids(["iemand-anders"]), event_id),
    )
    auditor = make_actor(sealed, Role.AUDITOR, purpose="toezicht")
    problem = sealed.verify_audit(auditor).problem
    assert problem is not None and (problem.kind, problem.event_id) == (
        Finding.IDS_CHANGED,
        event_id,
    )
