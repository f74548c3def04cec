"""Check an audit log's leaves against every signed checkpoint anyone kept of it.

Given all leaf hashes in sequence order and the signed checkpoints (the store's own and older
ones a partner or the supervisor exported), ``verify_log`` checks, in this order:

1. every checkpoint's signature, with the operator's verifier key;
2. that the root of the log's first ``size`` leaves equals each checkpoint's root, smallest
   size first, so a mismatch names the range of leaves where the change must lie;
3. that each checkpoint is consistent with the next larger one, by a consistency proof built
   from the leaves and verified as a partner holding only checkpoints would verify it.

Step 3 cannot fail once step 2 passed (both roots are of prefixes of the same leaves); it is
kept because it is the check an outside verifier runs, and it stays cheap (O(log² n) each).
It stops at the first problem and says which checkpoint, which size, and which roots.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from verweven.audit.checkpoint import Checkpoint, verify_signed_checkpoint
from verweven.audit.merkle import MerkleTree, verify_consistency
from verweven.audit.note import VerifierKey
from verweven.errors import AuditTamperedError


class ProblemKind(StrEnum):
    """What went wrong, for a program; the problem's message says it for a person."""

    BAD_CHECKPOINT = "bad_checkpoint"
    LOG_TOO_SHORT = "log_too_short"
    ROOT_MISMATCH = "root_mismatch"
    INCONSISTENT = "inconsistent"


@dataclass(frozen=True)
class LogProblem:
    """The first problem found.

    ``checkpoint`` is the 1-based position of the checkpoint in the list given; ``size`` the
    tree size it signed; ``expected_root`` the root it signed and ``found_root`` the root of
    the log's first ``size`` leaves. For a root mismatch, the leaves before ``changed_from``
    (0-based) match an earlier checkpoint, so the change lies at or after it."""

    kind: ProblemKind
    checkpoint: int
    message: str
    size: int | None = None
    expected_root: bytes | None = None
    found_root: bytes | None = None
    changed_from: int | None = None


@dataclass(frozen=True)
class LogVerification:
    """The outcome of ``verify_log``: what was checked, and the first problem if any.

    ``checkpoints`` is how many signed checkpoints were given. Leaves after ``covered_size``
    (the largest verified checkpoint) are in no checkpoint yet: nothing can show that they
    were not changed."""

    log_size: int
    log_root: bytes
    checkpoints: int
    covered_size: int
    problem: LogProblem | None

    @property
    def ok(self) -> bool:
        """True when every checkpoint verified and matches the log."""
        return self.problem is None


def verify_log(
    leaf_hashes: Sequence[bytes],
    signed_checkpoints: Sequence[str | bytes],
    key: VerifierKey | Sequence[VerifierKey],
) -> LogVerification:
    """Check ``leaf_hashes`` (in sequence order) against ``signed_checkpoints`` (any order).

    ``key`` may be several keys of the log (its signing key was replaced): each checkpoint
    must verify with the key its signature names."""
    tree = MerkleTree(leaf_hashes)
    checkpoints, problem = _verify_signatures(signed_checkpoints, key)
    by_size = sorted(enumerate(checkpoints, 1), key=lambda numbered: numbered[1].size)
    if problem is None:
        problem = _check_roots(tree, by_size) or _check_consistency(tree, by_size)
    covered = 0 if problem or not by_size else by_size[-1][1].size
    return LogVerification(tree.size, tree.root(), len(signed_checkpoints), covered, problem)


def _verify_signatures(
    signed_checkpoints: Sequence[str | bytes], key: VerifierKey | Sequence[VerifierKey]
) -> tuple[list[Checkpoint], LogProblem | None]:
    checkpoints: list[Checkpoint] = []
    for number, note in enumerate(signed_checkpoints, 1):
        try:
            checkpoints.append(verify_signed_checkpoint(note, key))
        except AuditTamperedError as error:
            message = f"checkpoint {number} does not verify: {error}"
            return checkpoints, LogProblem(ProblemKind.BAD_CHECKPOINT, number, message)
    return checkpoints, None


def _check_roots(tree: MerkleTree, by_size: list[tuple[int, Checkpoint]]) -> LogProblem | None:
    matched: list[int] = []
    for number, checkpoint in by_size:
        size, expected = checkpoint.size, checkpoint.root_hash
        if size > tree.size:
            message = (
                f"checkpoint {number} signed {size} events, but the log holds {tree.size}:"
                f" events were removed from the log"
            )
            return LogProblem(ProblemKind.LOG_TOO_SHORT, number, message, size, expected)
        if tree.root(size) != expected:
            changed_from = max((below for below in matched if below < size), default=0)
            return _root_mismatch(tree, by_size, number, checkpoint, changed_from)
        matched.append(size)
    return None


def _root_mismatch(
    tree: MerkleTree,
    by_size: list[tuple[int, Checkpoint]],
    number: int,
    checkpoint: Checkpoint,
    changed_from: int,
) -> LogProblem:
    """The problem of a checkpoint whose root the log no longer gives. When a larger, equally
    well signed checkpoint does match the log, the key signed two histories: a rewrite by
    someone holding the key, caught by a checkpoint kept elsewhere."""
    size, expected, found = checkpoint.size, checkpoint.root_hash, tree.root(checkpoint.size)
    message = (
        f"checkpoint {number} signed root {expected.hex()} for the first {size} events,"
        f" the log gives {found.hex()}: among events number {changed_from + 1} to {size},"
        " one was changed, removed, inserted or moved"
    )
    resigned = [n for n, later in by_size if later.size >= size and _matches(tree, later)]
    if resigned:
        message += (
            f"; checkpoint {resigned[0]}, signed by the same key, matches the changed log:"
            " the key signed two different histories"
        )
    kind = ProblemKind.ROOT_MISMATCH
    return LogProblem(kind, number, message, size, expected, found, changed_from)


def _matches(tree: MerkleTree, checkpoint: Checkpoint) -> bool:
    return checkpoint.size <= tree.size and tree.root(checkpoint.size) == checkpoint.root_hash


def _check_consistency(
    tree: MerkleTree, by_size: list[tuple[int, Checkpoint]]
) -> LogProblem | None:
    for (_, old), (number, new) in pairwise(by_size):
        proof = tree.consistency_proof(old.size, new.size)
        if not verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof):
            message = (
                f"checkpoint {number} (size {new.size}) is not an extension of the checkpoint"
                f" of size {old.size}: history was rewritten between them"
            )
            return LogProblem(
                ProblemKind.INCONSISTENT,
                number,
                message,
                new.size,
                new.root_hash,
                tree.root(new.size),
            )
    return None
