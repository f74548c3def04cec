"""Audit events and their hash chain.

Each event's hash covers its content and the previous event's hash, so changing or deleting any
past event breaks every hash after it. The store persists events; this module only computes.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

GENESIS_HASH = "0" * 64


class AuditAction(StrEnum):
    """The fixed set of things the audit log records."""

    READ_ENTITY = "read_entity"
    READ_STATEMENTS = "read_statements"
    ITERATE_ENTITIES = "iterate_entities"
    FIND_ENTITIES = "find_entities"
    EXPORT = "export"
    IMPORT = "import"
    DELETE_DATASET = "delete_dataset"
    REGISTER_DATASET = "register_dataset"
    RESOLVE = "resolve"
    JUDGE = "judge"


class AuditEvent(BaseModel):
    """One audited action: who, for which partner and purpose, did what to which target."""

    model_config = ConfigDict(frozen=True)

    seq: int
    occurred_at: datetime
    actor: str
    partner: str
    purpose: str
    action: AuditAction
    target: str
    detail: str = ""
    prev_hash: str = GENESIS_HASH
    hash: str = ""


def chain_hash(event: AuditEvent, prev_hash: str) -> str:
    """SHA-256 over the previous hash and the event's content (not its own hash)."""
    content = event.model_dump(mode="json", exclude={"hash", "prev_hash"})
    payload = prev_hash + json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify_chain(events: Iterable[AuditEvent]) -> int | None:
    """Check events in sequence order; return the seq of the first broken event, or None."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for event in events:
        if event.seq != expected_seq or event.prev_hash != prev_hash:
            return event.seq
        if event.hash != chain_hash(event, prev_hash):
            return event.seq
        prev_hash = event.hash
        expected_seq += 1
    return None
