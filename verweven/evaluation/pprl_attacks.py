"""Attacks on PPRL encodings, after Christen et al., to measure what hardening protects.

The attacker holds an encoded file (not the key) and a public-like list of names with their
frequencies from the same population (e.g. a name frequency table of the country). Both attacks
know the settings (they are in the file's header) and guess each record's surname; a record is
re-identified when the guess is right. Guessing the most frequent surname for every record is
the baseline any attack must beat.

- ``attack_by_frequency``: identical encodings are grouped, and the largest groups are aligned with
  the most frequent surnames (rank against rank). It works when equal values give equal
  encodings, as in an encoding of names only.
- ``attack_by_patterns``: mines the bit positions of frequent surname q-grams from the encodings
  themselves (the positions of a q-gram are set together in every record that has it: a
  frequent itemset of columns), aligns them with the public list's most frequent q-grams, and
  picks for each record the public surname whose q-grams fit the positions it has set. Against
  balancing it first pairs each column with its negation and drops the negated half.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from verweven.pprl.encode import Bits
from verweven.pprl.fields import normalise_last_name, split_qgrams
from verweven.pprl.settings import PprlSettings

Columns = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class AttackResult:
    """Share of records whose surname the attack guessed right, and the baseline's share."""

    attack: str
    records: int
    reidentified: int
    baseline: int

    @property
    def share(self) -> float:
        """Re-identified records / records."""
        return self.reidentified / self.records if self.records else 0.0

    @property
    def baseline_share(self) -> float:
        """Share right by guessing the most frequent public surname for everyone."""
        return self.baseline / self.records if self.records else 0.0


def count_surnames(surnames: Sequence[str | None]) -> Counter[str]:
    """The public list: normalised surnames and how often each occurs."""
    return Counter(v for v in (normalise_last_name(s) for s in surnames) if v)


def _result(
    name: str, guesses: Sequence[str], truth: Sequence[str], public: Counter[str]
) -> AttackResult:
    true = [normalise_last_name(t) for t in truth]
    top = public.most_common(1)[0][0] if public else ""
    hits = sum(1 for g, t in zip(guesses, true, strict=True) if g and g == t)
    return AttackResult(name, len(true), hits, sum(1 for t in true if t == top))


def attack_by_frequency(
    bits: Bits, truth: Sequence[str], public: Counter[str], top: int = 20
) -> AttackResult:
    """Align the ``top`` most frequent encodings with the ``top`` most frequent surnames."""
    rows = [row.tobytes() for row in bits]
    groups = Counter(rows).most_common(top)
    names = [name for name, _ in public.most_common(top)]
    assigned = {row: name for (row, _), name in zip(groups, names, strict=False)}
    guesses = [assigned.get(row, "") for row in rows]
    return _result("frequency", guesses, truth, public)


def debalance(columns: Columns) -> Columns:
    """Undo balancing without the key: every column has its negation among the columns; keep
    the one of each pair that is set less often (the original, as filters are under half full)."""
    keys = {columns[:, c].tobytes(): c for c in range(columns.shape[1])}
    kept = []
    for c in range(columns.shape[1]):
        partner = keys.get((~columns[:, c]).tobytes())
        if (
            partner is None
            or columns[:, c].sum() < columns[:, partner].sum()
            or (columns[:, c].sum() == columns[:, partner].sum() and c < partner)
        ):
            kept.append(c)
    return columns[:, kept]


