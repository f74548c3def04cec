"""RFC 9162 Merkle trees: published vectors, the RFC's own definition, and tampered proofs.

The vectors are those of the transparency-dev reference implementation (the successor of
google/certificate-transparency-go's merkle package), github.com/transparency-dev/merkle:
``testonly/constants.go`` at commit 582a6ad190b6848f1d26f8bf08ddef29955d9db1 (leaves, roots of
every size, compact ranges) and ``proof/verify_test.go`` at commit
02194e9afb6c1d95b5381350007963aa70fff472 (inclusion and consistency proofs; its leaf numbers
are 1-based, ours are 0-based indices).
"""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from verweven.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)
from verweven.errors import AuditTamperedError, UsageError

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# Node hashes of the 8-leaf tree by level, as constants.go's NodeHashes (prefixes suffice).
NODES = [
    [
        "6e340b9c",
        "96a296d2",
        "0298d122",
        "07506a85",
        "bc1a0643",
        "4271a26b",
        "b08693ec",
        "46f6ffad",
    ],
    ["fac54203", "5f083f0a", "0ebc5d34", "ca854ea1"],
    ["d37ee418", "6b47aaf2"],
    ["5dc9da79"],
]
# (0-based leaf index, tree size, proof) from verify_test.go's inclusionProofs.
INCLUSION_VECTORS = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, proof) from verify_test.go's consistencyProofs.
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
# Which of NODES make up the compact range of each size (constants.go's CompactTrees).
COMPACT = [[], [(0, 0)], [(1, 0)], [(1, 0), (0, 2)], [(2, 0)], [(2, 0), (0, 4)]]
COMPACT += [[(2, 0), (1, 2)], [(2, 0), (1, 2), (0, 6)], [(3, 0)]]

REFERENCE = [leaf_hash(data) for data in LEAVES]
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)


