"""Matching two encoded sets: LSH candidates, Dice, threshold, one-to-one."""

import numpy as np

from tests.pprl.helpers import KEY, make_person
from verweven.evaluation.pprl_region import LinkageTask, score_pairs
from verweven.pprl import (
    EncodedSet,
    Encoder,
    MatchSettings,
    load_settings,
    make_key_check,
    match_sets,
)


def _encoded(records: list, key: bytes = KEY) -> EncodedSet:  # type: ignore[type-arg]
    settings = load_settings()
    bits = Encoder(settings, key).encode(records)
    return EncodedSet([r.id for r in records], bits, settings, make_key_check(key))


def test_the_match_finds_the_true_pairs_of_a_generated_region(task: LinkageTask) -> None:
    result = match_sets(_encoded(task.left), _encoded(task.right), load_settings().match)
    found = zip(result.left.tolist(), result.right.tolist(), strict=True)
    scores = score_pairs(found, task.true_pairs)
    assert scores.actual > 500
    assert scores.precision > 0.95
    assert scores.recall > 0.95


def test_lsh_compares_a_small_share_of_all_pairs(task: LinkageTask) -> None:
    result = match_sets(_encoded(task.left), _encoded(task.right), load_settings().match)
    assert result.comparisons < 0.05 * len(task.left) * len(task.right)


def test_one_to_one_keeps_each_record_in_one_pair_with_the_best_score() -> None:
    left = _encoded([make_person("a"), make_person("b", first_name="Johan")])
    right = _encoded([make_person("x")])
    options = MatchSettings(threshold=0.5, bands=60, bits_per_band=8)
    every = match_sets(left, right, options)
    assert sorted(every.left.tolist()) == [0, 1]
    best = match_sets(left, right, options.model_copy(update={"one_to_one": True}))
    assert (best.left.tolist(), best.right.tolist()) == ([0], [0])
    assert best.scores[0] == np.max(every.scores)


def test_a_higher_threshold_never_adds_pairs(task: LinkageTask) -> None:
    left, right = _encoded(task.left), _encoded(task.right)
    low = match_sets(left, right, MatchSettings(threshold=0.7))
    high = match_sets(left, right, MatchSettings(threshold=0.9))
    low_pairs = set(zip(low.left.tolist(), low.right.tolist(), strict=True))
    assert set(zip(high.left.tolist(), high.right.tolist(), strict=True)) < low_pairs
