"""RFC 9162 Merkle tree hashing (placeholder until the full module lands)."""

import hashlib


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the hash of one leaf."""
    return hashlib.sha256(b"\x00" + data).digest()
