"""A search that forgives typing errors: names within a few edits, case and accents ignored,
the same on both backends, over what the reader may read, audited."""

import pytest

from tests.factories import analyst, load, make_dataset, make_entity, register
from verweven.model import Sensitivity
from verweven.model.similarity import edit_distance, fold_name
from verweven.store import Store


@pytest.fixture
def names(store: Store) -> Store:
    register(store, make_dataset("brp", "gemeente", ("riec_casus",)))
    register(
        store, make_dataset("politie", "politie", ("riec_casus",), sensitivity=Sensitivity.SECRET)
    )
    load(
        store,
        make_entity("p1", "brp", name="Jan Jansen"),
        make_entity("p2", "brp", name="Anouk Ångström"),
        make_entity("p3", "brp", name="Jan Janssen-de Vries"),
        make_entity("c1", "brp", "Company", name="Jansen Transport BV"),
        dataset="brp",
    )
    load(store, make_entity("p9", "politie", name="Jan Jansens"), dataset="politie")
    return store


def test_a_misspelt_name_finds_the_person_nearest_first(names: Store) -> None:
    found = names.find_similar_names(analyst(names, case=None), "Jna Janssen", 2)
    assert [(entity, distance) for entity, _, distance in found] == [("p1", 2)]
    found = names.find_similar_names(analyst(names, case=None), "jan jansen", 2)
    assert [entity for entity, _, _ in found] == ["p1"]


def test_case_and_accents_do_not_count_as_errors(names: Store) -> None:
    [(entity, matched, distance)] = names.find_similar_names(
        analyst(names, case=None), "ANOUK ANGSTROM", 1
    )
    assert (entity, matched, distance) == ("p2", "Anouk Ångström", 0)


def test_only_deliveries_the_reader_may_read_are_searched(names: Store) -> None:
    # The police's secret delivery is read only for a named case.
    without = names.find_similar_names(analyst(names, case=None), "Jan Jansen", 1)
    assert [entity for entity, _, _ in without] == ["p1"]
    with_case = names.find_similar_names(analyst(names), "Jan Jansen", 1)
    assert [entity for entity, _, _ in with_case] == ["p1", "p9"]


def test_the_search_is_audited_with_a_digest_of_the_name_not_the_name(names: Store) -> None:
    names.find_similar_names(analyst(names, case=None), "Jna Janssen", 2)
    rows = names._fetchall(
        "SELECT target, result_size FROM audit_events WHERE target LIKE 'search similar name%'"
    )
    assert rows == [("search similar name within 2", 1)]
    texts = names._fetchall("SELECT count(*) FROM audit_events WHERE scope LIKE '%Jna%'")
    assert texts == [(0,)]


def test_the_edit_distance_counts_a_swap_of_neighbours_as_one() -> None:
    assert edit_distance("jna", "jan", 2) == 1
    assert edit_distance("jansen", "janssen", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # stops past the limit
    assert fold_name("  Ångström   de  Vries ") == "angstrom de vries"
