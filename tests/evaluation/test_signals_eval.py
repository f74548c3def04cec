"""Scoring signal hits against planted typologies, decoys and protected attributes."""

import math
from datetime import date
from pathlib import Path

from tests.signals.statements import definition
from verweven.evaluation.signal_fairness import fairness_checks, katz_interval
from verweven.evaluation.signals import (
    Counts,
    Planted,
    RegionTruth,
    innocent_reached,
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


def population(dutch: int, polish: int) -> dict[str, dict[str, str]]:
    people = {f"D{i}": {"nationality": "Nederlandse", "gender": "V"} for i in range(dutch)}
    return people | {f"O{i}": {"nationality": "Poolse", "gender": "M"} for i in range(polish)}


def test_fairness_gives_each_group_its_rate_ratio_and_interval() -> None:
    flagged = {f"D{i}" for i in range(20)} | {f"O{i}" for i in range(10)}
    [nationality, *_] = fairness_checks(flagged, population(1000, 500))
    [dutch, polish] = nationality.groups
    assert (dutch.group, dutch.flagged_wrongly, dutch.ratio) == ("Nederlandse", 20, None)
    assert polish.ratio == 1.0 and polish.low is not None and polish.low < 0.8
    assert polish.status == "crosses" and nationality.warning


def test_a_large_equal_sample_is_within_the_band() -> None:
    flagged = {f"D{i}" for i in range(2000)} | {f"O{i}" for i in range(2000)}
    [nationality, *_] = fairness_checks(flagged, population(20000, 20000))
    assert nationality.groups[1].status == "within" and not nationality.warning


def test_a_group_flagged_twice_as_often_is_outside_the_band() -> None:
    flagged = {f"D{i}" for i in range(1000)} | {f"O{i}" for i in range(2000)}
    [nationality, *_] = fairness_checks(flagged, population(20000, 20000))
    [compared] = [g for g in nationality.groups if g.status is not None]
    assert (nationality.reference, compared.group) == ("Poolse", "Nederlandse")
    assert compared.status == "outside" and compared.ratio == 0.5 and nationality.ratio == 2.0


def test_a_small_group_is_listed_but_not_compared() -> None:
    [nationality, *_] = fairness_checks({"D1", "O1"}, population(200, 50))
    assert nationality.groups[1].ratio is None and "too small" in nationality.note


def test_the_katz_interval_matches_a_hand_computation() -> None:
    ratio, low, high = katz_interval(10, 100, 20, 400)
    se = math.sqrt(1 / 10 - 1 / 100 + 1 / 20 - 1 / 400)
    assert ratio == 2.0
    assert math.isclose(low, 2.0 * math.exp(-1.96 * se)) and math.isclose(
        high, 2.0 * math.exp(1.96 * se)
    )


def test_a_hit_on_a_company_reaches_its_innocent_director() -> None:
    region = truth({"c9": {"C9"}, "p6": {"P6"}, "p1": {"P1"}})
    region.reach = {"c9": {"p6", "p1"}}
    assert innocent_reached([hit("c9", "Company")], region) == {"P6"}


def test_a_benchmarks_section_is_replaced_in_place(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# B\n\n<!-- bench:signals -->\nold\n<!-- /bench:signals -->\n\ntail\n")
    replace_section(path, "signals", "new")
    assert (
        path.read_text() == "# B\n\n<!-- bench:signals -->\nnew\n<!-- /bench:signals -->\n\ntail\n"
    )


def test_fairness_says_which_signal_reached_whom() -> None:
    by_signal = {"straw_man": {"D1", "D2"}, "money_mule": {"O1"}, "abc_transaction": set()}
    [_, dutch_or_other, *_] = fairness_checks({"D1", "D2", "O1"}, population(200, 100), by_signal)
    assert dutch_or_other.by_signal == {
        "money_mule": {"andere": 1},
        "straw_man": {"Nederlandse": 2},
    }
