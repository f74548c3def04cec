"""Link two encoded sets: candidates by bit-sampling LSH, Dice similarity, threshold, and an
optional one-to-one assignment.

Comparing every pair does not scale (1 million x 1 million records is 10^12 comparisons), so
candidates come from locality-sensitive hashing for the Hamming distance: each of ``bands``
samples takes the same ``bits_per_band`` positions of every encoding, and two encodings that
agree on all positions of one sample are compared. Similar encodings agree on most bits, so
they share some sample with high probability; unrelated ones (about half their bits differ,
after balancing) almost never do. The samples need no key: the matcher has none.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from verweven.pprl.encode import Bits
from verweven.pprl.encodings import EncodedSet, check_comparable
from verweven.pprl.settings import MatchSettings
from verweven.store import query_arrow, scratch_connection

SAMPLE_SEED = 20261001  # fixed: both sides of one match must sample the same positions
PAIR_CHUNK = 1_000_000
Index = npt.NDArray[np.int64]


@dataclass(frozen=True)
class MatchResult:
    """Pairs above the threshold (indexes into both sets, scores) and what it took."""

    left: Index
    right: Index
    scores: npt.NDArray[np.float64]
    comparisons: int


def count_set_bits(bits: Bits) -> npt.NDArray[np.int64]:
    """Set bits per encoding."""
    counts: npt.NDArray[np.int64] = np.bitwise_count(bits).sum(axis=1, dtype=np.int64)
    return counts


def _words(bits: Bits) -> npt.NDArray[np.uint64] | Bits:
    """The same bits as 64-bit words where the width allows: eight times fewer operations."""
    if bits.shape[1] % 8:
        return bits
    return np.ascontiguousarray(bits).view(np.uint64)


def score_dice(left: Bits, right: Bits, li: Index, ri: Index) -> npt.NDArray[np.float64]:
    """Dice similarity 2|A & B| / (|A| + |B|) of the pairs (left[li], right[ri])."""
    scores = np.empty(len(li), dtype=np.float64)
    left_count, right_count = count_set_bits(left), count_set_bits(right)
    left_words, right_words = _words(left), _words(right)
    for start in range(0, len(li), PAIR_CHUNK):
        a, b = li[start : start + PAIR_CHUNK], ri[start : start + PAIR_CHUNK]
        common = np.bitwise_count(left_words[a] & right_words[b]).sum(axis=1, dtype=np.int64)
        total = left_count[a] + right_count[b]
        scores[start : start + PAIR_CHUNK] = np.divide(
            2 * common, total, out=np.zeros(len(a)), where=total > 0
        )
    return scores


def sample_positions(encoded_bits: int, options: MatchSettings) -> Index:
    """``bands`` x ``bits_per_band`` bit positions, the same for both sides."""
    generator = np.random.default_rng(SAMPLE_SEED)
    per_band = min(options.bits_per_band, encoded_bits)
    return np.stack(
        [generator.choice(encoded_bits, per_band, replace=False) for _ in range(options.bands)]
    ).astype(np.int64)


def compute_band_keys(bits: Bits, positions: Index) -> pa.Table:
    """One row (key, row) per encoding: key packs the bits at one band's ``positions``."""
    keys = np.zeros(len(bits), dtype=np.uint64)
    for j, position in enumerate(positions):
        bit = (bits[:, position // 8] >> (7 - position % 8)) & 1
        keys |= bit.astype(np.uint64) << np.uint64(j)
    return pa.table({"key": keys, "row": np.arange(len(bits), dtype=np.int64)})


# One band's pairs: equal keys, where neither side's bucket is too large to say anything.
BAND_PAIRS_SQL = """
INSERT INTO pairs
WITH l AS (SELECT key, row, count(*) OVER (PARTITION BY key) AS n FROM left_keys),
r AS (SELECT key, row, count(*) OVER (PARTITION BY key) AS n FROM right_keys)
SELECT l.row AS l, r.row AS r FROM l JOIN r USING (key)
WHERE l.n <= ? AND r.n <= ?
"""


def find_candidates(left: Bits, right: Bits, options: MatchSettings) -> tuple[Index, Index]:
    """Pairs that agree on every sampled bit of at least one band (each pair once). Bands are
    joined one at a time, so memory follows one band's keys, not all of them."""
    positions = sample_positions(left.shape[1] * 8, options)
    with scratch_connection() as con:
        con.execute("CREATE TABLE pairs (l BIGINT, r BIGINT)")
        for band in positions:
            con.register("left_keys", compute_band_keys(left, band))
            con.register("right_keys", compute_band_keys(right, band))
            con.execute(BAND_PAIRS_SQL, [options.max_bucket, options.max_bucket])
            con.unregister("left_keys")
            con.unregister("right_keys")
        pairs = query_arrow(con, "SELECT DISTINCT l, r FROM pairs ORDER BY l, r")
    return (
        pairs.column("l").to_numpy().astype(np.int64),
        pairs.column("r").to_numpy().astype(np.int64),
    )


def match_sets(left: EncodedSet, right: EncodedSet, options: MatchSettings) -> MatchResult:
    """Pairs of the two sets whose Dice similarity reaches the threshold."""
    check_comparable(left, right)
    li, ri = find_candidates(left.bits, right.bits, options)
    scores = score_dice(left.bits, right.bits, li, ri)
    keep = scores >= options.threshold
    result = MatchResult(li[keep], ri[keep], scores[keep], comparisons=len(li))
    return assign_one_to_one(result) if options.one_to_one else result


def assign_one_to_one(result: MatchResult) -> MatchResult:
    """Keep each record in at most one pair, best scores first (greedy; ties by position)."""
    order = np.lexsort((result.right, result.left, -result.scores))
    used_left: set[int] = set()
    used_right: set[int] = set()
    kept = []
    for index in order:
        a, b = int(result.left[index]), int(result.right[index])
        if a not in used_left and b not in used_right:
            used_left.add(a)
            used_right.add(b)
            kept.append(index)
    chosen = np.sort(np.array(kept, dtype=np.int64))
    return MatchResult(
        result.left[chosen], result.right[chosen], result.scores[chosen], result.comparisons
    )


def write_pairs(path: Path, left: EncodedSet, right: EncodedSet, result: MatchResult) -> None:
    """CSV left_id,right_id,score, best scores first."""
    order = np.argsort(-result.scores, kind="stable")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "score"])
        for index in order:
            writer.writerow(
                [
                    left.ids[result.left[index]],
                    right.ids[result.right[index]],
                    f"{result.scores[index]:.4f}",
                ]
            )
