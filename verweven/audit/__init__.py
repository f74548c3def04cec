"""The audit log: every action leaves an event, and nobody can quietly undo one.

Events (``event``) are appended without a lock and sealed into an append-only Merkle log: RFC
9162 trees and proofs (``merkle``), signed checkpoints in the C2SP formats (``note``,
``checkpoint``), the operator's signing key (``keys``) and the check of a log against every
checkpoint kept of it (``verify``).
"""

from verweven.audit.checkpoint import (
    Checkpoint,
    parse_signed_checkpoint,
    sign_checkpoint,
    verify_signed_checkpoint,
)
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
from verweven.audit.keys import generate_signing_key, load_signing_key
from verweven.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)
from verweven.audit.note import VerifierKey
from verweven.audit.verify import LogProblem, LogVerification, ProblemKind, verify_log

__all__ = [
    "EMPTY_ROOT",
    "AuditDecision",
    "AuditEvent",
    "Checkpoint",
    "Frontier",
    "LogProblem",
    "LogVerification",
    "MerkleTree",
    "ProblemKind",
    "VerifierKey",
    "consistency_proof",
    "generate_signing_key",
    "ids_digest",
    "inclusion_proof",
    "keyed_digest",
    "leaf_data",
    "leaf_hash",
    "load_signing_key",
    "node_hash",
    "pack_ids",
    "parse_signed_checkpoint",
    "redact_ids",
    "root",
    "sign_checkpoint",
    "unpack_ids",
    "verify_consistency",
    "verify_inclusion",
    "verify_log",
    "verify_signed_checkpoint",
]
