"""Scoring a clustering against a ground truth: pairwise and by cluster.

- pairwise: a pair of records in one predicted cluster is a true positive when the truth has them
  in one entity too; precision, recall and F1 over all such pairs.
- cluster: a predicted cluster is right when it holds exactly the records of one true entity;
  precision is the share of predicted clusters that are right, recall the share of true entities
  found exactly.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 (with the counts behind them)."""

    precision: float
    recall: float
    true_positives: int
    predicted: int
    actual: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class LinkageScores:
    """Pairwise and cluster scores of one clustering."""

    pairwise: Scores
    cluster: Scores
    records: int


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def _scores(tp: int, predicted: int, actual: int) -> Scores:
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    return Scores(precision, recall, tp, predicted, actual)


def score_clusters(predicted: Mapping[str, str], truth: Mapping[str, str]) -> LinkageScores:
    """Score predicted cluster ids against true entity ids, over the records in ``truth``."""
    records = [r for r in truth if r in predicted]
    pred = {r: predicted[r] for r in records}
    true = {r: truth[r] for r in records}
    cells = Counter((pred[r], true[r]) for r in records)
    pred_sizes = Counter(pred.values())
    true_sizes = Counter(true.values())
    pairwise = _scores(
        _pairs(cells.values()), _pairs(pred_sizes.values()), _pairs(true_sizes.values())
    )
    exact = sum(1 for (p, t), n in cells.items() if n == pred_sizes[p] and n == true_sizes[t])
    cluster = _scores(exact, len(pred_sizes), len(true_sizes))
    return LinkageScores(pairwise=pairwise, cluster=cluster, records=len(records))
