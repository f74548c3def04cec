"""Encodings: deterministic for a key, different across keys, similar for similar persons."""

import numpy as np

from tests.pprl.helpers import KEY, OTHER_KEY, make_person, make_settings
from verweven.pprl import Encoder, load_settings, score_dice

PERSONS = [
    make_person("1"),
    make_person("2", "Fatima", "el Amrani", "19881130", "5020CD"),
    make_person("3", "Piet", "Bakker", "19550101", None),
]


def _dice(settings_key: bytes, a: object, b: object) -> float:
    bits = Encoder(load_settings(), settings_key).encode([a, b])  # type: ignore[list-item]
    return float(score_dice(bits, bits, np.array([0]), np.array([1]))[0])


def test_the_same_key_gives_the_same_encodings() -> None:
    first = Encoder(load_settings(), KEY).encode(PERSONS)
    again = Encoder(load_settings(), KEY).encode(PERSONS)
    assert np.array_equal(first, again)


def test_another_key_gives_other_encodings() -> None:
    mine = Encoder(load_settings(), KEY).encode(PERSONS)
    theirs = Encoder(load_settings(), OTHER_KEY).encode(PERSONS)
    assert not any(np.array_equal(a, b) for a, b in zip(mine, theirs, strict=True))


def test_encodings_of_different_keys_are_not_alike() -> None:
    mine = Encoder(load_settings(), KEY).encode([PERSONS[0]])
    theirs = Encoder(load_settings(), OTHER_KEY).encode([PERSONS[0]])
    score = score_dice(mine, theirs, np.array([0]), np.array([0]))[0]
    assert score < load_settings().match.threshold


def test_a_person_with_typos_scores_above_the_threshold() -> None:
    typo = make_person("9", "J.", "vd Vriess", "19700312", "5011AB")
    assert _dice(KEY, PERSONS[0], typo) >= load_settings().match.threshold


def test_different_persons_score_below_the_threshold() -> None:
    namesake = make_person("9", "Jan", "de Vries", "19811005", "5033XY")
    assert _dice(KEY, PERSONS[0], namesake) < load_settings().match.threshold
    assert _dice(KEY, PERSONS[0], PERSONS[1]) < load_settings().match.threshold


def test_balancing_sets_exactly_half_the_bits() -> None:
    settings = make_settings(balance=True, xor_folds=1)
    bits = Encoder(settings, KEY).encode(PERSONS)
    assert bits.shape[1] * 8 == settings.encoded_bits
    assert set(np.bitwise_count(bits).sum(axis=1).tolist()) == {settings.encoded_bits // 2}


def test_unbalanced_encodings_show_how_long_the_name_is() -> None:
    settings = make_settings(balance=False, xor_folds=0)
    short, long = Encoder(settings, KEY).encode(
        [make_person(last_name="Pol"), make_person(last_name="Vandenberghe-Oosterhuis")]
    )
    assert np.bitwise_count(short).sum() < np.bitwise_count(long).sum()


def test_salting_with_the_birth_year_separates_namesakes_of_other_years() -> None:
    salted = make_settings(("last_name",), salt={"fields": ["last_name"], "with": "birth_year"})
    plain = make_settings(("last_name",))
    people = [make_person(birth_date="19700312"), make_person(birth_date="19810312")]
    same_name = Encoder(plain, KEY).encode(people)
    assert np.array_equal(same_name[0], same_name[1])
    split = Encoder(salted, KEY).encode(people)
    assert not np.array_equal(split[0], split[1])


def test_particles_and_case_do_not_change_the_encoding() -> None:
    a, b = Encoder(load_settings(), KEY).encode(
        [make_person(last_name="van der Berg"), make_person(last_name="BERG")]
    )
    assert np.array_equal(a, b)
