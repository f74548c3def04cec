"""The audit log: every action leaves an event, and nobody can quietly undo one.

Events (``event``) are appended without a lock and sealed into an append-only Merkle log: RFC
9162 trees and proofs (``merkle``), signed checkpoints in the C2SP formats (``note``,
``checkpoint``), the operator's signing key (``keys``), the check of a log against every
checkpoint kept of it (``verify``), checkpoints kept outside the database (``witness``), an
event's self-contained inclusion proof (``proof``) and what sealing and verifying a store's log
report (``report``). The store seals and verifies with them (``verweven.store.audit_seal``,
``audit_verify``).
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
from verweven.audit.proof import EventProof, check_event_proof
from verweven.audit.report import AuditProblem, AuditReport, Finding, SealReport
from verweven.audit.verify import LogProblem, LogVerification, ProblemKind, verify_log
from verweven.audit.witness import ExportedCheckpoint, read_checkpoint_file

__all__ = [
    "EMPTY_ROOT",
    "AuditDecision",
    "AuditEvent",
    "AuditProblem",
    "AuditReport",
    "Checkpoint",
    "EventProof",
    "ExportedCheckpoint",
    "Finding",
    "Frontier",
    "LogProblem",
    "LogVerification",
    "MerkleTree",
    "ProblemKind",
    "SealReport",
    "VerifierKey",
    "check_event_proof",
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
    "read_checkpoint_file",
    "redact_ids",
    "root",
    "sign_checkpoint",
    "unpack_ids",
    "verify_consistency",
    "verify_inclusion",
    "verify_log",
    "verify_signed_checkpoint",
]
