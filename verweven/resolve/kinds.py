"""Entity kinds: which schemata resolve together, their keys and their Splink model (data files).

Each kind is one JSON file in ``settings/``: schemata, deterministic keys with their guard,
the clustering threshold, the review band and — for kinds linked probabilistically — the
Splink settings and how to train them without labels.
"""

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_SUFFIXED = re.compile(r"\b([a-z][a-z0-9_]*?)_[lr]\b")
_PREFIXED = re.compile(r"\b[lr]\.([a-z][a-z0-9_]*)\b")
KIND_NAMES = ("person", "company", "address", "bank_account", "vehicle")


class KeySpec(BaseModel):
    """A deterministic key: a shared valid value links records at once."""

    model_config = ConfigDict(frozen=True)

    name: str
    props: tuple[str, ...]
    validator: str
    max_records: int = Field(gt=1)
    """The guard: a value held by more records than this is not used as a key."""
    exclusive: bool = True
    """One entity has at most one value: two values in one cluster mean two entities."""


class TrainingSpec(BaseModel):
    """How a kind's model is trained without labels (u by random sampling, m by EM)."""

    model_config = ConfigDict(frozen=True)

    max_records: int = 300_000
    u_max_pairs: int = 2_000_000
    seed: int = 42
    recall: float = 0.8
    deterministic_rules: tuple[str, ...]
    em_blocking_rules: tuple[str, ...]
    min_exact_m: dict[str, float] = Field(default_factory=dict)
    """Per comparison of a stable attribute (surname, birth date): the least share of true
    matches that agree on it exactly. EM blocked on one field estimates the others given
    agreement there; where each duplicate carries one error, that agreement makes exact
    agreement elsewhere rare, and EM finds m(exact) below m(nearly the same). A floor then
    moves m back to the exact level (the other levels scaled down in proportion)."""
    judged_pairs_weight: float = Field(default=100.0, gt=0)
    """How many judged matches the EM estimate of m is worth when judgements retrain the model
    (``verweven.resolve.learn``): a few judgements nudge m, hundreds outweigh EM."""


class ProfilingSpec(BaseModel):
    """Which values of a kind's records are no evidence (see ``verweven.resolve.profile``)."""

    model_config = ConfigDict(frozen=True)

    max_value_share: float = Field(default=0.5, gt=0, le=1)
    """One value on at least this share of a column's filled values is a placeholder."""
    max_group_records: int = Field(default=1000, gt=1)
    max_group_share: float = Field(default=0.2, gt=0, le=1)
    """A value on more records than both of these would link an implausibly large group."""
    categorical_columns: tuple[str, ...] = ()
    """Few values is their nature (birth year, sex): only known placeholders are dropped."""
    derived_columns: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Columns computed from another: dropped with it, never profiled on their own."""
    exempt_columns: tuple[str, ...] = ()

    @property
    def derived(self) -> set[str]:
        return {c for columns in self.derived_columns.values() for c in columns}


class KindConfig(BaseModel):
    """One kind of entity and how it is resolved."""

    model_config = ConfigDict(frozen=True)

    kind: str
    schemata: tuple[str, ...]
    description: str = ""
    keys: tuple[KeySpec, ...] = ()
    threshold_match_probability: float = 0.9
    review_band: tuple[float, float] = (0.2, 0.98)
    profile_columns_required: tuple[str, ...] = ()
    profiling: ProfilingSpec = ProfilingSpec()
    training: TrainingSpec | None = None
    splink: dict[str, Any] | None = None

    @property
    def probabilistic(self) -> bool:
        """Whether Splink links this kind (otherwise keys alone do)."""
        return self.splink is not None and self.training is not None

    @property
    def profiled_columns(self) -> list[str]:
        """The compared columns measured before linking (not those derived from another)."""
        skipped = {*self.profiling.derived, "source_dataset"}
        return [c for c in self.compared_columns if c not in skipped]

    @property
    def compared_columns(self) -> list[str]:
        """Record columns the model reads: in comparisons (``x_l``) and rules (``l.x``)."""
        settings = self.splink or {}
        texts = [
            level["sql_condition"]
            for comparison in settings.get("comparisons", [])
            for level in comparison["comparison_levels"]
        ]
        rules = [*settings.get("blocking_rules_to_generate_predictions", [])]
        if self.training is not None:
            rules += [*self.training.deterministic_rules, *self.training.em_blocking_rules]
        columns = {m for text in texts for m in _SUFFIXED.findall(text)}
        columns |= {m for rule in rules for m in _PREFIXED.findall(rule)}
        if self.link_only:
            columns.add("source_dataset")
        return sorted(columns)

    @property
    def link_only(self) -> bool:
        """Whether only records of different datasets are compared (``link_type: link_only``)."""
        return (self.splink or {}).get("link_type") == "link_only"


@cache
def load_kind(name: str) -> KindConfig:
    """The configuration of one kind, from ``settings/<name>.json``."""
    text = (
        resources.files("verweven.resolve")
        .joinpath("settings")
        .joinpath(f"{name}.json")
        .read_text()
    )
    return KindConfig.model_validate(json.loads(text))


def load_kinds() -> list[KindConfig]:
    """Every kind, in resolution order."""
    return [load_kind(name) for name in KIND_NAMES]
