"""Lawful by design: no signal reads a protected attribute or a proxy of one (DESIGN.md, 7).

Checked on what a signal declares (its inputs) and on what it does (its SQL, the source of its
Python function, and the shared views every SQL signal can use).
"""

import inspect

import pytest

from verweven.signals import SignalDefinition, load_definitions
from verweven.signals.context import views_sql
from verweven.signals.forbidden import forbidden_inputs, forbidden_words
from verweven.signals.functions import FUNCTIONS

DEFINITIONS = load_definitions()


def logic_text(definition: SignalDefinition) -> str:
    if definition.logic.sql is not None:
        return definition.logic.sql
    module = inspect.getmodule(FUNCTIONS[definition.logic.function or ""])
    assert module is not None
    return inspect.getsource(module)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.id)
def test_no_signal_declares_a_forbidden_input(definition: SignalDefinition) -> None:
    assert forbidden_inputs(definition.input_pairs) == []


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.id)
def test_no_signal_logic_mentions_a_forbidden_input(definition: SignalDefinition) -> None:
    assert forbidden_words(logic_text(definition)) == []


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.id)
def test_no_parameter_names_a_forbidden_input(definition: SignalDefinition) -> None:
    assert forbidden_words(str(definition.parameters)) == []


def test_the_shared_views_mention_no_forbidden_input() -> None:
    assert forbidden_words(views_sql()) == []


def test_a_declared_nationality_is_caught() -> None:
    assert forbidden_inputs({("Person", "nationality")}) == [
        "Person.nationality: protected ground (art. 1 Grondwet; art. 9 AVG where it reveals "
        "origin or belief)"
    ]


def test_a_person_name_is_caught_as_input() -> None:
    assert forbidden_inputs({("Person", "name")}) != []


def test_a_company_name_is_no_forbidden_input() -> None:
    assert forbidden_inputs({("Company", "name")}) == []


def test_a_birth_place_in_sql_is_caught_whatever_its_case() -> None:
    assert forbidden_words("SELECT * FROM props WHERE prop = 'BIRTHPLACE'") == ["birthPlace"]


def test_a_dutch_source_column_in_sql_is_caught() -> None:
    assert forbidden_words("WHERE value LIKE '%nationaliteit%'") == ["nationaliteit"]
