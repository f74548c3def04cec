"""The checks verification runs over the audit log's rows: each sealed event against its
leaf and its entity ids, positions without gaps, stored checkpoints against what they signed,
and the log against every checkpoint (``verify_log``). Pure functions of the rows given."""

import zlib
from collections.abc import Iterable

from verweven.audit.checkpoint import parse_signed_checkpoint
from verweven.audit.event import AuditEvent, ids_digest, leaf_data, unpack_ids
from verweven.audit.merkle import leaf_hash, root
from verweven.audit.note import VerifierKey
from verweven.audit.report import MAX_PROBLEMS, AuditProblem, Finding
from verweven.audit.verify import verify_log
from verweven.errors import AuditTamperedError
from verweven.store.audit_seal import frontier_problem, stored_frontier
from verweven.store.rows import AUDIT_EVENT_COLUMNS, Row, audit_event_from_row

EVENT_FIELDS = len(AUDIT_EVENT_COLUMNS.split(","))


class Problems:
    """Problems in reading order, the first ``MAX_PROBLEMS`` kept and all counted."""

    def __init__(self) -> None:
        self.kept: list[AuditProblem] = []
        self.count = 0

    def add(self, problem: AuditProblem) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def add_all(self, problems: Iterable[AuditProblem]) -> None:
        for problem in problems:
            self.add(problem)


class TreeCheck:
    """Reads the tree in position order: recomputes each event's leaf from its content and
    checks its entity ids; the leaves it keeps are the recomputed ones."""

    def __init__(self, id_key: bytes) -> None:
        self.id_key = id_key
        self.leaves: list[bytes] = []
        self.problems: list[AuditProblem] = []

    def add(self, row: Row) -> None:
        seq, event_id, sealed_leaf = int(row[0]), str(row[1]), str(row[2])
        event_row, ids = row[3 : 3 + EVENT_FIELDS], row[3 + EVENT_FIELDS]
        expected = len(self.leaves)
        if seq != expected:
            self.problems.append(
                AuditProblem(
                    Finding.POSITION_MISSING,
                    f"the tree goes from position {expected - 1} to {seq}: position {expected}"
                    f" (and any up to {seq - 1}) was removed or moved",
                    expected,
                    event_id,
                )
            )
        if event_row[0] is None:
            self.problems.append(
                AuditProblem(
                    Finding.EVENT_MISSING,
                    f"position {seq} seals event {event_id}, which is no longer in the log:"
                    " the event was deleted",
                    seq,
                    event_id,
                )
            )
            self.leaves.append(_hash_or_empty(sealed_leaf))
            return
        event = audit_event_from_row((*event_row, seq))
        leaf = leaf_hash(leaf_data(event))
        self.problems += _event_problems(event, leaf, sealed_leaf, ids, self.id_key)
        self.leaves.append(leaf)


class PendingCheck:
    """Counts the events no seal has reached yet and checks each against the leaf hash it
    was written with (nothing else protects them until they are sealed)."""

    def __init__(self, id_key: bytes) -> None:
        self.id_key = id_key
        self.count = 0
        self.problems: list[AuditProblem] = []

    def add(self, row: Row) -> None:
        self.count += 1
        event = audit_event_from_row((*row[:EVENT_FIELDS], None))
        leaf = leaf_hash(leaf_data(event))
        ids = row[EVENT_FIELDS]
        for problem in _event_problems(event, leaf, event.leaf_hash, ids, self.id_key):
            changed = problem.kind == Finding.EVENT_CHANGED
            kind = Finding.PENDING_CHANGED if changed else problem.kind
            self.problems.append(AuditProblem(kind, problem.message, None, event.id))


def _event_problems(
    event: AuditEvent, leaf: bytes, sealed_leaf: str, ids: bytes | None, id_key: bytes
) -> list[AuditProblem]:
    """What is wrong with one event: content that no longer gives its leaf, a stored leaf
    hash that was changed, entity ids that no longer give its ids digest."""
    where = f"at position {event.seq}" if event.seq is not None else "(not yet sealed)"
    what = f"event {event.id} {where} ({event.action} by {event.actor}, {event.occurred_at})"
    problems = []
    if leaf.hex() != sealed_leaf:
        problems.append(
            AuditProblem(
                Finding.EVENT_CHANGED,
                f"{what} was changed: its content hashes to {leaf.hex()}, it was sealed (or"
                f" written) as {sealed_leaf}",
                event.seq,
                event.id,
            )
        )
    elif event.leaf_hash != sealed_leaf:
        problems.append(
            AuditProblem(
                Finding.EVENT_CHANGED,
                f"{what}: its stored leaf hash was changed to {event.leaf_hash}, it was sealed as"
                f" {sealed_leaf}",
                event.seq,
                event.id,
            )
        )
    try:
        entries = unpack_ids(ids)
    except zlib.error:
        entries = ["(unreadable)"]
    if ids_digest(id_key, entries) != event.ids_digest:
        problems.append(
            AuditProblem(
                Finding.IDS_CHANGED,
                f"the {len(entries)} entity ids kept for {what} do not give the digest its leaf"
                " commits to: ids were added, removed or replaced (a purged id replaced by its"
                " digest would still verify)",
                event.seq,
                event.id,
            )
        )
    return problems


def checkpoint_row_problems(rows: list[Row]) -> list[AuditProblem]:
    """Stored checkpoints whose size, root or frontier columns differ from the signed note
    (the note itself is checked by ``verify_log``)."""
    problems = []
    for size, root_hex, frontier_hex, note in sorted(rows, key=lambda row: int(row[0])):
        try:
            signed = parse_signed_checkpoint(note)
        except AuditTamperedError:
            continue  # verify_log names a malformed note
        try:
            frontier = stored_frontier(str(frontier_hex), int(size))
            problem = frontier_problem(signed, int(size), str(root_hex), frontier)
        except AuditTamperedError as error:
            problem = str(error)
        if problem:
            problems.append(
                AuditProblem(
                    Finding.CHECKPOINT_ROW, f"the store's checkpoint of size {size} {problem}"
                )
            )
    return problems


def check_log(
    leaves: list[bytes], labelled: list[tuple[str, str]], keys: list[VerifierKey]
) -> tuple[int, bytes, AuditProblem | None]:
    """``verify_log`` over every labelled checkpoint: the size covered, the log's root and
    its problem, named by where the checkpoint came from."""
    if not labelled:
        return 0, root(leaves), None
    if not keys:
        message = "the store has checkpoints but records no verifier key: they were removed"
        return 0, root(leaves), AuditProblem(Finding.NO_VERIFIER_KEY, message)
    result = verify_log(leaves, [note for note, _ in labelled], keys)
    if result.problem is None:
        return result.covered_size, result.log_root, None
    number = result.problem.checkpoint
    message = f"{result.problem.message} (checkpoint {number} is {labelled[number - 1][1]})"
    return (
        0,
        result.log_root,
        AuditProblem(result.problem.kind, message, result.problem.changed_from),
    )


def labelled_notes(notes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each distinct note once (the store and its witness keep the same ones), with the
    label of where it was first found."""
    seen: dict[str, str] = {}
    for note, label in notes:
        seen.setdefault(note, label)
    return list(seen.items())


def _hash_or_empty(hex_hash: str) -> bytes:
    try:
        return bytes.fromhex(hex_hash)
    except ValueError:
        return b""
