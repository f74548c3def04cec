"""Signal definitions: every shipped file is valid, and a broken one is refused with its reason."""

from pathlib import Path

import pytest

from verweven.errors import InputError, NotFoundError
from verweven.signals import Theme, load_definition, load_definitions, select_definitions
from verweven.signals.definition import DEFINITIONS_DIR
from verweven.signals.functions import FUNCTIONS

MINIMAL = """\
id: {id}
version: 1
title: t
theme: bedrijven
description: d
legal_basis: {{article: a, text: t}}
purpose: p
inputs: [{inputs}]
logic: {{sql: "SELECT 1"}}
score: s
threshold: 1
weight: 1
sentence: s
known_errors: [e]
evaluation: {{typology: straw_man, target_roles: [straw_man], why: w}}
"""


def test_at_least_twelve_signals_are_shipped() -> None:
    assert len(load_definitions()) >= 12


def test_every_theme_has_a_signal() -> None:
    assert {d.theme for d in load_definitions()} == set(Theme)


def test_every_function_signal_names_a_registered_function() -> None:
    named = {d.logic.function for d in load_definitions() if d.logic.function}
    assert named <= set(FUNCTIONS)


def test_every_signal_names_its_evaluation_typology() -> None:
    typologies = {d.evaluation.typology for d in load_definitions()}
    assert len(typologies) == 10


def write(tmp_path: Path, signal_id: str, inputs: str = "Company.sector") -> Path:
    path = tmp_path / f"{signal_id}.yml"
    path.write_text(MINIMAL.format(id=signal_id, inputs=inputs), encoding="utf-8")
    return path


def test_a_minimal_definition_loads(tmp_path: Path) -> None:
    assert load_definition(write(tmp_path, "my_signal")).inputs == ("Company.sector",)


def test_an_input_that_is_no_ftm_property_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"input 'Company\.shoeSize' is no FtM"):
        load_definition(write(tmp_path, "my_signal", "Company.shoeSize"))


def test_a_file_named_unlike_its_id_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "my_signal").rename(tmp_path / "other_name.yml")
    with pytest.raises(InputError, match="differs from the file name"):
        load_definition(path)


def test_selecting_an_unknown_signal_names_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match="straw_man"):
        select_definitions(["no_such_signal"])


def test_selecting_by_purpose_keeps_only_signals_for_it() -> None:
    assert all("bibob" in d.purposes for d in select_definitions(None, "bibob"))


def test_definitions_live_one_per_file() -> None:
    assert len(list(DEFINITIONS_DIR.glob("*.yml"))) == len(load_definitions())