def make_leaves(count: int) -> list[bytes]:
    """Distinct leaf hashes: with repeated leaves a proof could honestly fit two positions."""
    return [leaf_hash(f"event {number}".encode()) for number in range(count)]


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1's MTH, transcribed as written (recursive, split at the power of two)."""
    if len(leaves) <= 1:
        return leaves[0] if leaves else hashlib.sha256(b"").digest()
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def flip(value: bytes, bit: int) -> bytes:
    """``value`` with one bit flipped."""
    changed = bytearray(value)
    changed[bit // 8 % len(value)] ^= 1 << (bit % 8)
    return bytes(changed)


@pytest.mark.parametrize("size", range(9))
def test_root_of_every_prefix_matches_the_published_vector(size: int) -> None:
    assert root(REFERENCE[:size]).hex() == ROOTS[size]
    assert MerkleTree(REFERENCE).root(size).hex() == ROOTS[size]


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_inclusion_proof_matches_the_published_vector(
    index: int, size: int, proof: list[str]
) -> None:
    built = inclusion_proof(REFERENCE[:size], index)
    assert [sibling.hex() for sibling in built] == proof
    assert verify_inclusion(REFERENCE[index], index, size, built, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old_size", "new_size", "proof"), CONSISTENCY_VECTORS)
def test_consistency_proof_matches_the_published_vector(
    old_size: int, new_size: int, proof: list[str]
) -> None:
    built = consistency_proof(REFERENCE[:new_size], old_size)
    assert [node.hex() for node in built] == proof
    old_root, new_root = bytes.fromhex(ROOTS[old_size]), bytes.fromhex(ROOTS[new_size])
    assert verify_consistency(old_size, new_size, old_root, new_root, built)


@pytest.mark.parametrize("size", range(9))
def test_frontier_holds_the_published_compact_range(size: int) -> None:
    frontier = Frontier.from_leaf_hashes(REFERENCE[:size])
    expected = [NODES[level][index] for level, index in COMPACT[size]]
    assert [node.hex()[:8] for node in frontier.hashes] == expected
    assert frontier.root().hex() == ROOTS[size]


def test_roots_and_inclusion_paths_agree_with_pymerkle() -> None:
    """pymerkle is an independent RFC 9162 implementation (1-based indices; its inclusion
    path starts with the leaf itself)."""
    events = [f"event {number}".encode() for number in range(70)]
    peer, leaves = InmemoryTree.init_from_entries(events), [leaf_hash(e) for e in events]
    tree = MerkleTree(leaves)
    for size in range(1, 71):
        assert tree.root(size) == peer.get_root(size)
        for index in range(size):
            path = peer.prove_inclusion(index + 1, size).path
            assert tree.inclusion_proof(index, size) == path[1:]


@PROPERTY
@given(st.integers(0, 300))
def test_root_equals_the_rfc_definition(size: int) -> None:
    leaves = make_leaves(size)
    assert root(leaves) == mth(leaves)


@settings(PROPERTY, max_examples=40)
@given(st.integers(1, 200))
def test_every_prefix_root_agrees_between_tree_frontier_and_root(size: int) -> None:
    leaves = make_leaves(size)
    tree, frontier = MerkleTree(leaves), Frontier()
    for prefix in range(size + 1):
        assert tree.root(prefix) == frontier.root() == root(leaves[:prefix])
        if prefix < size:
            frontier.append(leaves[prefix])


@PROPERTY
@given(st.integers(1, 300), st.data())
def test_every_inclusion_proof_verifies(size: int, data: st.DataObject) -> None:
    leaves = make_leaves(size)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(leaves, index)
    assert verify_inclusion(leaves[index], index, size, proof, root(leaves))


@PROPERTY
@given(st.integers(2, 300), st.data())
def test_inclusion_fails_with_any_altered_proof_hash_root_index_or_leaf(
    size: int, data: st.DataObject
) -> None:
    leaves = make_leaves(size)
    index = data.draw(st.integers(0, size - 1))
    proof, tree_root = inclusion_proof(leaves, index), root(leaves)
    position = data.draw(st.integers(0, len(proof) - 1))
    bit = data.draw(st.integers(0, 255))
    altered = [*proof[:position], flip(proof[position], bit), *proof[position + 1 :]]
    other_index = data.draw(st.integers(0, size).filter(lambda i: i != index))
    assert not verify_inclusion(leaves[index], index, size, altered, tree_root)
    assert not verify_inclusion(leaves[index], index, size, proof, flip(tree_root, bit))
    assert not verify_inclusion(leaves[index], other_index, size, proof, tree_root)
    assert not verify_inclusion(flip(leaves[index], bit), index, size, proof, tree_root)
    assert not verify_inclusion(leaves[index], index, size, proof[:-1], tree_root)
    assert not verify_inclusion(leaves[index], index, size, [*proof, tree_root], tree_root)


@PROPERTY
@given(st.integers(1, 300), st.data())
def test_inclusion_proof_of_one_size_fails_against_another_sizes_root(
    size: int, data: st.DataObject
) -> None:
    """The size is bound by the signed (size, root) pair, not by the proof alone: against the
    root of another size, a proof verifies only if that size's proof is the very same."""
    leaves = make_leaves(300)
    index = data.draw(st.integers(0, size - 1))
    other = data.draw(st.integers(index + 1, 300).filter(lambda s: s != size))
    proof, other_proof = (
        inclusion_proof(leaves[:size], index),
        inclusion_proof(leaves[:other], index),
    )
    verified = verify_inclusion(leaves[index], index, other, proof, root(leaves[:other]))
    assert verified == (proof == other_proof)


@PROPERTY
@given(st.integers(1, 300), st.data())
def test_every_consistency_proof_verifies(new_size: int, data: st.DataObject) -> None:
    leaves = make_leaves(new_size)
    old_size = data.draw(st.integers(0, new_size))
    proof = consistency_proof(leaves, old_size)
    assert verify_consistency(old_size, new_size, root(leaves[:old_size]), root(leaves), proof)


@PROPERTY
@given(st.integers(2, 300), st.data())
def test_consistency_fails_with_any_altered_proof_hash_or_root(
    new_size: int, data: st.DataObject
) -> None:
    leaves = make_leaves(new_size)
    old_size = data.draw(st.integers(1, new_size - 1))
    proof = consistency_proof(leaves, old_size)
    old_root, new_root = root(leaves[:old_size]), root(leaves)
    position = data.draw(st.integers(0, len(proof) - 1))
    bit = data.draw(st.integers(0, 255))
    altered = [*proof[:position], flip(proof[position], bit), *proof[position + 1 :]]
    assert not verify_consistency(old_size, new_size, old_root, new_root, altered)
    assert not verify_consistency(old_size, new_size, flip(old_root, bit), new_root, proof)
    assert not verify_consistency(old_size, new_size, old_root, flip(new_root, bit), proof)
    assert not verify_consistency(old_size, new_size, new_root, old_root, proof)
    assert not verify_consistency(old_size, new_size, old_root, new_root, proof[:-1])
    assert not verify_consistency(old_size, new_size, old_root, new_root, [*proof, old_root])


@PROPERTY
@given(st.integers(2, 300), st.data())
def test_consistency_proof_fails_for_other_sizes_with_their_true_roots(
    new_size: int, data: st.DataObject
) -> None:
    leaves = make_leaves(300)
    old_size = data.draw(st.integers(1, new_size - 1))
    proof = consistency_proof(leaves[:new_size], old_size)
    other_old = data.draw(st.integers(1, new_size - 1).filter(lambda s: s != old_size))
    other_new = data.draw(st.integers(old_size + 1, 300).filter(lambda s: s != new_size))
    old_root, new_root = root(leaves[:old_size]), root(leaves[:new_size])
    verified_old = verify_consistency(
        other_old, new_size, root(leaves[:other_old]), new_root, proof
    )
    verified_new = verify_consistency(
        old_size, other_new, old_root, root(leaves[:other_new]), proof
    )
    assert verified_old == (proof == consistency_proof(leaves[:new_size], other_old))
    assert verified_new == (proof == consistency_proof(leaves[:other_new], old_size))


def test_consistency_of_equal_or_empty_trees_needs_an_empty_proof_and_matching_roots() -> None:
    two = root(REFERENCE[:2])
    assert verify_consistency(2, 2, two, two, [])
    assert not verify_consistency(2, 2, two, root(REFERENCE[:3]), [])
    assert not verify_consistency(2, 2, two, two, [two])
    assert verify_consistency(0, 2, EMPTY_ROOT, two, [])
    assert not verify_consistency(0, 2, two, two, [])
    assert not verify_consistency(3, 2, root(REFERENCE[:3]), two, [])


def test_proofs_outside_the_tree_are_refused_by_name() -> None:
    with pytest.raises(UsageError, match="leaf index 8 is outside a tree of 8 leaves"):
        inclusion_proof(REFERENCE, 8)
    with pytest.raises(UsageError, match="old tree size 9 is not between 0 and 8"):
        consistency_proof(REFERENCE, 9)
    with pytest.raises(UsageError, match="tree size 9 is outside a log of 8 leaves"):
        MerkleTree(REFERENCE).root(9)


@PROPERTY
@given(st.integers(0, 300), st.integers(0, 40))
def test_restored_frontier_appends_as_if_never_stored(size: int, more: int) -> None:
    leaves = make_leaves(size + more)
    stored = Frontier.from_leaf_hashes(leaves[:size]).to_bytes()
    restored = Frontier.from_bytes(stored)
    restored.extend(leaves[size:])
    assert len(stored) == 8 + 32 * size.bit_count()
    assert restored.size == size + more
    assert restored.root() == root(leaves)


def test_truncated_frontier_is_refused() -> None:
    stored = Frontier.from_leaf_hashes(REFERENCE[:7]).to_bytes()
    with pytest.raises(AuditTamperedError, match="stored frontier is malformed"):
        Frontier.from_bytes(stored[:-1])
    with pytest.raises(AuditTamperedError, match="stored frontier is malformed"):
        Frontier.from_bytes(stored[:5])
