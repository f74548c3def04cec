"""A model that learned households is reported: a different first name must weigh against."""

from typing import Any

from verweven.resolve.household import household_warnings


def model(first_name_different: tuple[float, float]) -> dict[str, Any]:
    m, u = first_name_different
    return {"comparisons": [{"output_column_name": "first_name", "comparison_levels": [
        {"sql_condition": "same", "m_probability": 0.9, "u_probability": 0.01},
        {"sql_condition": "ELSE", "m_probability": m, "u_probability": u},
    ]}]}  # fmt: skip


def test_a_strong_disagreement_weight_passes() -> None:
    assert household_warnings(model((0.0001, 0.95))) == []


def test_a_weak_disagreement_weight_is_reported_with_field_and_weight() -> None:
    [warning] = household_warnings(model((0.3, 0.9)))
    assert "different first name at only -1.6" in warning and "households" in warning


def test_an_unestimated_level_is_not_reported() -> None:
    assert household_warnings(model((0.0, 0.9))) == []
