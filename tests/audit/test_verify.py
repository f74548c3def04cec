"""Every tampering a store can suffer at the level of its leaves is found by ``verify_log``.

Each property draws a log of distinct events, checkpoints at random sizes (in random order, as
partners hand them in) and one tampering; the report must name the first checkpoint that
covers the tampered position.
"""

import hashlib
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from verweven.audit.checkpoint import Checkpoint, sign_checkpoint
from verweven.audit.merkle import MerkleTree, leaf_hash, root
from verweven.audit.note import VerifierKey
from verweven.audit.verify import ProblemKind, _check_consistency, verify_log

ORIGIN = "verweven.example/audit/riec-zuid"
OPERATOR = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"operator").digest())
KEY = VerifierKey(ORIGIN, OPERATOR.public_key())
START = datetime(2027, 1, 1, tzinfo=UTC)
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True)

# (number of events, checkpoint sizes in the order they are handed in)
logs = st.integers(2, 80).flatmap(
    lambda count: st.tuples(
        st.just(count), st.lists(st.integers(1, count), min_size=1, max_size=6, unique=True)
    )
)


def make_events(count: int, label: str = "event") -> list[bytes]:
    return [leaf_hash(f"{label} {number}".encode()) for number in range(count)]


def make_checkpoint(leaves: list[bytes], size: int) -> Checkpoint:
    return Checkpoint(ORIGIN, size, root(leaves[:size]), START + timedelta(hours=size))


def sign_prefixes(
    leaves: list[bytes], sizes: list[int], key: Ed25519PrivateKey = OPERATOR
) -> list[str]:
    return [sign_checkpoint(make_checkpoint(leaves, size), key) for size in sizes]


def first_covering(sizes: list[int], position: int) -> tuple[int, int]:
    """(1-based number in the list, size) of the smallest checkpoint covering ``position``."""
    size = min(size for size in sizes if size > position)
    return sizes.index(size) + 1, size


def test_untouched_log_verifies_and_says_what_it_covered() -> None:
    events = make_events(10)
    report = verify_log(events, sign_prefixes(events, [7, 3]), KEY)
    assert report.ok
    assert (report.log_size, report.checkpoints, report.covered_size) == (10, 2, 7)
    assert report.log_root == root(events)


@PROPERTY
@given(logs, st.data())
def test_altered_event_is_found_with_the_range_it_lies_in(
    log: tuple[int, list[int]], data: st.DataObject
) -> None:
    count, sizes = log
    events = make_events(count)
    position = data.draw(st.integers(0, max(sizes) - 1))
    tampered = events.copy()
    tampered[position] = leaf_hash(b"rewritten")
    problem = verify_log(tampered, sign_prefixes(events, sizes), KEY).problem
    number, size = first_covering(sizes, position)
    assert problem is not None
    assert (problem.kind, problem.checkpoint, problem.size) == (
        ProblemKind.ROOT_MISMATCH,
        number,
        size,
    )
    assert problem.changed_from is not None and problem.changed_from <= position < size
    assert problem.expected_root == root(events[:size])
    assert problem.found_root == root(tampered[:size])


@PROPERTY
@given(logs, st.data())
def test_event_deleted_in_the_middle_is_found(
    log: tuple[int, list[int]], data: st.DataObject
) -> None:
    count, sizes = log
    events = make_events(count)
    position = data.draw(st.integers(0, max(sizes) - 1))
    tampered = events[:position] + events[position + 1 :]
    problem = verify_log(tampered, sign_prefixes(events, sizes), KEY).problem
    number, size = first_covering(sizes, position)
    expected = ProblemKind.ROOT_MISMATCH if size <= len(tampered) else ProblemKind.LOG_TOO_SHORT
    assert problem is not None
    assert (problem.kind, problem.checkpoint, problem.size) == (expected, number, size)


@PROPERTY
@given(logs, st.data())
def test_events_deleted_at_the_tail_leave_the_log_shorter_than_a_checkpoint(
    log: tuple[int, list[int]], data: st.DataObject
) -> None:
    count, sizes = log
    events = make_events(count)
    kept = data.draw(st.integers(0, max(sizes) - 1))
    problem = verify_log(events[:kept], sign_prefixes(events, sizes), KEY).problem
    number, size = first_covering(sizes, kept)
    assert problem is not None
    assert (problem.kind, problem.checkpoint, problem.size) == (
        ProblemKind.LOG_TOO_SHORT,
        number,
        size,
    )
    assert f"signed {size} events, but the log holds {kept}" in problem.message


@PROPERTY
@given(logs, st.data())
def test_inserted_event_is_found(log: tuple[int, list[int]], data: st.DataObject) -> None:
    count, sizes = log
    events = make_events(count)
    position = data.draw(st.integers(0, max(sizes) - 1))
    tampered = [*events[:position], leaf_hash(b"slipped in"), *events[position:]]
    problem = verify_log(tampered, sign_prefixes(events, sizes), KEY).problem
    number, _ = first_covering(sizes, position)
    assert problem is not None
    assert (problem.kind, problem.checkpoint) == (ProblemKind.ROOT_MISMATCH, number)


@PROPERTY
@given(logs, st.data())
def test_two_swapped_events_are_found(log: tuple[int, list[int]], data: st.DataObject) -> None:
    count, sizes = log
    events = make_events(count)
    first = data.draw(st.integers(0, max(sizes) - 1))
    second = data.draw(st.integers(0, count - 1).filter(lambda other: other != first))
    low, high = sorted((first, second))
    tampered = events.copy()
    tampered[low], tampered[high] = events[high], events[low]
    problem = verify_log(tampered, sign_prefixes(events, sizes), KEY).problem
    number, _ = first_covering(sizes, low)
    assert problem is not None
    assert (problem.kind, problem.checkpoint) == (ProblemKind.ROOT_MISMATCH, number)


@PROPERTY
@given(logs, st.data())
def test_recomputed_but_unsigned_checkpoints_are_refused(
    log: tuple[int, list[int]], data: st.DataObject
) -> None:
    """Whoever alters an event and rewrites the roots of later checkpoints, without the key,
    breaks their signatures."""
    count, sizes = log
    events = make_events(count)
    position = data.draw(st.integers(0, max(sizes) - 1))
    tampered = events.copy()
    tampered[position] = leaf_hash(b"rewritten")
    notes = sign_prefixes(events, sizes)
    for index, size in enumerate(sizes):
        if size > position:
            old_line = make_checkpoint(events, size).to_text().split("\n")[2]
            new_line = make_checkpoint(tampered, size).to_text().split("\n")[2]
            notes[index] = notes[index].replace(old_line, new_line)
    problem = verify_log(tampered, notes, KEY).problem
    first_rewritten = next(n for n, size in enumerate(sizes, 1) if size > position)
    assert problem is not None
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
