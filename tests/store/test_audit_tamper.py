"""Whoever owns the database and changes the audit tables directly is found out by
``verify_audit``: an updated field, an event deleted in the middle or at the end, a forged
event, two positions swapped, an event edited together with its hashes and every later
checkpoint's root. The owner is simulated as such: on PostgreSQL it switches the append-only
triggers off for its session first (``session_replication_role = replica``)."""

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import analyst, make_actor
from tests.store.conftest import read_people
from verweven.access import Role
from verweven.audit import Frontier, leaf_data, leaf_hash, pack_ids, redact_ids, unpack_ids
from verweven.audit.report import AuditReport, Finding
from verweven.audit.verify import ProblemKind
from verweven.audit.witness import ExportedCheckpoint
from verweven.settings import get_settings
from verweven.store import Store
from verweven.store.rows import AUDIT_EVENT_COLUMNS, audit_event_from_row

AUDIT_TABLES = ("audit_events", "audit_event_ids", "audit_tree", "audit_checkpoints")
TRIALS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@dataclass
class Log:
    """A sealed store (five checkpoints), the checkpoint a partner exported at the end, and
    the size of every checkpoint."""

    store: Store
    exported: ExportedCheckpoint
    sizes: list[int]

    @property
    def size(self) -> int:
        return self.sizes[-1]

    def verify(self, *extra: str) -> AuditReport:
        auditor = make_actor(self.store, Role.AUDITOR, purpose="toezicht")
        return self.store.verify_audit(auditor, extra, [])


@pytest.fixture
def log(sealable: Store) -> Iterator[Log]:
    auditor = make_actor(sealable, Role.AUDITOR, purpose="toezicht")
    for _ in range(5):
        read_people(sealable, 3)
        sealable.seal_audit(analyst(sealable))
    exported = sealable.audit_checkpoint(auditor)
    sizes = [int(r[0]) for r in sealable._fetchall("SELECT size FROM audit_checkpoints")]
    if sealable.dialect == "postgresql":
        sealable._execute("SET session_replication_role = replica")  # the owner's bypass
    for table in AUDIT_TABLES:
        sealable._execute(f"CREATE TABLE kept_{table} AS SELECT * FROM {table}")
    yield Log(sealable, exported, sorted(sizes))


def restore(log: Log) -> None:
    """Put the audit tables back as they were sealed (between random trials)."""
    for table in AUDIT_TABLES:
        log.store._execute(f"DELETE FROM {table}")
        log.store._execute(f"INSERT INTO {table} SELECT * FROM kept_{table}")


# ---- what the owner does ---------------------------------------------------------------------


def tree(store: Store) -> list[tuple[int, str, str]]:
    rows = store._fetchall("SELECT seq, event_id, leaf_hash FROM audit_tree ORDER BY seq")
    return [(int(seq), str(event_id), str(leaf)) for seq, event_id, leaf in rows]


def rewrite_tree(store: Store, rows: list[tuple[str, str]]) -> None:
    """Replace the tree by ``rows`` (event id, leaf hash), numbered from 0."""
    store._execute("DELETE FROM audit_tree")
    for seq, (event_id, leaf) in enumerate(rows):
        store._execute("INSERT INTO audit_tree VALUES (?, ?, ?)", (seq, event_id, leaf))


def event_at(store: Store, position: int) -> str:
    return tree(store)[position][1]


def update_field(store: Store, position: int, field: str) -> None:
    value: object = 999 if field == "result_size" else "vervalst"
    store._execute(
        f"UPDATE audit_events SET {field} = ? WHERE id = ?", (value, event_at(store, position))
    )


def delete_event(store: Store, event_id: str) -> None:
    store._execute("DELETE FROM audit_events WHERE id = ?", (event_id,))
    store._execute("DELETE FROM audit_event_ids WHERE event_id = ?", (event_id,))


def delete_in_the_middle(store: Store, position: int) -> None:
    event_id = event_at(store, position)
    delete_event(store, event_id)
    store._execute("DELETE FROM audit_tree WHERE event_id = ?", (event_id,))


def delete_and_close_the_gap(store: Store, position: int) -> None:
    rows = tree(store)
    delete_event(store, rows[position][1])
    rewrite_tree(store, [row[1:] for n, row in enumerate(rows) if n != position])


