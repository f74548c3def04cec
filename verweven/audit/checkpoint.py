"""Signed checkpoints: the size and root of the audit log at one moment, signed by the operator.

The format is C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) inside a signed note::

    verweven.example/audit/riec-zuid
    4
    iax+GcpBMUkmrevaMtKI/voYh5ecUbmN+cwHawy0e20=
    time 2027-01-05T10:15:00Z

    — verweven.example/audit/riec-zuid 2tUMcPIGkjyBb1vk24ffmIZIi66iTxCI78Z0c2/Rk5ONEcUn…

Line one is the origin, the log's name, which is also the name of the key that signs it (the
spec's SHOULD); line two the number of leaves; line three the base64 root hash. The spec allows
opaque extension lines; verweven writes one, ``time <ISO 8601, UTC>``, so a checkpoint says when
it was made. The signature covers that line, but nothing else can check it: it is the signer's
word, where the size and root are checkable by anyone holding the leaves.
"""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verweven.audit.merkle import HASH_SIZE
from verweven.audit.note import (
    VerifierKey,
    decode_base64,
    name_problem,
    open_note,
    parse_note,
    sign_note,
)
from verweven.errors import AuditTamperedError, UsageError

TIME_PREFIX = "time "
MAX_SIZE = 2**63 - 1


@dataclass(frozen=True)
class Checkpoint:
    """The log named ``origin`` had ``size`` leaves with root ``root_hash`` at ``timestamp``."""

    origin: str
    size: int
    root_hash: bytes
    timestamp: datetime | None = None

    def __post_init__(self) -> None:
        problem = _value_problem(self.origin, self.size, self.root_hash, self.timestamp)
        if problem:
            raise UsageError(f"checkpoint of {self.origin!r} at size {self.size}: {problem}")

    def to_text(self) -> str:
        """The note text: origin, size, base64 root, and the time line if there is a time."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        if self.timestamp is not None:
            lines.append(TIME_PREFIX + _format_time(self.timestamp))
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str) -> "Checkpoint":
        """Read a note text written by ``to_text``; anything else raises AuditTamperedError.

        Strict: only the canonical spelling of every line is accepted, so a checkpoint
        round-trips to the very text that was signed."""
        lines = text.split("\n")
        if len(lines) not in (4, 5) or lines[-1] != "":
            raise _malformed(text, "it is not 3 lines (origin, size, root) and a time line")
        origin, size, root = lines[:3]
        timestamp = _parse_time(text, lines[3]) if len(lines) == 5 else None
        root_hash = decode_base64(root)
        if not (size.isascii() and size.isdigit() and str(int(size)) == size):
            raise _malformed(text, f"its size {size!r} is not a decimal without leading zeros")
        if root_hash is None:
            raise _malformed(text, f"its root {root!r} is not canonical base64")
        problem = _value_problem(origin, int(size), root_hash, timestamp)
        if problem:
            raise _malformed(text, problem)
        return cls(origin, int(size), root_hash, timestamp)


def sign_checkpoint(checkpoint: Checkpoint, private_key: Ed25519PrivateKey) -> str:
    """The checkpoint as a signed note, signed under the key name ``checkpoint.origin``."""
    return sign_note(checkpoint.to_text(), checkpoint.origin, private_key)


def parse_signed_checkpoint(note: str | bytes) -> Checkpoint:
    """The checkpoint in a signed note, WITHOUT checking its signature: for showing or sorting
    checkpoints only; trust what ``verify_signed_checkpoint`` returns."""
    text, _ = parse_note(note)
    return Checkpoint.from_text(text)


def verify_signed_checkpoint(
    note: str | bytes, key: VerifierKey | Sequence[VerifierKey]
) -> Checkpoint:
    """The checkpoint in ``note`` once ``key``'s signature on it verifies and its origin is the
    key's name; AuditTamperedError (naming what is wrong) otherwise.

    Given several keys (a log whose signing key was replaced), the note must verify with the
    one whose name and key id its signature names."""
    key = _signing_key(note, key)
    checkpoint = Checkpoint.from_text(open_note(note, key))
    if checkpoint.origin != key.name:
        raise AuditTamperedError(
            f"checkpoint at size {checkpoint.size} is of log {checkpoint.origin!r},"
            f" but is signed by key {key.name!r}: a log's checkpoints carry its own name"
        )
    return checkpoint


def _signing_key(note: str | bytes, keys: VerifierKey | Sequence[VerifierKey]) -> VerifierKey:
    if isinstance(keys, VerifierKey):
        return keys
    if not keys:
        raise UsageError("a checkpoint cannot be verified without a verifier key")
    _, signatures = parse_note(note)
    signed_by = {(signature.key_name, signature.key_id) for signature in signatures}
    known = [key for key in keys if (key.name, key.key_id) in signed_by]
    return known[0] if known else keys[0]


def _value_problem(
    origin: str, size: int, root_hash: bytes, timestamp: datetime | None
) -> str | None:
    problem = name_problem(origin)
    if problem:
        return f"origin {problem}"
    if not 0 <= size <= MAX_SIZE:
        return f"size must be between 0 and {MAX_SIZE}"
    if len(root_hash) != HASH_SIZE:
        return f"root hash has {len(root_hash)} bytes, not {HASH_SIZE}"
    if timestamp is not None and timestamp.utcoffset() is None:
        return "timestamp has no time zone"
    return None


def _format_time(timestamp: datetime) -> str:
    return timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_time(text: str, line: str) -> datetime:
    value = line.removeprefix(TIME_PREFIX)
    timestamp: datetime | None
    try:
        timestamp = datetime.fromisoformat(value)
    except ValueError:
        timestamp = None
    if not line.startswith(TIME_PREFIX) or timestamp is None or timestamp.utcoffset() is None:
        raise _malformed(text, f"its fourth line {line!r} is not 'time <ISO 8601 UTC>'")
    if _format_time(timestamp) != value:
        raise _malformed(text, f"its time {value!r} is not in UTC as verweven writes it")
    return timestamp


def _malformed(text: str, problem: str) -> AuditTamperedError:
    first_line = text.split("\n", 1)[0]
    return AuditTamperedError(f"checkpoint of {first_line!r} is malformed: {problem}")
