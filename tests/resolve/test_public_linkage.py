"""Resolution on a public set this project did not make, mapped naively (RLdata500: every
duplicate carries exactly one error, which breaks EM's independence assumption), and the
guard that keeps EM's estimate of exact agreement from collapsing there."""

import sys
from pathlib import Path
from typing import Any

import pytest

from verweven.evaluation.linkage import evaluate_rldata, peer_rldata
from verweven.resolve.linkage import floor_exact_m

DATA = Path(sys.prefix) / "share" / "verweven" / "linkage"  # `make linkage-data`


@pytest.mark.skipif(not (DATA / "RLdata500.csv").exists(), reason="make linkage-data")
def test_rldata500_mapped_naively_links_as_well_as_plain_splink(tmp_path: Path) -> None:
    ours = evaluate_rldata("rldata500", DATA, tmp_path)
    peer = peer_rldata("rldata500", DATA)
    assert ours.scores.records == 500
    assert ours.scores.pairwise.f1 >= 0.95
    assert ours.scores.pairwise.f1 >= peer.scores.pairwise.f1


def model(*levels: float) -> dict[str, Any]:
    comparison_levels: list[dict[str, Any]] = [{"is_null_level": True}]
    comparison_levels += [{"m_probability": m} for m in levels]
    return {"comparisons": [{"output_column_name": "birth_date",
                             "comparison_levels": comparison_levels}]}  # fmt: skip


def m_values(floored: dict[str, Any]) -> list[float]:
    [comparison] = floored["comparisons"]
    return [level["m_probability"] for level in comparison["comparison_levels"][1:]]


def test_exact_agreement_below_the_floor_is_raised_and_the_rest_scaled() -> None:
    floored = m_values(floor_exact_m(model(0.002, 0.868, 0.12, 0.01), {"birth_date": 0.5}))
    assert floored[0] == 0.5
    assert sum(floored) == pytest.approx(1.0)
    assert floored[1] / floored[2] == pytest.approx(0.868 / 0.12)


def test_a_plausible_estimate_or_an_unfloored_comparison_is_left_alone() -> None:
    assert m_values(floor_exact_m(model(0.9, 0.08, 0.02), {"birth_date": 0.5})) == [0.9, 0.08, 0.02]
    assert m_values(floor_exact_m(model(0.1, 0.8, 0.1), {"surname": 0.5})) == [0.1, 0.8, 0.1]
