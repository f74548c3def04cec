"""The planted typologies and decoys: which exist, and which neighbourhood gets which instance.

Definitions (description, roles, evidence) are data in ``data/typologies.yml``; the planters are
functions in ``plant_*.py``. Instances are spread evenly over the neighbourhoods so that every
typology occurs in several places and no neighbourhood is made of planted cases only.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from verweven.synth.plant_companies import (
    plant_bibob_hidden_financier,
    plant_property_developer,
    plant_rapid_director_changes,
    plant_real_estate_laundering,
    plant_straw_man,
)
from verweven.synth.plant_crime import (
    plant_cannabis_farm,
    plant_care_company,
    plant_facade_business,
    plant_honest_barber,
    plant_money_mules,
)
from verweven.synth.plant_housing import (
    plant_background_park,
    plant_big_family,
    plant_holiday_park,
    plant_legit_landlord,
    plant_overcrowded_address,
)
from verweven.synth.reference import load_yaml
from verweven.synth.world import Chunk

Planter = Callable[[Chunk, str], None]

PLANTERS: dict[str, Planter] = {
    "straw_man": plant_straw_man,
    "overcrowded_address": plant_overcrowded_address,
    "holiday_park": plant_holiday_park,
    "cannabis_farm": plant_cannabis_farm,
    "facade_business": plant_facade_business,
    "real_estate_laundering": plant_real_estate_laundering,
    "rapid_director_changes": plant_rapid_director_changes,
    "money_mules": plant_money_mules,
    "bibob_hidden_financier": plant_bibob_hidden_financier,
    "care_company_convicted_owner": plant_care_company,
    "big_family": plant_big_family,
    "legit_landlord": plant_legit_landlord,
    "honest_barber": plant_honest_barber,
    "property_developer": plant_property_developer,
}
PERSONS_PER_BACKGROUND_PARK = 60_000


@dataclass(frozen=True)
class Planting:
    """One instance to plant: the planter's name and the instance number (``"001"``)."""

    name: str
    instance: str

    @property
    def label(self) -> str:
        """The instance id in truth/typologies.csv, e.g. ``straw_man-001``."""
        return f"{self.name}-{self.instance}"


def definitions() -> dict[str, Any]:
    """typologies.yml: ``{"typologies": {...}, "decoys": {...}}``."""
    return load_yaml("typologies.yml")


def typology_names() -> list[str]:
    """The planted typologies (not decoys), in definition order."""
    return list(definitions()["typologies"])


def decoy_names() -> list[str]:
    """The decoys, in definition order."""
    return list(definitions()["decoys"])


def schedule(chunks: int, instances: int) -> list[list[Planting]]:
    """For each neighbourhood, the instances planted in it (every name ``instances`` times)."""
    plan: list[list[Planting]] = [[] for _ in range(chunks)]
    for offset, name in enumerate(typology_names() + decoy_names()):
        for number in range(instances):
            chunk = (number * chunks // instances + offset * 5) % chunks
            plan[chunk].append(Planting(name, f"{number + 1:03d}"))
    return plan


def background_parks(chunks: int, persons: int) -> set[int]:
    """The neighbourhoods with an ordinary holiday park."""
    count = max(1, persons // PERSONS_PER_BACKGROUND_PARK)
    return {(number * chunks // count + chunks // 2) % chunks for number in range(count)}


def plant(chunk: Chunk, plantings: list[Planting], with_park: bool) -> None:
    """Plant the scheduled instances (and an ordinary park) in the chunk."""
    for planting in plantings:
        PLANTERS[planting.name](chunk, planting.label)
    if with_park:
        plant_background_park(chunk)
