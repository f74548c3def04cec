"""The review queue: pairs the model was unsure about, best first, minus those already judged."""

from dataclasses import dataclass

from verweven.model import Judgement
from verweven.resolve.kinds import KIND_NAMES
from verweven.resolve.state import ResolveState


@dataclass(frozen=True)
class ReviewPair:
    """A pair to judge: its kind, the two records and the model's score."""

    kind: str
    left_id: str
    right_id: str
    match_weight: float
    match_probability: float


def review_pairs(
    state: ResolveState, judgements: list[Judgement], limit: int | None = None
) -> list[ReviewPair]:
    """Unjudged pairs of the last run's review band, most likely matches first."""
    judged = {j.pair for j in judgements}
    pairs = []
    for kind in KIND_NAMES:
        table = state.load_review(kind)
        if table is None:
            continue
        for row in table.to_pylist():
            left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
            if (left, right) not in judged:
                pairs.append(
                    ReviewPair(kind, left, right, row["match_weight"], row["match_probability"])
                )
    pairs.sort(key=lambda p: (-p.match_weight, p.left_id, p.right_id))
    return pairs[:limit] if limit is not None else pairs
