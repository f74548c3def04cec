"""The operator's checkpoint signing key: an Ed25519 private key in a PEM file of mode 0600.

Whoever holds this key can sign any checkpoint, so the file is created readable by its owner
only, never overwritten, and refused when group or others can read it (as ssh does).
"""

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from verweven.errors import InputError, UsageError

KEY_FILE_MODE = 0o600


def generate_signing_key(path: Path) -> Ed25519PrivateKey:
    """Create a new key in a new file at ``path`` (mode 0600); an existing file is kept."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    except FileExistsError:
        raise UsageError(
            f"signing key {path} already exists; verweven never overwrites a key"
            " (checkpoints signed with it could no longer be verified)"
        ) from None
    except OSError as error:
        raise InputError(f"cannot create signing key {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """Read the key at ``path``; InputError naming the file when it is missing, unreadable,
    readable by group or others, or not an Ed25519 private key in PEM."""
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read signing key {path}: {error.strerror}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(
            f"signing key {path} is open to group or others (mode {stat.filemode(mode)});"
            f" expected -rw------- (run: chmod 600 {path})"
        )
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise InputError(
            f"signing key {path} is not an unencrypted PEM private key"
            " (expected what `generate_signing_key` writes)"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"signing key {path} is a {type(key).__name__}, expected Ed25519")
    return key
