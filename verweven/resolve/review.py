"""The review queue a person can finish: the pairs whose judgement changes most, first.

A run keeps the pairs the model was unsure about (its review band), with the size of the
cluster each record ended in and whether the two ended together. A pair's *expected gain* is
the chance that the model's decision about it is wrong times the record pairs that decision
moves: the model linked it (together) and is wrong with chance 1 - p, which would take a
record out of a cluster of n (n - 1 pairs); or it kept them apart and is wrong with chance p,
which would join clusters of n and m (n * m pairs). A pair that keys, judgements or other
links put where the model would not have gains nothing from a judgement of the model's call
and goes to the end. The queue is ranked by that gain, and
``estimate_queue`` says what judging the next N pairs is expected to correct.
"""

from dataclasses import dataclass

import pyarrow as pa

from verweven.model import Judgement
from verweven.resolve.kinds import KIND_NAMES
from verweven.resolve.state import ResolveState
from verweven.store import query_arrow, working_connection


@dataclass(frozen=True)
class ReviewPair:
    """A pair to judge: its kind, the two records, the model's score and what it may change."""

    kind: str
    left_id: str
    right_id: str
    match_weight: float
    match_probability: float
    together: bool = False
    """Whether the run put the two in one cluster."""
    impact: int = 1
    """Record pairs that change if the run's decision about this pair is wrong."""
    model_decided: bool = True
    """Whether the model's own call (its threshold) is what the run did with the pair; if not,
    keys, judgements or other links decided it, and judging it changes nothing."""

    @property
    def chance_wrong(self) -> float:
        p = self.match_probability
        return 1.0 - p if self.together else p

    @property
    def expected_gain(self) -> float:
        return self.chance_wrong * self.impact if self.model_decided else 0.0


@dataclass(frozen=True)
class QueueEstimate:
    """What judging the next ``judged`` of ``queued`` pairs is expected to change."""

    queued: int
    judged: int
    decisions_corrected: float
    record_pairs_moved: float
    decisions_wrong_in_queue: float


def annotate_review(
    review: pa.Table, ids: pa.Array, canonical: pa.Array, threshold: float = 0.9
) -> pa.Table:
    """The review pairs with each record's cluster size, whether the two share a cluster, and
    whether that is the model's own call at ``threshold``."""
    con = working_connection()
    try:
        return query_arrow(
            con,
            "WITH c AS (SELECT entity_id, canonical_id, count(*) OVER (PARTITION BY canonical_id)"
            " AS size FROM clusters) SELECT r.*, coalesce(a.size, 1) AS size_l, "
            "coalesce(b.size, 1) AS size_r, coalesce(a.canonical_id = b.canonical_id, FALSE) "
            "AS together, (coalesce(a.canonical_id = b.canonical_id, FALSE) = "
            f"(r.match_probability >= {float(threshold)})) AS model_decided "
            "FROM review r LEFT JOIN c a ON a.entity_id = r.unique_id_l "
            "LEFT JOIN c b ON b.entity_id = r.unique_id_r ORDER BY r.unique_id_l, r.unique_id_r",
            review=review,
            clusters=pa.table({"entity_id": ids, "canonical_id": canonical}),
        )
    finally:
        con.close()


def review_pairs(
    state: ResolveState, judgements: list[Judgement], limit: int | None = None
) -> list[ReviewPair]:
    """Unjudged pairs of the last run's review band, the largest expected gain first."""
    judged = {j.pair for j in judgements}
    pairs = []
    for kind in KIND_NAMES:
        table = state.load_review(kind)
        if table is None:
            continue
        for row in table.to_pylist():
            left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
            if (left, right) in judged:
                continue
            together = bool(row.get("together", False))
            size_l, size_r = int(row.get("size_l", 1)), int(row.get("size_r", 1))
            impact = max(size_l - 1, 1) if together else size_l * size_r
            decided = bool(row.get("model_decided", True))
            pairs.append(
                ReviewPair(
                    kind,
                    left,
                    right,
                    row["match_weight"],
                    row["match_probability"],
                    together,
                    impact,
                    decided,
                )
            )
    pairs.sort(key=lambda p: (-p.expected_gain, -p.match_weight, p.left_id, p.right_id))
    return pairs[:limit] if limit is not None else pairs


def estimate_queue(pairs: list[ReviewPair], next_n: int) -> QueueEstimate:
    """What judging the first ``next_n`` of ``pairs`` (ranked) is expected to change."""
    chosen = pairs[:next_n]
    return QueueEstimate(
        queued=len(pairs),
        judged=len(chosen),
        decisions_corrected=sum(p.chance_wrong for p in chosen),
        record_pairs_moved=sum(p.expected_gain for p in chosen),
        decisions_wrong_in_queue=sum(p.chance_wrong for p in pairs),
    )