def mine_groups(columns: Columns, size: int, groups: int, min_support: int) -> list[Columns]:
    """Frequent itemsets of ``size`` columns, one per frequent q-gram: seed with the most often
    set column not yet in an itemset, then keep adding the column that keeps most records (a
    q-gram's positions are set together, so the records that have it stay). Returns each
    itemset's records."""
    packed = np.packbits(columns, axis=0).T.copy()  # one row of packed record bits per column
    unseeded = np.ones(columns.shape[1], dtype=bool)
    support = np.bitwise_count(packed).sum(axis=1, dtype=np.int64)
    found: list[Columns] = []
    for _ in range(groups):
        candidates = np.where(unseeded, support, -1)
        seed = int(np.argmax(candidates))
        if candidates[seed] < min_support:
            break
        members, mask, curve = [seed], packed[seed].copy(), []
        while len(members) < size:
            kept = np.bitwise_count(packed & mask).sum(axis=1, dtype=np.int64)
            # The column most like the itemset (Jaccard): a position of the same q-gram, not
            # one that is set in nearly every record (a birth year's "19").
            likeness = kept / (support + kept.max() - kept)
            likeness[members] = -1
            best = int(np.argmax(likeness))
            members.append(best)
            mask &= packed[best]
            curve.append(int(kept[best]))
        unseeded[members] = False
        # One q-gram's positions keep the same records: a support still falling at the end
        # means the itemset mixes q-grams, and is dropped.
        if curve and curve[-1] >= 0.95 * curve[len(curve) // 2]:
            found.append(np.unpackbits(mask, count=columns.shape[0]).astype(bool))
    return found


def attack_by_patterns(
    bits: Bits,
    settings: PprlSettings,
    truth: Sequence[str],
    public: Counter[str],
    groups: int = 60,
) -> AttackResult:
    """Mine q-gram positions, keep the itemsets of a surname q-gram's size, align them with the
    public surname q-grams by frequency rank, and guess each record's surname."""
    columns = np.unpackbits(bits, axis=1).astype(bool)
    if settings.hardening.balance:
        columns = debalance(columns)
    k = settings.fields["last_name"].k if "last_name" in settings.fields else 0
    q = settings.fields["last_name"].q if "last_name" in settings.fields else 2
    gram_counts = _gram_counts(public, q)
    # An itemset set in more records than the most frequent surname q-gram is of another field.
    ceiling = 1.2 * gram_counts.most_common(1)[0][1] / sum(public.values()) * len(bits)
    mined = mine_groups(columns, k, groups, min_support=max(5, len(bits) // 200))
    sized = sorted((m for m in mined if m.sum() <= ceiling), key=lambda m: -int(m.sum()))
    aligned = align_grams(sized, public, q, len(bits))
    guesses = _guess_surnames(aligned, public, q, len(bits))
    return _result("pattern mining", guesses, truth, public)


def align_grams(
    masks: list[Columns], public: Counter[str], q: int, records: int
) -> dict[str, Columns]:
    """Which public q-gram each mined itemset is, one at a time: the next is the itemset and
    q-gram whose frequency and co-occurrence with the itemsets already aligned fit best (given
    "n_", the q-grams that come with it are told apart even where their frequencies are close)."""
    if not masks:
        return {}
    grams = [g for g, _ in _gram_counts(public, q).most_common(len(masks) * 2)]
    names = list(public)
    weights = np.array([public[n] for n in names], dtype=np.float64)
    has = np.array([[g in set(split_qgrams(n, q)) for g in grams] for n in names], dtype=np.float64)
    expected = (has * weights[:, None]).T @ has * (records / weights.sum())  # grams x grams
    stacked = np.stack(masks).astype(np.float64)
    observed = stacked @ stacked.T  # itemsets x itemsets
    anchors: list[tuple[int, int]] = []  # (itemset, gram)
    free_sets, free_grams = set(range(len(masks))), set(range(len(grams)))
    while free_sets and free_grams:
        rows, cols = sorted(free_sets), sorted(free_grams)
        cost = np.abs(np.diag(observed)[rows][:, None] - np.diag(expected)[cols][None, :])
        for i, g in anchors:
            cost += np.abs(observed[rows, i][:, None] - expected[cols, g][None, :])
        cost /= np.diag(observed)[rows][:, None] * (1 + len(anchors))
        # Align first the itemset whose best q-gram fits clearly better than its second best.
        ordered = np.sort(cost, axis=1)
        margin = ordered[:, 1] - ordered[:, 0] if len(cols) > 1 else -ordered[:, 0]
        row = int(np.argmax(margin))
        col = int(np.argmin(cost[row]))
        anchors.append((rows[row], cols[col]))
        free_sets.discard(rows[row])
        free_grams.discard(cols[col])
    return {grams[g]: masks[i] for i, g in anchors}


def _gram_counts(public: Counter[str], q: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, count in public.items():
        for gram in set(split_qgrams(name, q)):
            counts[gram] += count
    return counts


def _guess_surnames(
    aligned: dict[str, Columns], public: Counter[str], q: int, records: int
) -> list[str]:
    """For each record, the public surname that agrees best with the aligned q-grams it has
    and has not (ties: the more frequent surname). No aligned q-grams: no guess."""
    if not aligned:
        return [""] * records
    grams = list(aligned)
    present = np.stack([aligned[g] for g in grams], axis=1).astype(np.int8)  # records x grams
    names = [name for name, _ in public.most_common()]
    has = np.array([[g in set(split_qgrams(n, q)) for g in grams] for n in names], dtype=np.int8)
    # +1 for an aligned q-gram both have, -1 for one only the record or only the name has.
    agreement = present @ (2 * has.T - 1) - (1 - present) @ has.T
    best = np.argmax(agreement, axis=1)  # first maximum: the most frequent surname
    return [names[i] for i in best]
