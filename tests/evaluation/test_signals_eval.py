"""Scoring signal hits against planted typologies, decoys and protected attributes."""

from datetime import date
from pathlib import Path

from tests.signals.statements import definition
from verweven.evaluation.signal_fairness import fairness_checks
from verweven.evaluation.signals import (
    Counts,
    Planted,
    RegionTruth,
    replace_section,
    score_hits,
)
from verweven.signals import Hit

STRAW = definition("straw_man")


def truth(members: dict[str, set[str]]) -> RegionTruth:
    planted = [
        Planted("straw_man", "straw_man-001", "P1", "straw_man", False),
        Planted("straw_man", "straw_man-001", "P2", "organiser", False),
        Planted("straw_man", "straw_man-002", "P3", "straw_man", False),
    ]
    protected = {f"P{i}": {"nationality": "Nederlandse", "gender": "V"} for i in range(1, 9)}
    return RegionTruth("r", planted, members, protected, date(2026, 10, 1), 1, 1000)


def hit(entity_id: str, schema: str = "Person") -> Hit:
    return Hit("straw_man", 1, entity_id, schema, entity_id, 9.0, "s", ())


def test_a_hit_on_an_entity_with_a_target_record_is_true() -> None:
    counts = Counts()
    score_hits(STRAW, [hit("c1")], truth({"c1": {"P1", "P5"}}), counts)
    assert (counts.hits, counts.true_positives, len(counts.found)) == (1, 1, 1)


def test_a_hit_on_a_role_the_signal_does_not_target_is_false_but_planted() -> None:
    counts = Counts()
    wrong = score_hits(STRAW, [hit("c2")], truth({"c2": {"P2"}}), counts)
    assert (counts.true_positives, counts.other_planted, wrong) == (0, 1, set())


def test_a_hit_on_a_person_planted_nowhere_is_a_false_positive_for_fairness() -> None:
    wrong = score_hits(STRAW, [hit("c4")], truth({"c4": {"P4"}}), Counts())
    assert wrong == {"P4"}


def test_recall_counts_targets_and_cases() -> None:
    counts = Counts()
    score_hits(STRAW, [hit("c1")], truth({"c1": {"P1"}}), counts)
    assert (len(counts.found), len(counts.targets)) == (1, 2)
    assert (len(counts.found_instances), len(counts.instances)) == (1, 2)


def test_regions_are_pooled_by_seed() -> None:
    counts = Counts()
    first, second = truth({"c1": {"P1"}}), truth({"c1": {"P1"}})
    second.seed = 2
    score_hits(STRAW, [hit("c1")], first, counts)
    score_hits(STRAW, [hit("c1")], second, counts)
    assert len(counts.targets) == 4 and len(counts.found) == 2


def test_fairness_gives_each_group_its_rate_and_the_ratio() -> None:
    protected = {f"D{i}": {"nationality": "Nederlandse", "gender": "V"} for i in range(200)}
    protected |= {f"O{i}": {"nationality": "Poolse", "gender": "M"} for i in range(100)}
    [nationality, _dutch_or_other, gender] = fairness_checks({"D1", "D2", "O1"}, protected)
    assert [(g.group, g.flagged_wrongly) for g in nationality.groups] == [
        ("Nederlandse", 2),
        ("Poolse", 1),
    ]
    assert nationality.ratio == 1.0 and gender.ratio == 1.0
    assert "rates are noise" in nationality.note


def test_a_group_without_false_positives_leaves_the_ratio_undefined() -> None:
    protected = {f"D{i}": {"nationality": "Nederlandse", "gender": "V"} for i in range(200)}
    protected |= {f"O{i}": {"nationality": "Poolse", "gender": "M"} for i in range(100)}
    assert fairness_checks({"D1"}, protected)[0].ratio is None


def test_a_benchmarks_section_is_replaced_in_place(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# B\n\n<!-- bench:signals -->\nold\n<!-- /bench:signals -->\n\ntail\n")
    replace_section(path, "signals", "new")
    assert (
        path.read_text() == "# B\n\n<!-- bench:signals -->\nnew\n<!-- /bench:signals -->\n\ntail\n"
    )
