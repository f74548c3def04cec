"""The secret key the two encoding partners share, and the sub-keys derived from it.

The key never leaves the partners: the party that matches gets encodings, never the key. A key
file holds 32 random bytes as hex on one line, readable by its owner only (mode 0600).
"""

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from verweven.errors import InputError, UsageError

KEY_BYTES = 32


def write_key(path: Path) -> None:
    """Write a new random key to ``path`` with mode 0600; an existing file is never replaced."""
    try:
        # O_EXCL: refuse an existing file atomically, even one created a moment ago.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{path}: exists; a key file is never overwritten") from None
    except OSError as error:
        raise InputError(f"{path}: cannot create the key file ({error.strerror})") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    path.chmod(0o600)  # the umask may have taken bits away, never added: make it exact


def read_key(path: Path) -> bytes:
    """The key in ``path``; refused when others may read it or it is not 32 bytes of hex."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise InputError(f"{path}: cannot read the key file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: a key file holds 64 hex characters") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(
            f"{path}: the key file may be read by others (mode {stat.S_IMODE(mode):04o}); "
            f"it must be 0600: chmod 600 {path}"
        )
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise InputError(f"{path}: a key file holds {KEY_BYTES * 2} hex characters on one line")
    return key


def derive_key(key: bytes, purpose: str) -> bytes:
    """An independent sub-key for one use (q-gram hashing, the balancing permutation)."""
    return hmac.digest(key, f"verweven-pprl/{purpose}".encode(), hashlib.sha256)
