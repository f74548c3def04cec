"""The audit log: events for every action, sealed into an append-only Merkle log (RFC 9162)
whose signed checkpoints prove that no event was altered, removed, inserted or reordered."""

from verweven.audit.event import (
    AuditDecision,
    AuditEvent,
    ids_digest,
    keyed_digest,
    leaf_data,
    pack_ids,
    redact_ids,
    unpack_ids,
)

__all__ = [
    "AuditDecision",
    "AuditEvent",
    "ids_digest",
    "keyed_digest",
    "leaf_data",
    "pack_ids",
    "redact_ids",
    "unpack_ids",
]
