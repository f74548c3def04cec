"""The Merkle Tree Hash of RFC 9162 §2.1 over an append-only sequence of leaf hashes.

The audit log's leaves are the hashes of its events in sequence order. The root commits to
every leaf and its position; an inclusion proof shows that one leaf sits at one position of a
tree of a given size, a consistency proof that a smaller tree is a prefix of a larger one.
Proofs are built (§2.1.3.1, §2.1.4.1) and checked (§2.1.3.2, §2.1.4.2) as the RFC says.
Hashes are raw 32-byte SHA-256 digests; nothing here reads or writes a store.
"""

import hashlib
from collections.abc import Iterable, Sequence

from verweven.errors import AuditTamperedError, UsageError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF = b"\x00"
_NODE = b"\x01"
_SIZE_BYTES = 8


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(_LEAF + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(_NODE + left + right).digest()


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of the leaves; the empty tree's is SHA-256 of nothing.

    Works level by level and keeps only the level at hand: a few million leaves take one
    extra list of half their number."""
    level = leaf_hashes
    while len(level) > 1:
        level = _next_level(level)
    return level[0] if level else EMPTY_ROOT


def _next_level(level: Sequence[bytes]) -> list[bytes]:
    """Pair the nodes of one level from the left; an odd last node moves up unchanged.

    This builds exactly RFC 9162's tree: its left subtrees are perfect, the right edge is not."""
    sha256 = hashlib.sha256
    pairs = zip(level[0::2], level[1::2], strict=False)
    parents = [sha256(_NODE + left + right).digest() for left, right in pairs]
    if len(level) % 2:
        parents.append(level[-1])
    return parents


def _fold(subtree_roots: Sequence[bytes]) -> bytes:
    """The root over adjacent perfect subtrees, largest (leftmost) first: fold from the right."""
    result = subtree_roots[-1]
    for left in reversed(subtree_roots[:-1]):
        result = node_hash(left, result)
    return result


def _split(size: int) -> int:
    """RFC 9162's k: the largest power of two smaller than ``size`` (``size`` > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


class Frontier:
    """The right edge of a log's tree: the roots of the perfect subtrees of the binary
    decomposition of its size, largest first (RFC 9162's compact range [0, size)).

    With it a log appends leaves and computes the new root without reading old leaves: one
    hash per leaf on average, at most log2(size) for one leaf. It is derived data: a store
    should check a restored frontier's root against its latest signed checkpoint."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if size < 0 or len(hashes) != size.bit_count() or not _are_hashes(hashes):
            raise UsageError(
                f"a frontier of size {size} has {max(size, 0).bit_count()} hashes of"
                f" {HASH_SIZE} bytes, not {[len(hashed) for hashed in hashes]}"
            )
        self._size = size
        self._hashes = list(hashes)

    @classmethod
    def from_leaf_hashes(cls, leaf_hashes: Iterable[bytes]) -> "Frontier":
        """The frontier of a log holding these leaves."""
        frontier = cls()
        frontier.extend(leaf_hashes)
        return frontier

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The perfect subtrees' roots, largest first."""
        return tuple(self._hashes)

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf: it merges with every subtree of its own height, like a binary carry."""
        merged, size = leaf_hash, self._size
        while size & 1:
            merged = node_hash(self._hashes.pop(), merged)
            size >>= 1
        self._hashes.append(merged)
        self._size += 1

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Add leaves in order."""
        for hashed in leaf_hashes:
            self.append(hashed)

    def root(self) -> bytes:
        """The Merkle Tree Hash of every leaf appended so far."""
        return _fold(self._hashes) if self._hashes else EMPTY_ROOT

    def to_bytes(self) -> bytes:
        """The size (8 bytes, big-endian) followed by the hashes: 8 + 32 × popcount(size)."""
        return self._size.to_bytes(_SIZE_BYTES, "big") + b"".join(self._hashes)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Frontier":
        """Restore a frontier written by ``to_bytes``; a wrong length raises."""
        size = int.from_bytes(data[:_SIZE_BYTES], "big")
        body = data[_SIZE_BYTES:]
        expected = HASH_SIZE * size.bit_count()
        if len(data) < _SIZE_BYTES or len(body) != expected:
            raise AuditTamperedError(
                f"stored frontier is malformed: {len(data)} bytes, expected 8 for the size"
                f" ({size}) and {expected} for its {size.bit_count()} hashes"
            )
        hashes = [body[start : start + HASH_SIZE] for start in range(0, expected, HASH_SIZE)]
        return cls(size, hashes)

    def __repr__(self) -> str:
        return f"Frontier(size={self._size}, root={self.root().hex()})"


class MerkleTree:
    """Every level of the tree over a fixed list of leaf hashes, built once (n hashes).

    Then the root of any prefix and a proof between any two sizes cost O(log² n) lookups, so
    checking many checkpoints against one log reads the leaves once. Levels above the leaves
    are kept as joined bytes (32 per node, no object per hash)."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self._leaves = leaf_hashes
        self._levels: list[bytes] = []
        level = leaf_hashes
        while len(level) > 1:
            level = _next_level(level)
            self._levels.append(b"".join(level))

    @property
    def size(self) -> int:
        """The number of leaves."""
        return len(self._leaves)

    def root(self, size: int | None = None) -> bytes:
        """The root of the first ``size`` leaves (all of them by default)."""
        size = self.size if size is None else size
        self._check_size(size, "tree size")
        return self._range_root(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 PATH(index, D[0:size]): the sibling hashes from the leaf up to the root."""
        size = self.size if size is None else size
        self._check_size(size, "tree size")
        if not 0 <= index < size:
            raise UsageError(f"leaf index {index} is outside a tree of {size} leaves")
        path: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            middle = start + _split(end - start)
            if index < middle:
                path.append(self._range_root(middle, end))
                end = middle
            else:
                path.append(self._range_root(start, middle))
                start = middle
        path.reverse()
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 PROOF(old_size, D[0:new_size]): the hashes that show the tree of
        ``old_size`` leaves is a prefix of the tree of ``new_size`` leaves."""
        new_size = self.size if new_size is None else new_size
        self._check_size(new_size, "new tree size")
        if not 0 <= old_size <= new_size:
            raise UsageError(f"old tree size {old_size} is not between 0 and {new_size}")
        if old_size in (0, new_size):
            return []
        proof: list[bytes] = []
        start, end, old_is_whole_subtree = 0, new_size, True
        while old_size != end:
            middle = start + _split(end - start)
            if old_size <= middle:
                proof.append(self._range_root(middle, end))
                end = middle
            else:
                proof.append(self._range_root(start, middle))
                start, old_is_whole_subtree = middle, False
        if not old_is_whole_subtree:
            proof.append(self._range_root(start, end))
        proof.reverse()
        return proof

    def _check_size(self, size: int, what: str) -> None:
        if not 0 <= size <= self.size:
            raise UsageError(f"{what} {size} is outside a log of {self.size} leaves")

    def _range_root(self, start: int, end: int) -> bytes:
        """The root of leaves [start, end), a node of RFC 9162's recursion: ``start`` is a
        multiple of the largest power of two in the range's length, so the range splits
        into aligned perfect subtrees whose roots are stored."""
        subtree_roots: list[bytes] = []
        while start < end:
            height = (end - start).bit_length() - 1
            subtree_roots.append(self._perfect_root(height, start >> height))
            start += 1 << height
        return _fold(subtree_roots)

    def _perfect_root(self, height: int, index: int) -> bytes:
        if height == 0:
            return self._leaves[index]
        offset = index * HASH_SIZE
        return self._levels[height - 1][offset : offset + HASH_SIZE]


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """The inclusion proof of leaf ``index`` in the tree over all of ``leaf_hashes``."""
    return MerkleTree(leaf_hashes).inclusion_proof(index)


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """The consistency proof from the first ``old_size`` leaves to all of ``leaf_hashes``."""
    return MerkleTree(leaf_hashes).consistency_proof(old_size)


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show ``leaf_hash`` at ``index`` in the tree of
    ``size`` leaves whose root is ``root``?"""
    if not 0 <= index < size or not _are_hashes([leaf_hash, root, *proof]):
        return False
    fn, sn, result = index, size - 1, leaf_hash
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            fn, sn = _climb_left_edges(fn, sn)
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show that the tree of ``old_size`` leaves with
    ``old_root`` is a prefix of the tree of ``new_size`` leaves with ``new_root``?

    The RFC's algorithm covers 0 < old_size < new_size; equal sizes need equal roots and an
    empty proof, and an empty old tree (whose root must be the empty root) an empty proof."""
    if not 0 <= old_size <= new_size or not _are_hashes([old_root, new_root, *proof]):
        return False
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT and (new_size > 0 or new_root == EMPTY_ROOT)
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    old_result = new_result = path[0]
    for sibling in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            old_result = node_hash(sibling, old_result)
            new_result = node_hash(sibling, new_result)
            fn, sn = _climb_left_edges(fn, sn)
        else:
            new_result = node_hash(new_result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and old_result == old_root and new_result == new_root


def _climb_left_edges(fn: int, sn: int) -> tuple[int, int]:
    """The RFC's "right-shift both fn and sn equally until either LSB(fn) is set or fn is 0":
    skip the levels where the node is a left child with no right sibling in this tree."""
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def _are_hashes(values: Iterable[bytes]) -> bool:
    return all(len(value) == HASH_SIZE for value in values)
