"""Protected attributes are drawn independently of the planted typologies."""

import math
from collections import Counter

from tests.synth.deliveries_reader import Region


def _share(values: list[str], value: str) -> float:
    return sum(1 for v in values if v == value) / len(values)


def _members_and_population(region: Region, attribute: str) -> tuple[list[str], list[str]]:
    protected = {row["true_id"]: row[attribute] for row in region.truth("protected.csv")}
    members = {
        row["true_id"] for row in region.truth("typologies.csv") if row["schema"] == "Person"
    }
    return [protected[m] for m in sorted(members)], list(protected.values())


def _within_sampling_tolerance(sample: list[str], population: list[str], value: str) -> bool:
    expected = _share(population, value)
    sigma = math.sqrt(expected * (1 - expected) / len(sample))
    # Household members share a nationality, so planted families count as clusters: allow 5σ.
    return abs(_share(sample, value) - expected) <= 5 * sigma + 0.02


def test_typology_members_have_the_population_nationality_mix(region: Region) -> None:
    members, population = _members_and_population(region, "nationality")
    assert len(members) >= 150
    for nationality, _ in Counter(population).most_common(3):
        assert _within_sampling_tolerance(members, population, nationality)


def test_typology_members_have_the_population_gender_mix(region: Region) -> None:
    members, population = _members_and_population(region, "gender")
    for gender in ("M", "V"):
        assert _within_sampling_tolerance(members, population, gender)


def test_population_is_not_all_one_nationality(region: Region) -> None:
    population = [row["nationality"] for row in region.truth("protected.csv")]
    assert 0.8 < _share(population, "Nederlandse") < 0.97
    assert len(set(population)) >= 8


def test_brp_delivers_the_protected_attributes_of_the_truth(region: Region) -> None:
    protected = {row["true_id"]: row for row in region.truth("protected.csv")}
    person_of = {
        row["record_id"]: row["true_id"]
        for row in region.truth("records.csv")
        if row["delivery"] == "brp_personen"
    }
    for row in region.rows_named("brp_personen"):
        truth = protected[person_of[row["a_nummer"]]]
        assert (row["nationaliteit"], row["geslachtsaanduiding"]) == (
            truth["nationality"],
            truth["gender"],
        )
