"""The attacks are real: they re-identify unhardened encodings of a small population with a
skewed name distribution, and fail on hardened ones (the benchmark runs them at region scale)."""

import random
from collections import Counter

import pytest

from tests.pprl.helpers import KEY, make_person, make_settings
from verweven.evaluation.pprl_attacks import attack_by_frequency, attack_by_patterns, count_surnames
from verweven.pprl import Encoder, PersonRecord
from verweven.synth.reference import name_pool

# 200 Dutch surnames of the generator's name pool (Faker's nl_NL list), a fixed sample.
SURNAMES = random.Random(0).sample(sorted({s for _, s in name_pool("nl").surnames}), 200)


def _population(seed: int, skew: float, size: int = 3_000) -> list[PersonRecord]:
    """Persons whose surnames are drawn with weights rank^-skew (1: Zipf, a few names common)."""
    rng = random.Random(seed)
    weights = [rank**-skew for rank in range(1, len(SURNAMES) + 1)]
    return [
        make_person(str(i), "Jan", rng.choices(SURNAMES, weights)[0],
                    f"{rng.randint(1940, 2005)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}", None)
        for i in range(size)
    ]  # fmt: skip


@pytest.fixture(scope="module", params=[1.0, 0.5], ids=["zipf", "mild"])
def skew(request: pytest.FixtureRequest) -> float:
    return float(request.param)


@pytest.fixture(scope="module")
def target(skew: float) -> list[PersonRecord]:
    return _population(1, skew)


@pytest.fixture(scope="module")
def public(skew: float) -> Counter[str]:
    """What the attacker has: the name frequencies of another sample of the population."""
    return count_surnames([p.last_name for p in _population(2, skew)])


def _truth(records: list[PersonRecord]) -> list[str]:
    return [r.last_name or "" for r in records]


@pytest.mark.parametrize("skew", [1.0], indirect=True)
def test_the_frequency_attack_reidentifies_unhardened_surname_encodings(
    target: list[PersonRecord], public: Counter[str]
) -> None:
    bits = Encoder(make_settings(("last_name",), balance=False, xor_folds=0), KEY).encode(target)
    result = attack_by_frequency(bits, _truth(target), public)
    assert result.share > 2 * result.baseline_share


@pytest.mark.parametrize("skew", [1.0], indirect=True)
def test_salting_with_the_birth_year_defeats_the_frequency_attack(
    target: list[PersonRecord], public: Counter[str]
) -> None:
    settings = make_settings(("last_name",), salt={"fields": ["last_name"], "with": "birth_year"})
    bits = Encoder(settings, KEY).encode(target)
    assert attack_by_frequency(bits, _truth(target), public).share < 0.05


# A mild skew: the frequency attack fails there (too many names of similar frequency), the
# pattern attack does not.
@pytest.mark.parametrize("skew", [0.5], indirect=True)
def test_the_pattern_attack_reidentifies_unhardened_and_balanced_encodings(
    target: list[PersonRecord], public: Counter[str]
) -> None:
    for balance in (False, True):
        settings = make_settings(("last_name",), balance=balance, xor_folds=0)
        bits = Encoder(settings, KEY).encode(target)
        result = attack_by_patterns(bits, settings, _truth(target), public)
        assert result.share > 2 * result.baseline_share


@pytest.mark.parametrize("skew", [0.5], indirect=True)
def test_xor_folding_defeats_the_pattern_attack(
    target: list[PersonRecord], public: Counter[str]
) -> None:
    settings = make_settings(("last_name",), balance=True, xor_folds=1)
    bits = Encoder(settings, KEY).encode(target)
    result = attack_by_patterns(bits, settings, _truth(target), public)
    assert result.share < result.baseline_share + 0.02
