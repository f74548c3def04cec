"""Signed checkpoints: round trip, and every kind of change to a signed one is refused."""

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from verweven.audit.checkpoint import (
    Checkpoint,
    parse_signed_checkpoint,
    sign_checkpoint,
    verify_signed_checkpoint,
)
from verweven.audit.merkle import root
from verweven.audit.note import VerifierKey, sign_note
from verweven.errors import AuditTamperedError, UsageError

ORIGIN = "verweven.example/audit/riec-zuid"
WHEN = datetime(2027, 1, 5, 10, 15, tzinfo=UTC)
ROOT = bytes(range(32))
ROOT_B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
NON_CANONICAL = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9="  # the same bytes, spare bits set


def make_key(seed: str) -> Ed25519PrivateKey:
    """A deterministic key, so a failing test prints the same note every run."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())


def verifier(key: Ed25519PrivateKey, name: str = ORIGIN) -> VerifierKey:
    return VerifierKey(name, key.public_key())


OPERATOR = make_key("operator")
CHECKPOINT = Checkpoint(ORIGIN, 1204, ROOT, WHEN)
SIGNED = sign_checkpoint(CHECKPOINT, OPERATOR)


def test_signed_checkpoint_is_the_c2sp_layout() -> None:
    lines = SIGNED.split("\n")
    assert lines[:5] == [ORIGIN, "1204", ROOT_B64, "time 2027-01-05T10:15:00Z", ""]
    assert lines[5].startswith(f"— {ORIGIN} ")
    assert lines[6:] == [""]


def test_sign_then_verify_gives_the_checkpoint_back() -> None:
    assert verify_signed_checkpoint(SIGNED, verifier(OPERATOR)) == CHECKPOINT


def test_checkpoint_without_time_round_trips() -> None:
    checkpoint = Checkpoint(ORIGIN, 0, root([]))
    signed = sign_checkpoint(checkpoint, OPERATOR)
    assert signed.count("\n") == 5
    assert verify_signed_checkpoint(signed, verifier(OPERATOR)) == checkpoint


def test_time_in_another_zone_is_written_in_utc() -> None:
    amsterdam = WHEN.astimezone(timezone(timedelta(hours=1)))
    checkpoint = Checkpoint(ORIGIN, 5, CHECKPOINT.root_hash, amsterdam)
    assert "time 2027-01-05T10:15:00Z\n" in checkpoint.to_text()
    assert Checkpoint.from_text(checkpoint.to_text()).timestamp == WHEN


@pytest.mark.parametrize("position", range(len(SIGNED.encode())))
def test_every_single_bit_flip_in_the_note_is_refused(position: int) -> None:
    data = SIGNED.encode()
    for bit in range(8):
        changed = bytearray(data)
        changed[position] ^= 1 << bit
        with pytest.raises(AuditTamperedError):
            verify_signed_checkpoint(bytes(changed), verifier(OPERATOR))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_any_single_byte_replacement_is_refused(data: st.DataObject) -> None:
    note = SIGNED.encode()
    position = data.draw(st.integers(0, len(note) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda byte: byte != note[position]))
    changed = note[:position] + bytes([value]) + note[position + 1 :]
    with pytest.raises(AuditTamperedError):
        verify_signed_checkpoint(changed, verifier(OPERATOR))


def test_checkpoint_signed_by_another_key_is_refused() -> None:
    forged = sign_checkpoint(CHECKPOINT, make_key("intruder"))
    with pytest.raises(AuditTamperedError, match="not signed by the expected key"):
        verify_signed_checkpoint(forged, verifier(OPERATOR))


def test_checkpoint_signed_under_another_key_name_is_refused() -> None:
    renamed = sign_note(CHECKPOINT.to_text(), "someone.else/audit", OPERATOR)
    with pytest.raises(AuditTamperedError, match="not signed by the expected key"):
        verify_signed_checkpoint(renamed, verifier(OPERATOR))


def test_checkpoint_of_another_log_is_refused_even_when_well_signed() -> None:
    other_log = Checkpoint("verweven.example/audit/riec-noord", 3, CHECKPOINT.root_hash)
    signed = sign_note(other_log.to_text(), ORIGIN, OPERATOR)
    with pytest.raises(AuditTamperedError, match=r"is of log 'verweven\.example/audit/riec-noord'"):
        verify_signed_checkpoint(signed, verifier(OPERATOR))


def test_checkpoint_with_its_signature_removed_is_refused() -> None:
    unsigned = CHECKPOINT.to_text() + "\n"
    with pytest.raises(AuditTamperedError, match="malformed"):
        verify_signed_checkpoint(unsigned, verifier(OPERATOR))


def test_extra_signature_of_an_unknown_key_is_ignored() -> None:
    witness = sign_note(CHECKPOINT.to_text(), "witness.example", make_key("witness"))
    cosigned = SIGNED + witness.split("\n\n")[1]
    assert verify_signed_checkpoint(cosigned, verifier(OPERATOR)) == CHECKPOINT


def test_parse_reads_a_checkpoint_without_verifying_it() -> None:
    forged = sign_checkpoint(CHECKPOINT, make_key("intruder"))
    assert parse_signed_checkpoint(forged) == CHECKPOINT


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (f"{ORIGIN}\n0012\n{ROOT_B64}\n", "leading zeros"),
        (f"{ORIGIN}\n-1\n{ROOT_B64}\n", "leading zeros"),
        (f"{ORIGIN}\n12\n{NON_CANONICAL}\n", "canonical base64"),
        (f"{ORIGIN}\n12\n{ROOT_B64[:40]}\n", "root hash has 30 bytes"),
        (f"{ORIGIN}\n12\nAAAA\n", "root hash has 3 bytes"),
        (f"{ORIGIN}\n12\n", "not 3 lines"),
        (f"{ORIGIN}\n12\n{ROOT_B64}\nextra\n", "time"),
        (f"{ORIGIN}\n12\n{ROOT_B64}\ntime 2027-01-05\n", "ISO 8601"),
        (f"{ORIGIN}\n12\n{ROOT_B64}\ntime 2027-01-05T11:15:00+01:00\n", "not in UTC"),
        (f"a b\n12\n{ROOT_B64}\n", "space or a plus"),
    ],
)
def test_malformed_checkpoint_text_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(AuditTamperedError, match=problem):
        Checkpoint.from_text(text)


def test_checkpoint_needs_a_32_byte_root_and_a_zoned_time() -> None:
    with pytest.raises(UsageError, match="root hash has 31 bytes"):
        Checkpoint(ORIGIN, 1, bytes(31))
    with pytest.raises(UsageError, match="timestamp has no time zone"):
        Checkpoint(ORIGIN, 1, bytes(32), datetime(2027, 1, 5))
