"""The audit log: every read of personal data leaves an event, and nobody can quietly undo one.

Today's log is a hash chain (``chain``). Its successor is an append-only Merkle log: RFC 9162
trees and proofs (``merkle``), signed checkpoints in the C2SP formats (``note``,
``checkpoint``), the operator's signing key (``keys``) and the check of a log against every
checkpoint kept of it (``verify``).
"""

from verweven.audit.chain import GENESIS_HASH, AuditAction, AuditEvent, chain_hash, verify_chain
from verweven.audit.checkpoint import (
    Checkpoint,
    parse_signed_checkpoint,
    sign_checkpoint,
    verify_signed_checkpoint,
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
    "GENESIS_HASH",
    "AuditAction",
    "AuditEvent",
    "Checkpoint",
    "Frontier",
    "LogProblem",
    "LogVerification",
    "MerkleTree",
    "ProblemKind",
    "VerifierKey",
    "chain_hash",
    "consistency_proof",
    "generate_signing_key",
    "inclusion_proof",
    "leaf_hash",
    "load_signing_key",
    "node_hash",
    "parse_signed_checkpoint",
    "root",
    "sign_checkpoint",
    "verify_chain",
    "verify_consistency",
    "verify_inclusion",
    "verify_log",
    "verify_signed_checkpoint",
]
