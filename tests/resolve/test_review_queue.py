"""The review queue ranks pairs by expected gain and says what judging the next N changes."""

from pathlib import Path

import pyarrow as pa

from tests.factories import admin
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.review import annotate_review, estimate_queue, review_pairs
from verweven.resolve.state import ResolveState
from verweven.store import Store


def queue(tmp_path: Path) -> ResolveState:
    state = ResolveState(tmp_path / "s")
    state.save_review("person", pa.table({
        "unique_id_l": ["a", "c", "e"], "unique_id_r": ["b", "d", "f"],
        "match_weight": [0.0, 3.0, 4.0], "match_probability": [0.5, 0.9, 0.95],
        "size_l": [3, 1, 2], "size_r": [2, 1, 2], "together": [False, False, True],
    }))  # fmt: skip
    return state


def test_the_pair_that_would_move_most_record_pairs_comes_first(tmp_path: Path) -> None:
    pairs = review_pairs(queue(tmp_path), [])
    assert [p.left_id for p in pairs] == ["a", "c", "e"]
    assert [round(p.expected_gain, 2) for p in pairs] == [3.0, 0.9, 0.05]


def test_a_pair_that_other_evidence_decided_goes_to_the_end(tmp_path: Path) -> None:
    state = ResolveState(tmp_path / "s")
    state.save_review("person", pa.table({
        "unique_id_l": ["a", "c"], "unique_id_r": ["b", "d"],
        "match_weight": [-2.0, 0.0], "match_probability": [0.2, 0.5],
        "size_l": [30, 1], "size_r": [30, 1], "together": [True, False],
        "model_decided": [False, True],
    }))  # fmt: skip
    assert [p.left_id for p in review_pairs(state, [])] == ["c", "a"]


def test_the_estimate_says_what_the_next_pairs_correct(tmp_path: Path) -> None:
    estimate = estimate_queue(review_pairs(queue(tmp_path), []), 2)
    assert (estimate.queued, estimate.judged) == (3, 2)
    assert round(estimate.decisions_corrected, 2) == 1.4
    assert round(estimate.record_pairs_moved, 2) == 3.9
    assert round(estimate.decisions_wrong_in_queue, 2) == 1.45


def test_a_run_keeps_cluster_sizes_with_its_review_pairs() -> None:
    review = pa.table({"unique_id_l": ["a"], "unique_id_r": ["c"], "match_weight": [0.0],
                       "match_probability": [0.5]})  # fmt: skip
    ids = pa.array(["a", "b", "c"])
    annotated = annotate_review(review, ids, pa.array(["x", "x", "y"])).to_pylist()
    assert annotated[0] | {} == {"unique_id_l": "a", "unique_id_r": "c", "match_weight": 0.0,
                                  "match_probability": 0.5, "size_l": 2, "size_r": 1,
                                  "together": False, "model_decided": True}  # fmt: skip


def test_a_resolve_run_writes_an_annotated_queue(people: Store, options: ResolveOptions) -> None:
    resolve(people, admin(people), options)
    review = ResolveState(options.state_dir).load_review("person")
    assert review is not None
    assert {"size_l", "size_r", "together"} <= set(review.column_names)
