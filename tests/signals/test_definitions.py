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
reference_moment: {{text: the run's date}}
score: s
threshold: 1
weight: 1
sentence: s
next_step: n
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


def test_every_file_of_a_folder_is_loaded_and_a_broken_one_stops_the_load(tmp_path: Path) -> None:
    write(tmp_path, "first_signal")
    write(tmp_path, "second_signal")
    assert [d.id for d in load_definitions(tmp_path)] == ["first_signal", "second_signal"]
    (tmp_path / "third_signal.yml").write_text("id: third_signal\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"third_signal\.yml"):
        load_definitions.__wrapped__(tmp_path)


def test_the_shipped_folder_holds_the_catalogue_of_signals() -> None:
    # Written out on purpose: adding, removing or renaming a signal must be a visible change.
    assert DEFINITIONS_DIR.is_dir()
    assert [d.id for d in load_definitions()] == [
        "abc_transaction",
        "care_company_convicted_owner",
        "cash_business_convicted_owner",
        "energy_anomaly_drugs_record",
        "fresh_company_buys_property",
        "holiday_park_residence",
        "money_mule",
        "overcrowded_address",
        "proximity_to_convicted",
        "rapid_director_changes",
        "repeated_cash_deposits",
        "straw_man",
        "undeclared_controller",
        "unexplained_purchase",
    ]


def test_a_definition_must_declare_its_reference_moment(tmp_path: Path) -> None:
    path = write(tmp_path, "my_signal")
    text = path.read_text(encoding="utf-8").replace(
        "reference_moment: {text: the run's date}\n", ""
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="reference_moment: Field required"):
        load_definition(path)
