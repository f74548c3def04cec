"""An event's inclusion proof as a self-contained JSON document, and its check.

The document holds the event's content (exactly the fields its leaf covers), its position,
the sibling hashes from its leaf up to the root, and the signed checkpoint whose root they
reach. Whoever holds the operator's verifier key checks it without the store: the leaf is
SHA-256(0x00 || the canonical JSON of the event), the proof is RFC 9162's, the checkpoint's
signature is Ed25519 in a C2SP signed note.
"""

import base64
import json
from dataclasses import dataclass
from typing import Any

from verweven.audit.checkpoint import Checkpoint, verify_signed_checkpoint
from verweven.audit.event import AuditEvent
from verweven.audit.merkle import leaf_hash, verify_inclusion
from verweven.audit.note import VerifierKey, decode_base64
from verweven.errors import AuditTamperedError, InputError, UsageError

PROOF_FORMAT = "verweven-audit-inclusion/1"


@dataclass(frozen=True)
class EventProof:
    """Event ``event`` is leaf ``index`` of the log of ``tree_size`` leaves that the signed
    ``checkpoint`` names; ``hashes`` is RFC 9162's PATH from that leaf to the root."""

    event: AuditEvent
    index: int
    tree_size: int
    hashes: tuple[bytes, ...]
    checkpoint: str
    verifier_key: str

    def to_json(self) -> str:
        content = {
            "format": PROOF_FORMAT,
            "event": self.event.model_dump(mode="json", exclude={"leaf_hash", "seq"}),
            "leaf_index": self.index,
            "tree_size": self.tree_size,
            "inclusion_proof": [base64.b64encode(h).decode() for h in self.hashes],
            "checkpoint": self.checkpoint,
            "verifier_key": self.verifier_key,
        }
        return json.dumps(content, indent=2) + "\n"


def check_event_proof(text: str, key: VerifierKey | None = None) -> Checkpoint:
    """The checkpoint that ``text`` (``EventProof.to_json``) proves its event is part of, once
    the checkpoint verifies with ``key`` (by default the key the document names: compare it
    with the one the operator gave you) and the proof leads from the event to its root.
    AuditTamperedError says which part does not hold."""
    content = _load(text)
    if key is None:
        if "verifier_key" not in content:
            raise UsageError("the proof names no verifier key: give the operator's key")
        key = VerifierKey.from_text(content["verifier_key"])
    checkpoint = verify_signed_checkpoint(content["checkpoint"], key)
    index, size = content["leaf_index"], content["tree_size"]
    if size != checkpoint.size:
        raise AuditTamperedError(
            f"the proof is for a log of {size} events, its checkpoint signs {checkpoint.size}"
        )
    leaf = leaf_hash(canonical_json(content["event"]))
    hashes = [decode_base64(h) for h in content["inclusion_proof"]]
    proof = [h for h in hashes if h is not None]
    if len(proof) != len(hashes) or not verify_inclusion(
        leaf, index, size, proof, checkpoint.root_hash
    ):
        raise AuditTamperedError(
            f"event {content['event'].get('id')!r} at position {index} does not lead to the"
            f" root of the checkpoint of {size} events: the event or the proof was changed"
        )
    return checkpoint


def canonical_json(content: dict[str, Any]) -> bytes:
    """The bytes a leaf covers: the event's fields as JSON, keys sorted, no spaces (the
    same bytes as ``leaf_data`` of the event)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _load(text: str) -> dict[str, Any]:
    try:
        content = json.loads(text)
        fields = ("event", "leaf_index", "tree_size", "inclusion_proof", "checkpoint")
        if content.get("format") != PROOF_FORMAT or any(f not in content for f in fields):
            raise ValueError(f"expected format {PROOF_FORMAT} with fields {', '.join(fields)}")
        if not all(isinstance(content[f], int) for f in ("leaf_index", "tree_size")):
            raise ValueError("leaf_index and tree_size must be whole numbers")
        hashes = content["inclusion_proof"]
        if not isinstance(content["event"], dict) or not (
            isinstance(hashes, list) and all(isinstance(h, str) for h in hashes)
        ):
            raise ValueError("event must be an object and inclusion_proof a list of base64")
    except (ValueError, AttributeError) as error:
        raise InputError(f"not an inclusion proof of verweven's audit log: {error}") from None
    return dict(content)