def cut_off_the_tail(store: Store, size: int) -> None:
    """Delete every event from position ``size`` on, their tree rows and the checkpoints
    that signed them: what remains agrees with the store's remaining checkpoints."""
    for _, event_id, _ in tree(store)[size:]:
        delete_event(store, event_id)
    store._execute("DELETE FROM audit_tree WHERE seq >= ?", (size,))
    store._execute("DELETE FROM audit_checkpoints WHERE size > ?", (size,))


def insert_forged(store: Store, position: int) -> None:
    """A forged event, with its own correct leaf, put in at ``position``."""
    rows = tree(store)
    columns = AUDIT_EVENT_COLUMNS
    [row] = store._fetchall(
        f"SELECT {columns} FROM audit_events WHERE id = ?", (rows[position][1],)
    )
    forged = audit_event_from_row((*row, None)).model_copy(
        update={"id": "vervalst", "actor": "x", "ids_digest": ""}
    )
    forged = forged.model_copy(update={"leaf_hash": leaf_hash(leaf_data(forged)).hex()})
    values = forged.model_dump(exclude={"seq"})
    values["datasets"] = list(forged.datasets)
    store._execute(
        f"INSERT INTO audit_events ({columns}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    kept = [row[1:] for row in rows]
    rewrite_tree(store, [*kept[:position], (forged.id, forged.leaf_hash), *kept[position:]])


def swap(store: Store, first: int, second: int) -> None:
    rows = [row[1:] for row in tree(store)]
    rows[first], rows[second] = rows[second], rows[first]
    rewrite_tree(store, rows)


def replace_ids(store: Store, position: int) -> None:
    store._execute(
        "UPDATE audit_event_ids SET ids = ? WHERE event_id = ?",
        (pack_ids(["iemand-anders"]), event_at(store, position)),
    )


def edit_and_rehash(store: Store, position: int) -> None:
    """Edit an event, recompute its leaf hash (in the event and the tree) and the root and
    frontier of every checkpoint that covers it — everything but a signature, which takes
    the key."""
    event_id = event_at(store, position)
    store._execute("UPDATE audit_events SET target = 'vervalst' WHERE id = ?", (event_id,))
    [row] = store._fetchall(
        f"SELECT {AUDIT_EVENT_COLUMNS} FROM audit_events WHERE id = ?", (event_id,)
    )
    leaf = leaf_hash(leaf_data(audit_event_from_row((*row, None)))).hex()
    store._execute("UPDATE audit_events SET leaf_hash = ? WHERE id = ?", (leaf, event_id))
    store._execute("UPDATE audit_tree SET leaf_hash = ? WHERE seq = ?", (leaf, position))
    leaves = [bytes.fromhex(row[2]) for row in tree(store)]
    for size, note in store._fetchall(
        "SELECT size, note FROM audit_checkpoints WHERE size > ?", (position,)
    ):
        frontier = Frontier.from_leaf_hashes(leaves[:size])
        lines = note.split("\n")
        lines[2] = base64.b64encode(frontier.root()).decode()
        store._execute(
            "UPDATE audit_checkpoints SET root_hash = ?, frontier = ?, note = ? WHERE size = ?",
            (frontier.root().hex(), frontier.to_bytes().hex(), "\n".join(lines), size),
        )


# ---- each tampering, found --------------------------------------------------------------------

LOG_KINDS = {ProblemKind.ROOT_MISMATCH.value, ProblemKind.LOG_TOO_SHORT.value}
Tampering = Callable[[Log, st.DataObject], tuple[set[str], int | None]]


def positions(log: Log) -> st.SearchStrategy[int]:
    return st.integers(0, log.size - 1)


def tamper_update(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    field = data.draw(
        st.sampled_from(["actor", "partner", "purpose", "action", "target", "result_size"])
    )
    position = data.draw(positions(log))
    update_field(log.store, position, field)
    return {Finding.EVENT_CHANGED.value}, position


def tamper_delete_middle(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    position = data.draw(st.integers(0, log.size - 2))
    delete_in_the_middle(log.store, position)
    return {Finding.POSITION_MISSING.value}, position


def tamper_delete_renumber(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    delete_and_close_the_gap(log.store, data.draw(positions(log)))
    return LOG_KINDS, None


def tamper_cut_tail(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    cut_off_the_tail(log.store, data.draw(st.sampled_from(log.sizes[:-1])))
    return {ProblemKind.LOG_TOO_SHORT.value}, None


def tamper_insert(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    insert_forged(log.store, data.draw(positions(log)))
    return LOG_KINDS | {Finding.UNSIGNED_POSITIONS.value}, None


def tamper_swap(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    first = data.draw(positions(log))
    second = data.draw(positions(log).filter(lambda p: p != first))
    swap(log.store, first, second)
    return {ProblemKind.ROOT_MISMATCH.value}, None


def tamper_ids(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    with_ids = {r[0] for r in log.store._fetchall("SELECT event_id FROM audit_event_ids")}
    candidates = [n for n, (_, e, _) in enumerate(tree(log.store)) if e in with_ids]
    position = data.draw(st.sampled_from(candidates))
    replace_ids(log.store, position)
    return {Finding.IDS_CHANGED.value}, position


def tamper_rehash(log: Log, data: st.DataObject) -> tuple[set[str], int | None]:
    edit_and_rehash(log.store, data.draw(positions(log)))
    return {ProblemKind.BAD_CHECKPOINT.value}, None


TAMPERINGS: list[Tampering] = [
    tamper_update, tamper_delete_middle, tamper_delete_renumber, tamper_cut_tail,
    tamper_insert, tamper_swap, tamper_ids, tamper_rehash,
]  # fmt: skip


def test_an_untouched_log_verifies(log: Log) -> None:
    report = log.verify(log.exported.note)
    assert report.ok and report.sealed == log.size and report.covered == log.size


@TRIALS
@given(data=st.data())
def test_every_tampering_is_found_and_named(log: Log, data: st.DataObject) -> None:
    """Each trial applies every kind of tampering in turn (the log restored in between), at
    positions hypothesis draws: every kind is tried as often as there are trials."""
    for tampering in TAMPERINGS:
        restore(log)
        kinds, position = tampering(log, data)
        problem = log.verify().problem
        assert problem is not None, tampering.__name__
        assert problem.kind in kinds, (tampering.__name__, problem)
        if position is not None:
            assert problem.position == position, (tampering.__name__, problem)


def test_a_cut_off_tail_agrees_with_the_store_but_not_with_the_witness(log: Log) -> None:
    cut_off_the_tail(log.store, log.sizes[2])
    report = log.verify()
    assert report.problem is not None and report.problem.kind == ProblemKind.LOG_TOO_SHORT
    assert "witness file" in report.problem.message


def test_without_a_witness_only_an_exported_checkpoint_catches_a_cut_off_tail(
    log: Log, monkeypatch: pytest.MonkeyPatch
) -> None:
    witness = log.store._witness_path()
    assert witness is not None
    if log.store.dialect == "postgresql":
        monkeypatch.delenv("VERWEVEN_AUDIT_WITNESS")  # an operator who keeps none
        get_settings.cache_clear()
    else:
        witness.unlink()  # the embedded store's witness, deleted with the tail
    cut_off_the_tail(log.store, log.sizes[2])
    alone = log.verify()
    assert {p.kind for p in alone.problems} <= {Finding.WITNESS.value}  # the log agrees
    report = log.verify(log.exported.note)
    assert report.problem is not None and report.problem.kind == ProblemKind.LOG_TOO_SHORT
    assert "given checkpoint 1" in report.problem.message


def test_an_event_changed_before_it_was_sealed_is_found_once_sealed(log: Log) -> None:
    read_people(log.store)
    [(pending,)] = log.store._fetchall(
        "SELECT id FROM audit_events WHERE action = 'read' AND id NOT IN "
        "(SELECT event_id FROM audit_tree)"
    )
    log.store._execute("UPDATE audit_events SET purpose = 'vervalst' WHERE id = ?", (pending,))
    found = log.verify().problem
    assert found is not None and found.kind == Finding.PENDING_CHANGED
    log.store.seal_audit(analyst(log.store))
    problem = log.verify().problem
    assert problem is not None and (problem.kind, problem.event_id) == (
        Finding.EVENT_CHANGED,
        pending,
    )


def test_a_purged_record_leaves_events_that_still_verify(log: Log) -> None:
    before = log.verify()
    events = log.store._fetchall("SELECT event_id, ids FROM audit_event_ids")
    key = log.store._id_key()
    for event_id, blob in events:
        redacted = redact_ids(key, unpack_ids(blob), {"p1"})
        log.store._execute(
            "UPDATE audit_event_ids SET ids = ? WHERE event_id = ?", (pack_ids(redacted), event_id)
        )
    assert before.ok and log.verify().ok


def test_an_exported_checkpoint_is_json_a_partner_can_read(log: Log) -> None:
    content = json.loads(log.exported.to_json())
    assert content["size"] == log.size and content["checkpoint"] == log.exported.note
