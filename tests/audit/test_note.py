"""Signed notes: byte-for-byte the C2SP format, checked against Go's reference implementation.

The known answers are those of golang.org/x/mod/sumdb/note (the origin of C2SP signed-note),
``sumdb/note/note_test.go`` at commit 02c991387e35f9e4c0a9b7ce137717055f8d716d: the key pair
PeterNeumann (private key ``PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALV…``, whose last part is
base64 of 0x01 and the 32-byte Ed25519 seed), its signature of a two-line text (Ed25519 is
deterministic, so signing again must give the same bytes) and a note also signed by EnochRoot.
"""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verweven.audit.note import VerifierKey, open_note, parse_note, sign_note
from verweven.errors import AuditTamperedError, UsageError

PETER_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotp"
    "RZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox3"
    "3WWd1RvMc+QQ=\n"
)
PETER = Ed25519PrivateKey.from_private_bytes(PETER_SEED)


def test_signing_gives_the_reference_note_byte_for_byte() -> None:
    assert sign_note(TEXT, "PeterNeumann", PETER) == TEXT + "\n" + PETER_SIG


def test_verifier_key_text_is_the_reference_form() -> None:
    assert VerifierKey("PeterNeumann", PETER.public_key()).to_text() == PETER_KEY


def test_verifier_key_text_round_trips() -> None:
    key = VerifierKey.from_text(ENOCH_KEY)
    assert key.name == "EnochRoot"
    assert key.key_id.hex() == "af0cfe78"
    assert key.to_text() == ENOCH_KEY


@pytest.mark.parametrize("position", range(len(PETER_KEY)))
def test_verifier_key_with_any_character_changed_is_refused(position: int) -> None:
    mangled = PETER_KEY[:position] + chr(ord(PETER_KEY[position]) + 1) + PETER_KEY[position + 1 :]
    with pytest.raises(UsageError, match="verifier key"):
        VerifierKey.from_text(mangled)


def test_note_signed_by_a_known_and_an_unknown_key_opens_with_the_known_one() -> None:
    note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert open_note(note, VerifierKey.from_text(PETER_KEY)) == TEXT
    assert open_note(note, VerifierKey.from_text(ENOCH_KEY)) == TEXT


def test_parse_splits_text_at_the_last_blank_line() -> None:
    text = "first\n\nsecond\n"
    note = sign_note(text, "PeterNeumann", PETER)
    parsed, [signature] = parse_note(note)
    assert parsed == text
    assert (signature.key_name, signature.key_id.hex()) == ("PeterNeumann", "c74f20a3")


@pytest.mark.parametrize(
    "note",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Peter Neumann"),
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG.replace("—", "-"),
        TEXT + "\n" + PETER_SIG.replace("AM=", "AN="),
    ],
    ids=[
        "no signatures",
        "blank line only",
        "no final newline",
        "control character",
        "space in key name",
        "trailing text",
        "hyphen not em dash",
        "non-canonical base64",
    ],
)
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(AuditTamperedError, match="malformed"):
        parse_note(note)


def test_note_that_is_not_utf8_is_refused() -> None:
    note = (TEXT + "\n" + PETER_SIG).encode().replace(b"\xe2\x80\x94", b"\xe2\x80", 1)
    with pytest.raises(AuditTamperedError, match="not valid UTF-8"):
        parse_note(note)


def test_signature_that_does_not_match_the_text_is_refused() -> None:
    note = TEXT.replace("answer", "ANSWER") + "\n" + PETER_SIG
    with pytest.raises(AuditTamperedError, match="does not match the note's text"):
        open_note(note, VerifierKey.from_text(PETER_KEY))


def test_note_without_the_expected_key_names_the_keys_it_has() -> None:
    note = TEXT + "\n" + ENOCH_SIG
    with pytest.raises(AuditTamperedError, match=r"not signed by .*PeterNeumann.*EnochRoot"):
        open_note(note, VerifierKey.from_text(PETER_KEY))


def test_signing_text_without_final_newline_is_refused() -> None:
    with pytest.raises(UsageError, match="does not end in a newline"):
        sign_note("no newline", "PeterNeumann", PETER)
