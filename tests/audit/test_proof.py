"""An event's inclusion proof checks without the store, and fails when anything in it was
changed: the event, a hash of the path, the position, the checkpoint or the key."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verweven.audit import (
    AuditEvent,
    Checkpoint,
    MerkleTree,
    VerifierKey,
    leaf_data,
    leaf_hash,
    sign_checkpoint,
)
from verweven.audit.proof import EventProof, canonical_json, check_event_proof
from verweven.errors import AuditTamperedError

ORIGIN = "verweven/test"
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"proof").digest())
VERIFIER = VerifierKey(ORIGIN, KEY.public_key())
WHEN = datetime(2027, 1, 5, 10, 15)


def make_event(number: int) -> AuditEvent:
    return AuditEvent(
        id=f"e{number}", occurred_at=WHEN, actor="analist.jansen", partner="riec_oost",
        action="read", purpose="riec_casus", datasets=("brp_personen",), result_size=number,
    )  # fmt: skip


def proof_of(position: int, count: int = 7) -> str:
    events = [make_event(n) for n in range(count)]
    tree = MerkleTree([leaf_hash(leaf_data(e)) for e in events])
    note = sign_checkpoint(Checkpoint(ORIGIN, count, tree.root(), WHEN.replace(tzinfo=UTC)), KEY)
    proof = tuple(tree.inclusion_proof(position))
    return EventProof(events[position], position, count, proof, note, VERIFIER.to_text()).to_json()


def test_the_canonical_json_is_the_leaf_data() -> None:
    event = make_event(3)
    content = event.model_dump(mode="json", exclude={"leaf_hash", "seq"})
    assert canonical_json(content) == leaf_data(event)


@pytest.mark.parametrize("position", [0, 3, 6])
def test_a_proof_checks_without_the_store(position: int) -> None:
    checkpoint = check_event_proof(proof_of(position), VERIFIER)
    assert (checkpoint.origin, checkpoint.size) == (ORIGIN, 7)


def changed(text: str, change: str) -> str:
    content = json.loads(text)
    if change == "event":
        content["event"]["purpose"] = "bibob"
    elif change == "path":
        content["inclusion_proof"][0] = content["inclusion_proof"][1]
    elif change == "position":
        content["leaf_index"] += 1
    elif change == "checkpoint":
        content["checkpoint"] = content["checkpoint"].replace("\n7\n", "\n8\n")
    return json.dumps(content)


@pytest.mark.parametrize("change", ["event", "path", "position", "checkpoint"])
def test_a_changed_proof_fails(change: str) -> None:
    with pytest.raises(AuditTamperedError):
        check_event_proof(changed(proof_of(2), change), VERIFIER)


def test_a_proof_signed_by_another_key_fails_with_the_operators_key() -> None:
    other = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"other").digest())
    with pytest.raises(AuditTamperedError, match="not signed by the expected key"):
        check_event_proof(proof_of(2), VerifierKey(ORIGIN, other.public_key()))
