"""Sealing the audit log: positions in time order, one signed checkpoint per seal, kept in the
store and in the witness file; the verifier key is kept at first seal and a key change is an
event of its own; an embedded store seals when closed; appends never wait for a sealer."""

import threading
from pathlib import Path

import psycopg
import pytest

from tests.conftest import reopen
from tests.factories import admin, analyst, make_actor
from tests.store.conftest import read_people
from verweven.access import Actor, Role
from verweven.audit import (
    VerifierKey,
    generate_signing_key,
    parse_signed_checkpoint,
    verify_signed_checkpoint,
)
from verweven.audit.witness import split_notes
from verweven.errors import AccessDeniedError, AuditTamperedError, UsageError
from verweven.settings import get_settings
from verweven.store import Store, open_store

POSTGRES_ONLY = pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)


def auditor_of(store: Store) -> Actor:
    return make_actor(store, Role.AUDITOR, purpose="toezicht")


def test_a_seal_numbers_every_pending_event_in_time_order(sealable: Store) -> None:
    read_people(sealable, 3)
    report = sealable.seal_audit(analyst(sealable))
    rows = sealable._fetchall(
        "SELECT t.seq, e.occurred_at, e.id FROM audit_tree t JOIN audit_events e "
        "ON e.id = t.event_id ORDER BY t.seq"
    )
    [(events,)] = sealable._fetchall("SELECT count(*) FROM audit_events")
    assert [row[0] for row in rows] == list(range(events)) and report.size == events
    assert [row[1:] for row in rows] == sorted(row[1:] for row in rows)


def test_a_seal_signs_a_checkpoint_kept_in_the_store_and_the_witness(sealable: Store) -> None:
    report = sealable.seal_audit(analyst(sealable))
    key = VerifierKey.from_text(report.verifier_key)
    signed = verify_signed_checkpoint(report.note, key)
    assert (signed.size, signed.root_hash) == (report.size, report.root)
    assert sealable._fetchall("SELECT size, note FROM audit_checkpoints") == [
        (report.size, report.note)
    ]
    assert report.witness is not None
    assert split_notes(report.witness.read_text()) == ([report.note], None)


def test_a_seal_with_nothing_pending_signs_nothing_new(sealable: Store) -> None:
    first = sealable.seal_audit(analyst(sealable))  # the analyst's login is pending at first
    again = sealable.seal_audit(analyst(sealable))
    assert (again.sealed, again.note) == (0, first.note)
    assert sealable._fetchall("SELECT count(*) FROM audit_checkpoints") == [(1,)]


def test_successive_seals_extend_the_same_tree(sealable: Store) -> None:
    notes = []
    for _ in range(3):
        read_people(sealable, 2)
        notes.append(sealable.seal_audit(analyst(sealable)).note)
    report = sealable.verify_audit(auditor_of(sealable))
    assert report.ok and report.checkpoints == 3 and report.covered == report.sealed


def test_the_verifier_key_is_kept_at_first_seal(sealable: Store) -> None:
    assert sealable._fetchall("SELECT 1 FROM store_meta WHERE key LIKE 'audit_verifier%'") == []
    report = sealable.seal_audit(analyst(sealable))
    kept = sealable._fetchall("SELECT value FROM store_meta WHERE key LIKE 'audit_verifier%'")
    assert kept == [(report.verifier_key,)]


def test_a_new_signing_key_is_recorded_and_old_checkpoints_still_verify(
    sealable: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = sealable.seal_audit(analyst(sealable))
    new_key = tmp_path / "new-audit-key"
    generate_signing_key(new_key)
    monkeypatch.setenv("VERWEVEN_AUDIT_KEY", str(new_key))
    get_settings.cache_clear()
    read_people(sealable)
    new = sealable.seal_audit(analyst(sealable))
    assert new.verifier_key != old.verifier_key
    changes = [
        e.detail
        for e in sealable.list_audit_events(auditor_of(sealable), action="seal_audit")
        if e.target == "audit signing key"
    ]
    assert (
        changes[-1] == f"checkpoints are signed by {new.verifier_key} (before: {old.verifier_key})"
    )
    report = sealable.verify_audit(auditor_of(sealable))
    assert report.ok and set(report.keys) == {old.verifier_key, new.verifier_key}


@POSTGRES_ONLY
def test_a_multi_user_store_without_a_key_refuses_to_seal_and_says_what_to_set(
    sealable: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VERWEVEN_AUDIT_KEY")
    get_settings.cache_clear()
    with pytest.raises(UsageError, match="VERWEVEN_AUDIT_KEY"):
        sealable.seal_audit(analyst(sealable))


def test_an_embedded_store_makes_its_key_and_seals_when_closed(tmp_path: Path) -> None:
    get_settings.cache_clear()
    path = tmp_path / "laptop.duckdb"
    store = open_store(str(path))
    admin(store)  # a login: one event
    store.close()
    key = Path(f"{path}.audit-key")
    assert key.stat().st_mode & 0o777 == 0o600
    reopened = open_store(str(path))
    [(pending,)] = reopened._fetchall(
        "SELECT count(*) FROM audit_events e WHERE NOT EXISTS "
        "(SELECT 1 FROM audit_tree t WHERE t.event_id = e.id)"
    )
    notes, _ = split_notes(Path(f"{path}.checkpoints").read_text())
    assert pending == 0 and parse_signed_checkpoint(notes[-1]).size > 0
    reopened.close()


def test_sealing_refuses_a_tree_that_no_longer_matches_its_latest_checkpoint(
    sealable: Store,
) -> None:
    sealable.seal_audit(analyst(sealable))
    owner_bypasses_triggers(sealable)
    sealable._execute("DELETE FROM audit_tree WHERE seq = (SELECT max(seq) FROM audit_tree)")
    read_people(sealable)
    with pytest.raises(AuditTamperedError, match="tree holds"):
        sealable.seal_audit(analyst(sealable))


def test_sealing_is_open_to_every_person_but_verifying_to_the_auditor(sealable: Store) -> None:
    sealable.seal_audit(make_actor(sealable, Role.BIBOB))
    with pytest.raises(AccessDeniedError):
        sealable.verify_audit(analyst(sealable))


@POSTGRES_ONLY
def test_appends_go_on_while_a_sealer_holds_its_lock(sealable: Store) -> None:
    other = reopen(sealable)
    other._execute("SET lock_timeout = '2s'")
    try:
        with sealable._transaction():
            sealable._hold_sealer_lock()
            read_people(other, 2)  # audited reads append: no wait for the sealer
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.seal_audit(analyst(other))  # a second sealer waits its turn
    finally:
        other.close()


@POSTGRES_ONLY
def test_concurrent_readers_and_sealers_leave_a_log_that_verifies(sealable: Store) -> None:
    sessions = [reopen(sealable) for _ in range(4)]
    for session in sessions:
        analyst(session)  # log in before the threads start

    def work(store: Store) -> None:
        for _ in range(3):
            read_people(store, 3)
            store.seal_audit(analyst(store))

    threads = [threading.Thread(target=work, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for session in sessions:
        session.close()
    auditor = auditor_of(sealable)
    sealable.seal_audit(analyst(sealable))
    report = sealable.verify_audit(auditor)
    assert report.ok and report.pending == 0 and report.checkpoints >= 4


def owner_bypasses_triggers(store: Store) -> None:
    """What a database owner can do: switch off the append-only triggers for its session."""
    if store.dialect == "postgresql":
        store._execute("SET session_replication_role = replica")
