"""What a signal is: one YAML file per signal, validated by ``SignalDefinition``.

A definition says why the signal exists (purpose, legal basis), what it reads (``inputs``: the
FtM ``Schema.property`` pairs it may see — the engine hands it nothing else), how it decides
(``logic``: DuckDB SQL or the name of a registered Python function), when a result is a hit
(``threshold`` on its score) and how a hit reads to a mayor (``sentence``).
"""

import re
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from verweven.errors import InputError, NotFoundError

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,63}$")
ParameterValue = int | float | str | list[str] | list[int] | list[float]


class Theme(StrEnum):
    """The themes of the regional undermining picture a signal belongs to."""

    VASTGOED = "vastgoed"
    DRUGS = "drugs"
    BEDRIJVEN = "bedrijven"
    KATVANGERS = "katvangers"
    ADRESFRAUDE = "adresfraude"
    FINANCIEEL = "financieel"
    ZORG = "zorg"
    BIBOB = "bibob"
    NETWERK = "netwerk"


class SignalLegalBasis(BaseModel):
    """The article that allows this processing, and in plain words why."""

    model_config = ConfigDict(frozen=True)

    article: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Logic(BaseModel):
    """Either DuckDB SQL over the statement views, or a registered Python function."""

    model_config = ConfigDict(frozen=True)

    sql: str | None = None
    function: str | None = None

    @model_validator(mode="after")
    def check_one(self) -> "Logic":
        if (self.sql is None) == (self.function is None):
            raise ValueError("logic needs exactly one of `sql` or `function`")
        return self


class ReferenceMoment(BaseModel):
    """The moment a signal claims to warn at, which the engine enforces (``timeline.py``).

    Without ``column`` it is the run's reference date (``as_of``): no fact dated later is seen.
    With ``column`` each row names its own moment (e.g. the date of an anomaly report), and a
    row whose evidence holds a fact dated after that moment is refused as hindsight.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str | None = None
    text: str = Field(min_length=1)


class EvaluationTarget(BaseModel):
    """Which planted typology a signal is measured against, and which roles it should flag."""

    model_config = ConfigDict(frozen=True)

    typology: str = Field(min_length=1)
    target_roles: tuple[str, ...] = Field(min_length=1)
    decoy_roles: tuple[str, ...] = ()
    why: str = Field(min_length=1)


class SignalDefinition(BaseModel):
    """One signal: identity, purpose, legal basis, inputs, logic, threshold, sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int = Field(ge=1)
    title: str = Field(min_length=1)
    theme: Theme
    description: str = Field(min_length=1)
    legal_basis: SignalLegalBasis
    purpose: str = Field(min_length=1)
    purposes: tuple[str, ...] = Field(default=("riec_casus",), min_length=1)
    inputs: tuple[str, ...] = Field(min_length=1)
    logic: Logic
    reference_moment: ReferenceMoment
    parameters: dict[str, ParameterValue] = Field(default_factory=dict)
    score: str = Field(min_length=1)
    threshold: float
    weight: float = Field(gt=0)
    sentence: str = Field(min_length=1)
    # What people may do with a hit (a conversation, a check, a Bibob screening): shown with it.
    next_step: str = Field(min_length=1)
    known_errors: tuple[str, ...] = Field(min_length=1)
    evaluation: EvaluationTarget

    @field_validator("id")
    @classmethod
    def check_id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"a signal id is 3-64 lowercase letters, digits and _; got {value!r}")
        return value

    @field_validator("inputs")
    @classmethod
    def check_inputs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            schema_name, _, prop = item.partition(".")
            schema = model.get(schema_name)
            if schema is None or not prop or schema.get(prop) is None:
                raise ValueError(f"input {item!r} is no FtM Schema.property")
        return tuple(sorted(set(value)))

    @property
    def input_pairs(self) -> set[tuple[str, str]]:
        """The inputs as (schema, property) pairs."""
        return {(item.split(".")[0], item.split(".")[1]) for item in self.inputs}


def parse_definition(data: dict[str, Any], source: str) -> SignalDefinition:
    """Validate one definition; InputError naming the file and every problem otherwise."""
    try:
        return SignalDefinition.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in error.errors()
        )
        raise InputError(f"{source}: invalid signal definition: {problems}") from None


def load_definition(path: Path) -> SignalDefinition:
    """One definition file; its id must be its file name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError(f"{path}: a signal definition is a YAML mapping")
    definition = parse_definition(data, str(path))
    if definition.id != path.stem:
        raise InputError(f"{path}: id {definition.id!r} differs from the file name {path.stem!r}")
    return definition


@cache
def load_definitions(folder: Path = DEFINITIONS_DIR) -> tuple[SignalDefinition, ...]:
    """Every definition in the folder, by id."""
    return tuple(load_definition(path) for path in sorted(folder.glob("*.yml")))


def select_definitions(
    ids: list[str] | None = None, purpose: str | None = None
) -> list[SignalDefinition]:
    """The definitions with these ids (all if none) that may run for ``purpose`` (any if None)."""
    known = {d.id: d for d in load_definitions()}
    for wanted in ids or []:
        if wanted not in known:
            raise NotFoundError(f"no signal {wanted!r}; known: {', '.join(sorted(known))}")
    chosen = [known[i] for i in sorted(ids)] if ids else list(known.values())
    return [d for d in chosen if purpose is None or purpose in d.purposes]
