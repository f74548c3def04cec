"""Passwords (argon2id) and API tokens (random, stored only as a hash)."""

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from verweven.errors import UsageError

TOKEN_PREFIX = "vw"
MIN_PASSWORD_LENGTH = 12
# argon2-cffi's defaults are RFC 9106's second recommended option: argon2id, t=3, m=64 MiB.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted, with its parameters in the string)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored argon2 hash (False for no hash)."""
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str]:
    """A fresh API token: (token id, the token text to hand out once)."""
    token_id = secrets.token_hex(8)
    return token_id, f"{TOKEN_PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"


def split_token(token: str) -> tuple[str, str]:
    """(token id, secret part) of a token text; UsageError if it is not one of ours."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        raise UsageError("not a verweven token (expected vw_<id>_<secret>)")
    return parts[1], parts[2]


def token_digest(token: str) -> str:
    """What the store keeps of a token: SHA-256 of its text. A token carries 256 random bits,
    so a slow hash (as for passwords) adds nothing but latency to every request."""
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def digests_equal(left: str, right: str) -> bool:
    """Constant-time comparison of two digests."""
    return hmac.compare_digest(left.encode(), right.encode())
