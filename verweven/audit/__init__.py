"""The append-only, hash-chained audit log: every read of personal data leaves an event."""

from verweven.audit.chain import GENESIS_HASH, AuditAction, AuditEvent, chain_hash, verify_chain

__all__ = ["GENESIS_HASH", "AuditAction", "AuditEvent", "chain_hash", "verify_chain"]
