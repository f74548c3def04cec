"""Injected resolution errors: missed merges split an entity, false merges join two."""

from tests.signals.statements import person, same, table
from verweven.evaluation.resolution_errors import ResolutionErrors, perturb_resolution


def region() -> list[list[dict[str, str]]]:
    return [same("P", person("p1"), person("p2", dataset="om")), person("q"), person("r")]


def test_no_errors_change_nothing() -> None:
    mapping = perturb_resolution(table(*region()), ResolutionErrors())
    assert mapping == {"p1": "P", "p2": "P", "q": "q", "r": "r"}


def test_a_missed_merge_takes_one_record_out_of_its_entity() -> None:
    mapping = perturb_resolution(table(*region()), ResolutionErrors(missed=1.0))
    assert len({mapping["p1"], mapping["p2"]}) == 2
    assert {mapping["q"], mapping["r"]} == {"q", "r"}


def test_false_merges_join_entities_of_one_schema() -> None:
    mapping = perturb_resolution(table(*region()), ResolutionErrors(false=1.0, seed=3))
    assert len(set(mapping.values())) < 3


def test_the_same_seed_gives_the_same_errors() -> None:
    errors = ResolutionErrors(missed=0.5, false=0.5, seed=9)
    assert perturb_resolution(table(*region()), errors) == perturb_resolution(
        table(*region()), errors
    )
