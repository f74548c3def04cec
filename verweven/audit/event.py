"""Audit events: what the log records of every action, and the bytes its Merkle leaf covers.

Entity ids and searched values are personal data, yet the log must outlive a purge. So a leaf
commits to them through keyed digests (HMAC-SHA256 with the store's own key): the plain ids are
kept beside the event and can be replaced by their digests when retention removes the entity,
without changing the leaf. An auditor who knows an id or a value can still find its events.
"""

import hashlib
import hmac
import json
import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

REDACTED = "#"


class AuditDecision(StrEnum):
    ALLOW = "allow"
    DENY = "deny"


class AuditEvent(BaseModel):
    """One audited action: who, for which partner, purpose and case, did what, and with what
    result. ``datasets`` are the deliveries touched (a partner finds its own events by them)."""

    model_config = ConfigDict(frozen=True)

    id: str
    occurred_at: datetime
    actor: str
    partner: str
    roles: str = ""
    purpose: str = ""
    legal_basis: str = ""
    case_ref: str = ""
    action: str
    decision: AuditDecision = AuditDecision.ALLOW
    policies: str = ""
    target: str = ""
    datasets: tuple[str, ...] = ()
    scope: str = ""
    entity_count: int = 0
    ids_digest: str = ""
    query_digest: str = ""
    result_size: int = 0
    detail: str = ""
    leaf_hash: str = ""
    seq: int | None = None
    """Position in the Merkle log, once sealed (None while pending)."""


def leaf_data(event: AuditEvent) -> bytes:
    """The canonical bytes a Merkle leaf covers: every field but the leaf hash and position."""
    content = event.model_dump(mode="json", exclude={"leaf_hash", "seq"})
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")


def keyed_digest(key: bytes, value: str) -> str:
    """HMAC-SHA256 of a personal value (an entity id, a searched name), 32 hex characters."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def ids_digest(key: bytes, entries: Iterable[str]) -> str:
    """What a leaf commits to for a set of entity ids: the hash of their sorted keyed digests
    (an entry that is already a digest, ``#<hex>``, stands for the id it replaced)."""
    digests = sorted(
        entry[len(REDACTED) :] if entry.startswith(REDACTED) else keyed_digest(key, entry)
        for entry in entries
    )
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest() if digests else ""


def pack_ids(entries: Sequence[str]) -> bytes:
    """The stored form of an event's entity ids: sorted, newline-joined, zlib-compressed."""
    return zlib.compress("\n".join(sorted(set(entries))).encode("utf-8"), 6)


def unpack_ids(blob: bytes | None) -> list[str]:
    """The entries ``pack_ids`` stored (plain ids, or ``#<digest>`` for purged ones)."""
    if not blob:
        return []
    text = zlib.decompress(bytes(blob)).decode("utf-8")
    return text.split("\n") if text else []


def redact_ids(key: bytes, entries: Sequence[str], purged: set[str]) -> list[str]:
    """``entries`` with every purged id replaced by its keyed digest."""
    return [REDACTED + keyed_digest(key, e) if e in purged else e for e in entries]
