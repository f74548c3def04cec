"""Hardened Bloom-filter encodings (CLK) of person records.

One filter per record (a cryptographic long-term key, CLK): every q-gram of every field sets
``k`` bits, ``k`` being the field's weight. The bits of a q-gram come from a keyed HMAC-SHA512
of the q-gram (random hashing: each bit position is drawn independently from the keyed hash;
double hashing, ``h1 + i*h2``, leaks structure that attacks use). Then hardening:

- XOR-folding: the filter's halves are XORed together (``xor_folds`` times), so a set bit no
  longer means "some q-gram hashed here";
- balancing: the negated filter is appended and all bits are permuted with a key-derived
  permutation, so every encoding has exactly half its bits set whatever the names' lengths.
"""

import hashlib
import hmac
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from verweven.pprl.fields import PersonRecord, iter_tokens, normalise_fields, pick_salt
from verweven.pprl.keys import derive_key
from verweven.pprl.settings import PprlSettings

# Records encoded at once: the unpacked bits of a chunk take chunk x filter_bits bytes.
CHUNK = 8192
_POSITIONS_PER_DIGEST = 16  # a SHA-512 digest is 16 unsigned 32-bit numbers

Bits = npt.NDArray[np.uint8]


class Encoder:
    """Encodes records with one key and one set of settings (and caches q-gram positions:
    names share few distinct q-grams, so each is hashed once however many records have it)."""

    def __init__(self, settings: PprlSettings, key: bytes) -> None:
        self.settings = settings
        self._hash_key = derive_key(key, "qgram-positions")
        self._q = {name: field.q for name, field in settings.fields.items()}
        self._k = {name: field.k for name, field in settings.fields.items()}
        self._salted = frozenset(settings.hardening.salt.fields)
        self._cache: dict[str, npt.NDArray[np.int64]] = {}
        self._permutation = _permutation(derive_key(key, "balance-permutation"), settings)

    def hash_positions(self, token: str, k: int) -> npt.NDArray[np.int64]:
        """The ``k`` bit positions of one token: independent draws from a keyed hash."""
        found = self._cache.get(token)
        if found is None:
            blocks = -(-k // _POSITIONS_PER_DIGEST)
            message = token.encode("utf-8")
            digest = b"".join(
                hmac.digest(self._hash_key, i.to_bytes(2, "big") + message, hashlib.sha512)
                for i in range(blocks)
            )
            numbers = np.frombuffer(digest, dtype="<u4")[:k].astype(np.int64)
            found = numbers % self.settings.filter_bits
            self._cache[token] = found
        return found

    def set_bits(self, record: PersonRecord) -> npt.NDArray[np.int64]:
        """The set bit positions of one record's Bloom filter before hardening."""
        values = normalise_fields(record)
        salt = pick_salt(values, self.settings.hardening.salt.with_)
        chunks = [
            self.hash_positions(token, self._k[field])
            for field, token in iter_tokens(values, self._q, self._salted, salt)
        ]
        return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)

    def encode(self, records: Sequence[PersonRecord]) -> Bits:
        """Hardened encodings, one row of packed bits per record (``encoded_bits / 8`` bytes)."""
        parts = [self._encode_chunk(records[i : i + CHUNK]) for i in range(0, len(records), CHUNK)]
        if not parts:
            return np.zeros((0, self.settings.encoded_bits // 8), dtype=np.uint8)
        return np.concatenate(parts)

    def _encode_chunk(self, records: Sequence[PersonRecord]) -> Bits:
        bits = np.zeros((len(records), self.settings.filter_bits), dtype=bool)
        for row, record in enumerate(records):
            bits[row, self.set_bits(record)] = True
        return harden(bits, self.settings, self._permutation)


def harden(
    bits: npt.NDArray[np.bool_], settings: PprlSettings, permutation: npt.NDArray[np.int64]
) -> Bits:
    """Fold, then balance and permute, then pack (8 bits a byte) a matrix of Bloom filters."""
    for _ in range(settings.hardening.xor_folds):
        half = bits.shape[1] // 2
        bits = bits[:, :half] ^ bits[:, half:]
    if settings.hardening.balance:
        bits = np.concatenate([bits, ~bits], axis=1)[:, permutation]
    return np.packbits(bits, axis=1)


def _permutation(key: bytes, settings: PprlSettings) -> npt.NDArray[np.int64]:
    """The key-derived order of the balanced filter's bits (identity when not balancing)."""
    generator = np.random.Generator(np.random.PCG64(int.from_bytes(key, "big")))
    return generator.permutation(settings.encoded_bits).astype(np.int64)
