"""The barrier model and the intervention ladder as data (``barriers.yml``,
``interventions.yml``), checked when loaded: every barrier's phase and instruments exist, and
every typology's phases are phases of the model. A deployment may supply its own files in the
folder ``VERWEVEN_CASES_DIR``."""

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from verweven.errors import SettingsError
from verweven.settings import get_settings

CATALOGUE_FOLDER = Path(__file__).parent


class Instrument(BaseModel):
    """One rung of the intervention ladder: what it is, how heavy, whose, on which basis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    rung: int
    owner: str
    legal_basis: str


class Barrier(BaseModel):
    """What a partner can raise in one phase of a criminal business process."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    phase: str
    title: str
    owner: str
    instruments: tuple[str, ...]


class BarrierModel(BaseModel):
    model_config = ConfigDict(frozen=True)

    phases: dict[str, str]
    barriers: dict[str, Barrier]
    typologies: dict[str, dict[str, tuple[str, ...]]]
    """Per typology: its phases, and per phase the signals whose hits show it."""
    instruments: dict[str, Instrument]

    def barriers_in(self, phase: str) -> list[Barrier]:
        return [b for b in self.barriers.values() if b.phase == phase]


@cache
def load_barrier_model(folder: Path | None = None) -> BarrierModel:
    """The barrier model and ladder from ``folder`` (default: VERWEVEN_CASES_DIR, else the
    files shipped with verweven)."""
    folder = folder or get_settings().cases_dir or CATALOGUE_FOLDER
    barriers_file, ladder_file = folder / "barriers.yml", folder / "interventions.yml"
    try:
        raw = yaml.safe_load(barriers_file.read_text(encoding="utf-8"))
        ladder = yaml.safe_load(ladder_file.read_text(encoding="utf-8"))
        instruments = {key: Instrument(id=key, **value) for key, value in ladder.items()}
        model = BarrierModel(
            phases=raw["phases"],
            barriers={key: Barrier(id=key, **value) for key, value in raw["barriers"].items()},
            typologies={
                name: {phase: tuple(signals) for phase, signals in spec["phases"].items()}
                for name, spec in raw["typologies"].items()
            },
            instruments=instruments,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, ValidationError) as e:
        raise SettingsError(f"cannot read the barrier model in {folder}: {e}") from e
    _check(model, barriers_file)
    return model


def _check(model: BarrierModel, path: Path) -> None:
    problems = [
        f"barrier {b.id}: no phase {b.phase!r}"
        for b in model.barriers.values()
        if b.phase not in model.phases
    ]
    problems += [
        f"barrier {b.id}: no instrument {i!r} on the ladder"
        for b in model.barriers.values()
        for i in b.instruments
        if i not in model.instruments
    ]
    problems += [
        f"typology {name}: no phase {phase!r}"
        for name, phases in model.typologies.items()
        for phase in phases
        if phase not in model.phases
    ]
    if problems:
        raise SettingsError(f"{path}: " + "; ".join(problems))
