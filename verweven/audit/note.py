"""Signed notes (C2SP signed-note, https://c2sp.org/signed-note) with Ed25519 signatures.

A note is UTF-8 text ending in a newline, then a blank line, then one or more signature lines
``— <key name> <base64(4-byte key id || signature)>``. The key id is
SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]; a verifier picks the lines of its
own key by name and id and ignores the rest (a witness's cosignature, a rotated key).
Verifiers exchange a public key as ``<name>+<8 hex digits of the key id>+<base64(0x01 ||
public key)>``, the form Go's golang.org/x/mod/sumdb/note reads.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from verweven.errors import AuditTamperedError, UsageError

ED25519 = b"\x01"
SIGNATURE_PREFIX = "\N{EM DASH} "
KEY_ID_SIZE = 4
MAX_SIGNATURES = 100


@dataclass(frozen=True)
class NoteSignature:
    """One signature line of a note, not yet verified."""

    key_name: str
    key_id: bytes
    signature: bytes


@dataclass(frozen=True)
class VerifierKey:
    """A named Ed25519 public key: what a verifier must hold to trust a note."""

    name: str
    public_key: Ed25519PublicKey

    def __post_init__(self) -> None:
        problem = name_problem(self.name)
        if problem:
            raise UsageError(f"key name {self.name!r} {problem}")

    @property
    def public_bytes(self) -> bytes:
        """The 32-byte public key (RFC 8032 encoding)."""
        return self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> bytes:
        """SHA-256(name || 0x0A || 0x01 || public key)[:4], as signed-note recommends."""
        material = self.name.encode() + b"\n" + ED25519 + self.public_bytes
        return hashlib.sha256(material).digest()[:KEY_ID_SIZE]

    def to_text(self) -> str:
        """``<name>+<hex key id>+<base64(0x01 || public key)>``."""
        encoded = base64.b64encode(ED25519 + self.public_bytes).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    @classmethod
    def from_text(cls, text: str) -> "VerifierKey":
        """Read a key written by ``to_text``; anything else raises a UsageError."""
        expected = "expected <name>+<8 hex digits>+<base64 of 0x01 and a 32-byte key>"
        name, _, rest = text.strip().partition("+")
        id_hex, _, encoded = rest.partition("+")
        material = decode_base64(encoded)
        if name_problem(name) or material is None or len(material) != 1 + 32:
            raise UsageError(f"verifier key {text!r} is malformed: {expected}")
        if material[:1] != ED25519:
            raise UsageError(f"verifier key {text!r} is not an Ed25519 key (type 0x01)")
        key = cls(name, Ed25519PublicKey.from_public_bytes(material[1:]))
        if id_hex != key.key_id.hex():
            raise UsageError(
                f"verifier key {text!r} names key id {id_hex}, but its name and key give"
                f" {key.key_id.hex()}: the key was mistyped or altered"
            )
        return key


def name_problem(name: str) -> str | None:
    """What is wrong with a key name (empty, a space, a plus), or None."""
    if not name:
        return "is empty"
    if any(char.isspace() or char == "+" for char in name):
        return "contains a space or a plus"
    return text_problem(name)


def text_problem(text: str) -> str | None:
    """What makes text unfit for a note (a control character other than newline), or None."""
    for position, char in enumerate(text):
        if char < " " and char != "\n":
            return f"has control character {char!r} at character {position + 1}"
    return None


def decode_base64(text: str) -> bytes | None:
    """Standard base64 (RFC 4648 §4) in its one canonical spelling, or None.

    Canonical: the unused low bits of the last character must be zero, so no two spellings of
    a signature or a root hash decode to the same bytes."""
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode() == text else None


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """The note ``text`` signed by ``private_key`` under key name ``name``."""
    problem = _note_text_problem(text) or name_problem(name)
    if problem:
        raise UsageError(f"cannot sign a note whose text or key name {problem}")
    key = VerifierKey(name, private_key.public_key())
    signature = base64.b64encode(key.key_id + private_key.sign(text.encode())).decode()
    return f"{text}\n{SIGNATURE_PREFIX}{name} {signature}\n"


def parse_note(note: str | bytes) -> tuple[str, list[NoteSignature]]:
    """Split a signed note (text, or its UTF-8 bytes) into its text and signature lines,
    checking the format only."""
    note = _decode_note(note)
    problem = _note_problem(note)
    if problem:
        raise AuditTamperedError(f"signed note is malformed: it {problem}")
    cut = note.rindex("\n\n") + 1
    lines = note[cut + 1 : -1].split("\n")
    signatures = [_parse_signature(line, number) for number, line in enumerate(lines, 1)]
    return note[:cut], signatures


def open_note(note: str | bytes, key: VerifierKey) -> str:
    """The text of ``note`` once every signature of ``key`` on it verifies.

    Raises AuditTamperedError when the note is malformed, carries no signature of ``key``, or
    one of its signatures does not match the text (the text or signature was changed)."""
    text, signatures = parse_note(note)
    own = [sig for sig in signatures if (sig.key_name, sig.key_id) == (key.name, key.key_id)]
    if not own:
        raise AuditTamperedError(_missing_signature_message(signatures, key))
    for signature in own:
        try:
            key.public_key.verify(signature.signature, text.encode())
        except InvalidSignature:
            raise AuditTamperedError(
                f"the signature of key {key.name} does not match the note's text:"
                " the text or the signature was changed after signing"
            ) from None
    return text


def _decode_note(note: str | bytes) -> str:
    if isinstance(note, str):
        return note
    try:
        return note.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AuditTamperedError(
            f"signed note is malformed: byte {error.start + 1} is not valid UTF-8"
        ) from None


def _note_problem(note: str) -> str | None:
    if len(note) > 1 and note.endswith("\n") and "\n\n" in note:
        return text_problem(note)
    return "does not end in a blank line and signature lines"


def _note_text_problem(text: str) -> str | None:
    if not text.endswith("\n"):
        return "does not end in a newline"
    return text_problem(text)


def _parse_signature(line: str, number: int) -> NoteSignature:
    name, _, encoded = line.removeprefix(SIGNATURE_PREFIX).partition(" ")
    decoded = decode_base64(encoded)
    if (
        not line.startswith(SIGNATURE_PREFIX)
        or name_problem(name)
        or decoded is None
        or len(decoded) <= KEY_ID_SIZE
        or number > MAX_SIGNATURES
    ):
        raise AuditTamperedError(
            f"signed note is malformed: signature line {number} ({line!r}) is not"
            f" '{SIGNATURE_PREFIX}<key name> <base64 signature>'"
        )
    return NoteSignature(name, decoded[:KEY_ID_SIZE], decoded[KEY_ID_SIZE:])


def _missing_signature_message(signatures: list[NoteSignature], key: VerifierKey) -> str:
    found = ", ".join(f"{sig.key_name}+{sig.key_id.hex()}" for sig in signatures)
    return (
        f"the note is not signed by the expected key {key.name}+{key.key_id.hex()};"
        f" it carries signatures of {found}"
    )
