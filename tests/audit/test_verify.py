"""Every tampering a store can suffer at the level of its leaves is found by ``verify_log``.

Each property draws a log of distinct events, checkpoints at random sizes (in random order, as
partners hand them in) and one tampering; the report must name the first checkpoint that
covers the tampered position.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from verweven.audit.checkpoint import Checkpoint, sign_checkpoint
from verweven.audit.merkle import MerkleTree, leaf_hash, root
from verweven.audit.note import VerifierKey
from verweven.audit.verify import LogProblem, ProblemKind, _check_consistency, verify_log

ORIGIN = "verweven.example/audit/riec-zuid"
OPERATOR = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"operator").digest())
KEY = VerifierKey(ORIGIN, OPERATOR.public_key())
START = datetime(2027, 1, 1, tzinfo=UTC)
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True)


@dataclass(frozen=True)
class Case:
    """A log of distinct ``events``, checkpoints of ``sizes`` (in the order they are
    handed in) and a ``position`` that the largest checkpoint covers."""

    events: list[bytes]
    sizes: list[int]
    position: int

    def covering(self, position: int | None = None) -> tuple[int, int]:
        """(1-based number in the list, size) of the smallest checkpoint covering a position."""
        position = self.position if position is None else position
        size = min(size for size in self.sizes if size > position)
        return self.sizes.index(size) + 1, size

    def problem(self, tampered: list[bytes], notes: list[str] | None = None) -> LogProblem:
        """The problem ``verify_log`` finds in ``tampered`` (there must be one)."""
        notes = sign_prefixes(self.events, self.sizes) if notes is None else notes
        problem = verify_log(tampered, notes, KEY).problem
        assert problem is not None
        return problem


@st.composite
def cases(draw: st.DrawFn) -> Case:
    count = draw(st.integers(2, 80))
    sizes = draw(st.lists(st.integers(1, count), min_size=1, max_size=6, unique=True))
    return Case(make_events(count), sizes, draw(st.integers(0, max(sizes) - 1)))


def make_events(count: int, label: str = "event") -> list[bytes]:
    return [leaf_hash(f"{label} {number}".encode()) for number in range(count)]


def make_checkpoint(leaves: list[bytes], size: int) -> Checkpoint:
    return Checkpoint(ORIGIN, size, root(leaves[:size]), START + timedelta(hours=size))


def sign_prefixes(
    leaves: list[bytes], sizes: list[int], key: Ed25519PrivateKey = OPERATOR
) -> list[str]:
    return [sign_checkpoint(make_checkpoint(leaves, size), key) for size in sizes]


def test_untouched_log_verifies_and_says_what_it_covered() -> None:
    events = make_events(10)
    report = verify_log(events, sign_prefixes(events, [7, 3]), KEY)
    assert report.ok
    assert (report.log_size, report.checkpoints, report.covered_size) == (10, 2, 7)
    assert report.log_root == root(events)


@PROPERTY
@given(cases())
def test_altered_event_is_found_with_the_range_it_lies_in(case: Case) -> None:
    tampered = case.events.copy()
    tampered[case.position] = leaf_hash(b"rewritten")
    problem = case.problem(tampered)
    number, size = case.covering()
    assert (problem.kind, problem.checkpoint, problem.size) == (
        ProblemKind.ROOT_MISMATCH,
        number,
        size,
    )
    assert problem.changed_from is not None and problem.changed_from <= case.position < size
    assert problem.expected_root == root(case.events[:size])
    assert problem.found_root == root(tampered[:size])


@PROPERTY
@given(cases())
def test_event_deleted_in_the_middle_is_found(case: Case) -> None:
    tampered = case.events[: case.position] + case.events[case.position + 1 :]
    problem = case.problem(tampered)
    number, size = case.covering()
    expected = ProblemKind.ROOT_MISMATCH if size <= len(tampered) else ProblemKind.LOG_TOO_SHORT
    assert (problem.kind, problem.checkpoint, problem.size) == (expected, number, size)


@PROPERTY
@given(cases())
def test_events_deleted_at_the_tail_leave_the_log_shorter_than_a_checkpoint(case: Case) -> None:
    kept = case.position
    problem = case.problem(case.events[:kept])
    number, size = case.covering()
    assert (problem.kind, problem.checkpoint, problem.size) == (
        ProblemKind.LOG_TOO_SHORT,
        number,
        size,
    )
    assert f"signed {size} events, but the log holds {kept}" in problem.message


@PROPERTY
@given(cases())
def test_inserted_event_is_found(case: Case) -> None:
    position = case.position
    problem = case.problem(
        [*case.events[:position], leaf_hash(b"slipped in"), *case.events[position:]]
    )
    assert (problem.kind, problem.checkpoint) == (ProblemKind.ROOT_MISMATCH, case.covering()[0])


@PROPERTY
@given(cases(), st.data())
def test_two_swapped_events_are_found(case: Case, data: st.DataObject) -> None:
    other = data.draw(st.integers(0, len(case.events) - 1).filter(lambda i: i != case.position))
    low, high = sorted((case.position, other))
    tampered = case.events.copy()
    tampered[low], tampered[high] = case.events[high], case.events[low]
    problem = case.problem(tampered)
    assert (problem.kind, problem.checkpoint) == (ProblemKind.ROOT_MISMATCH, case.covering(low)[0])


@PROPERTY
@given(cases())
def test_recomputed_but_unsigned_checkpoints_are_refused(case: Case) -> None:
    """Whoever alters an event and rewrites the roots of later checkpoints, without the key,
    breaks their signatures."""
    tampered = case.events.copy()
    tampered[case.position] = leaf_hash(b"rewritten")
    notes = sign_prefixes(case.events, case.sizes)
    for index, size in enumerate(case.sizes):
        if size > case.position:
            old_line = make_checkpoint(case.events, size).to_text().split("\n")[2]
            new_line = make_checkpoint(tampered, size).to_text().split("\n")[2]
            notes[index] = notes[index].replace(old_line, new_line)
    problem = case.problem(tampered, notes)
    first_rewritten = next(n for n, size in enumerate(case.sizes, 1) if size > case.position)
    assert (problem.kind, problem.checkpoint) == (ProblemKind.BAD_CHECKPOINT, first_rewritten)
    assert "does not match the note's text" in problem.message


def test_key_holder_can_resign_a_rewritten_log_unless_a_checkpoint_was_kept_outside() -> None:
    events = make_events(20)
    exported = sign_prefixes(events, [12])
    tampered = events.copy()
    tampered[5] = leaf_hash(b"rewritten")
    resigned = sign_prefixes(tampered, [12, 20])
    assert verify_log(tampered, resigned, KEY).ok
    problem = verify_log(tampered, [*resigned, *exported], KEY).problem
    assert problem is not None
    assert (problem.kind, problem.checkpoint, problem.size) == (ProblemKind.ROOT_MISMATCH, 3, 12)
    assert problem.changed_from == 0
    assert "checkpoint 1, signed by the same key, matches the changed log" in problem.message


def test_store_tampering_without_the_key_is_not_called_a_second_history() -> None:
    events = make_events(20)
    tampered = [*events[:5], leaf_hash(b"rewritten"), *events[6:]]
    problem = verify_log(tampered, sign_prefixes(events, [12, 20]), KEY).problem
    assert problem is not None
    assert "two different histories" not in problem.message


def test_change_after_the_last_checkpoint_is_not_covered() -> None:
    events = make_events(10)
    notes = sign_prefixes(events, [6])
    tampered = [*events[:8], leaf_hash(b"rewritten"), events[9]]
    report = verify_log(tampered, notes, KEY)
    assert report.ok
    assert (report.covered_size, report.log_size) == (6, 10)


def test_checkpoint_signed_by_another_key_is_named() -> None:
    events = make_events(10)
    intruder = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"intruder").digest())
    notes = [*sign_prefixes(events, [4]), *sign_prefixes(events, [8], intruder)]
    problem = verify_log(events, notes, KEY).problem
    assert problem is not None
    assert (problem.kind, problem.checkpoint) == (ProblemKind.BAD_CHECKPOINT, 2)
    assert problem.message.startswith("checkpoint 2 does not verify: the note is not signed")


def test_checkpoints_that_are_not_one_history_are_inconsistent() -> None:
    """``verify_log`` compares roots first, so this check is reached directly: two checkpoints
    of different histories fail the consistency proof built from either."""
    events, other = make_events(10), make_events(10, label="other")
    old, new = make_checkpoint(events, 4), make_checkpoint(other, 9)
    problem = _check_consistency(MerkleTree(events), [(1, old), (2, new)])
    assert problem is not None
    assert (problem.kind, problem.checkpoint, problem.size) == (ProblemKind.INCONSISTENT, 2, 9)
    assert (
        _check_consistency(MerkleTree(events), [(1, old), (2, make_checkpoint(events, 9))]) is None
    )


def test_a_log_whose_key_was_replaced_verifies_with_both_keys() -> None:
    successor = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"successor").digest())
    events = make_events(10)
    notes = sign_prefixes(events, [3, 6]) + sign_prefixes(events, [9], successor)
    both = [KEY, VerifierKey(ORIGIN, successor.public_key())]
    assert verify_log(events, notes, both).ok
    problem = verify_log(events, notes, KEY).problem
    assert problem is not None and (problem.kind, problem.checkpoint) == (
        ProblemKind.BAD_CHECKPOINT,
        3,
    )
