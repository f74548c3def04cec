"""Explanations list every field with its weight; the review queue holds the unsure pairs."""

from pathlib import Path

import pyarrow as pa

from tests.factories import admin, analyst
from verweven.model import Verdict
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.explain import explain_pair
from verweven.resolve.review import ReviewPair, review_pairs
from verweven.resolve.state import ResolveState
from verweven.store import Store


def test_explanation_lists_fields_with_weights(people: Store, options: ResolveOptions) -> None:
    resolve(people, admin(people), options)
    explanation = explain_pair(
        people, analyst(people), "brp.1", "pol.7", ResolveState(options.state_dir)
    )
    fields = {f.field: f for f in explanation.fields}
    assert fields["birth_date"].level == "day and month swapped"
    assert fields["surname"].weight > 0
    assert fields["first_name"].level == "same initials"
    assert explanation.match_probability >= explanation.threshold


def test_explanation_weights_add_up_to_the_match_weight(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    explanation = explain_pair(
        people, analyst(people), "brp.1", "brp.2", ResolveState(options.state_dir)
    )
    total = explanation.prior_weight + sum(f.weight for f in explanation.fields)
    assert explanation.match_weight == total
    assert explanation.match_probability < 0.5


def test_judged_pairs_leave_the_review_queue(tmp_path: object) -> None:
    import pyarrow as pa

    state = ResolveState(tmp_path / "s")  # type: ignore[operator]
    state.save_review("person", pa.table({
        "unique_id_l": ["a", "c"], "unique_id_r": ["b", "d"],
        "match_weight": [1.0, 3.0], "match_probability": [0.6, 0.9],
    }))  # fmt: skip
    assert [p.left_id for p in review_pairs(state, [])] == ["c", "a"]


def test_review_skips_judged_pairs(people: Store, tmp_path: object) -> None:
    import pyarrow as pa

    state = ResolveState(tmp_path / "s")  # type: ignore[operator]
    state.save_review("person", pa.table({
        "unique_id_l": ["brp.2"], "unique_id_r": ["brp.1"],
        "match_weight": [1.0], "match_probability": [0.6],
    }))  # fmt: skip
    judgement = people.add_judgement("brp.1", "brp.2", Verdict.UNSURE, "weet niet", analyst(people))
    assert review_pairs(state, [judgement]) == []
    assert review_pairs(state, []) == [ReviewPair("person", "brp.1", "brp.2", 1.0, 0.6)]


def test_the_review_queue_forgets_purged_records(tmp_path: Path) -> None:
    state = ResolveState(tmp_path / "s")
    state.save_review("person", pa.table({
        "unique_id_l": ["a", "b", "c"], "unique_id_r": ["x", "a", "y"],
        "match_weight": [1.0, 2.0, 3.0], "match_probability": [0.6, 0.7, 0.8],
    }))  # fmt: skip
    assert state.forget(["a"]) == 2
    review = state.load_review("person")
    assert review is not None and review.column("unique_id_l").to_pylist() == ["c"]
