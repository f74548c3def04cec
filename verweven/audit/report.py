"""What sealing and verifying a store's audit log report: plain data, for the CLI and the API."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Finding(StrEnum):
    """The kinds of problem a verification finds in a store's log (beside ``verify_log``'s
    own: bad_checkpoint, log_too_short, root_mismatch, inconsistent)."""

    POSITION_MISSING = "position_missing"
    """A position of the tree is missing or out of order: a tree row was deleted or moved."""
    EVENT_MISSING = "event_missing"
    """A position names an event that is no longer in the log: the event was deleted."""
    EVENT_CHANGED = "event_changed"
    """A sealed event's content no longer gives the leaf hash that was sealed."""
    IDS_CHANGED = "ids_changed"
    """The entity ids kept for an event no longer give the digest its leaf commits to."""
    CHECKPOINT_ROW = "checkpoint_row"
    """A stored checkpoint's size, root or frontier columns differ from what was signed."""
    UNSIGNED_POSITIONS = "unsigned_positions"
    """The tree holds positions no checkpoint signs (sealing writes both at once)."""
    NO_VERIFIER_KEY = "no_verifier_key"
    """Checkpoints exist but the store records no key to check them with."""
    WITNESS = "witness"
    """The witness file is missing or ends in a broken checkpoint."""
    PENDING_CHANGED = "pending_changed"
    """An event not yet sealed no longer gives the leaf hash it was written with."""


@dataclass(frozen=True)
class AuditProblem:
    """One problem: its kind (a ``Finding`` or a ``ProblemKind`` value), a sentence for a
    person, and the position and event it concerns where there is one."""

    kind: str
    message: str
    position: int | None = None
    event_id: str | None = None


@dataclass(frozen=True)
class AuditReport:
    """The outcome of verifying a store's audit log.

    ``sealed`` events have a position; ``pending`` ones were appended since the last seal and
    no checkpoint covers them yet. ``checkpoints`` distinct signed checkpoints were checked
    (``from_witness`` of them from the witness file, ``given`` from files handed in); the
    largest that verified covers the first ``covered`` events. ``problems`` are in the order
    a person should read them (the first is the most precise); ``problem_count`` counts them
    all, also those beyond the first ``MAX_PROBLEMS`` that are kept."""

    origin: str
    sealed: int
    pending: int
    checkpoints: int
    from_witness: int
    given: int
    covered: int
    root: bytes
    keys: tuple[str, ...]
    witness: Path | None
    problems: tuple[AuditProblem, ...]
    problem_count: int

    @property
    def ok(self) -> bool:
        """True when nothing was found: every sealed event is where a checkpoint says."""
        return not self.problems

    @property
    def problem(self) -> AuditProblem | None:
        """The first problem, or None."""
        return self.problems[0] if self.problems else None


MAX_PROBLEMS = 50


@dataclass(frozen=True)
class SealReport:
    """What one seal did: ``sealed`` events got positions; the log now has ``size`` events
    with root ``root``, signed in ``note`` with the key in file ``key`` (checked with
    ``verifier_key``), and appended to ``witness`` when one is kept and the note is new."""

    sealed: int
    size: int
    root: bytes
    note: str
    verifier_key: str
    key: Path
    witness: Path | None = None
