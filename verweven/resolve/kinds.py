"""Entity kinds: which schemata resolve together, their keys and their Splink model (data files).

Each kind is one JSON file in ``settings/``: schemata, deterministic keys with their guard,
the clustering threshold, the review band and — for kinds linked probabilistically — the
Splink settings and how to train them without labels.
"""

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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
    training: TrainingSpec | None = None
    splink: dict[str, Any] | None = None

    @property
    def probabilistic(self) -> bool:
        """Whether Splink links this kind (otherwise keys alone do)."""
        return self.splink is not None and self.training is not None

    @property
    def compared_columns(self) -> list[str]:
        """Record columns the model's comparisons read (from ``name_l``-style references)."""
        columns: set[str] = set()
        for comparison in (self.splink or {}).get("comparisons", []):
            for level in comparison["comparison_levels"]:
                for token in level["sql_condition"].replace("(", " ").replace(")", " ").split():
                    token = token.rstrip(",")
                    if token.endswith(("_l", "_r")) and token[:-2].isidentifier():
                        columns.add(token[:-2])
        return sorted(columns)


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
