"""The shipped barrier model and intervention ladder: consistent, and tied to the signals."""

from pathlib import Path

import pytest

from verweven.cases import load_barrier_model
from verweven.cases.catalogue import CATALOGUE_FOLDER
from verweven.errors import SettingsError
from verweven.signals import load_definitions


def test_every_signal_the_model_names_exists() -> None:
    named = {
        s for phases in load_barrier_model().typologies.values() for v in phases.values() for s in v
    }
    assert named <= {d.id for d in load_definitions()}


def test_every_typology_a_signal_serves_has_its_business_process() -> None:
    typologies = {d.evaluation.typology for d in load_definitions()}
    assert typologies <= set(load_barrier_model().typologies)


def test_every_signal_shows_a_phase_of_its_own_typology() -> None:
    model = load_barrier_model()
    for definition in load_definitions():
        phases = model.typologies[definition.evaluation.typology]
        assert any(definition.id in signals for signals in phases.values()), definition.id


def test_the_ladder_runs_from_light_to_heavy_and_every_barrier_has_an_instrument() -> None:
    model = load_barrier_model()
    assert {i.rung for i in model.instruments.values()} == set(range(1, 7))
    assert all(b.instruments for b in model.barriers.values())


def test_a_barrier_naming_an_unknown_instrument_is_refused(tmp_path: Path) -> None:
    text = (CATALOGUE_FOLDER / "barriers.yml").read_text()
    (tmp_path / "barriers.yml").write_text(text.replace("[kenteken_blokkade]", "[wegsleep]"))
    (tmp_path / "interventions.yml").write_text(
        (CATALOGUE_FOLDER / "interventions.yml").read_text()
    )
    with pytest.raises(SettingsError, match="katvanger_kenteken: no instrument 'wegsleep'"):
        load_barrier_model(tmp_path)
