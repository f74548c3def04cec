"""Reference data: the YAML files in ``verweven/synth/data`` and name lists from Faker.

Loaded once per process (cached) and never mutated. Faker is only read for its name lists;
sampling uses the generator's own seeded streams, which is both deterministic and fast.
"""

import importlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from verweven.synth.streams import Weighted


@cache
def load_yaml(name: str) -> dict[str, Any]:
    """One YAML file of ``verweven.synth.data`` as a dict."""
    text = resources.files("verweven.synth.data").joinpath(name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    if not isinstance(data, dict):
        raise ValueError(f"verweven/synth/data/{name} must hold a mapping")
    return data


@dataclass(frozen=True)
class NamePool:
    """First names by gender and surnames (split into particle and name) of one origin."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]  # (particle, surname)


def particles() -> dict[str, list[str]]:
    """Known surname particles and the variants other sources write for them."""
    table: dict[str, list[str]] = load_yaml("names.yml")["particles"]
    return table


def split_particle(full: str) -> tuple[str, str] | None:
    """``"van der Berg"`` -> ``("van der", "Berg")``; None for names we cannot split cleanly."""
    words = full.strip().split()
    known = sorted(particles(), key=len, reverse=True)
    for particle in known:
        size = len(particle.split())
        if [w.lower() for w in words[:size]] == particle.split() and len(words) == size + 1:
            return particle, words[-1]
    if len(words) == 1 and words[0][:1].isupper() and "," not in full:
        return "", words[0]
    return None


def _faker_names(locale: str) -> NamePool:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    surnames = []
    for full in sorted(set(provider.last_names)):
        split = split_particle(full)
        if split is not None:
            surnames.append(split)
    male = sorted({n for n in provider.first_names_male if " " not in n and n.isalpha()})
    female = sorted({n for n in provider.first_names_female if " " not in n and n.isalpha()})
    return NamePool(tuple(male), tuple(female), tuple(surnames))


@cache
def name_pool(origin: str) -> NamePool:
    """The name pool of one origin code (nl, pl, ma, ...), from Faker or names.yml."""
    data = load_yaml("names.yml")
    if origin in data["faker_locales"]:
        return _faker_names(data["faker_locales"][origin])
    inline = data["inline"][origin]
    surnames = tuple(("", name) for name in inline["surnames"])
    return NamePool(tuple(inline["male"]), tuple(inline["female"]), surnames)


@dataclass(frozen=True)
class Nationality:
    """A nationality as the BRP writes it, with its weight and name origins."""

    name: str
    weight: float
    origins: tuple[str, ...]
    origin_weights: tuple[float, ...]
    country: str
    places: tuple[str, ...]

    @property
    def origin_choice(self) -> Weighted[str]:
        """The name origins with their weights."""
        return _origin_choice(self.origins, self.origin_weights)


@cache
def _origin_choice(origins: tuple[str, ...], weights: tuple[float, ...]) -> Weighted[str]:
    return Weighted(origins, weights)


@cache
def nationalities() -> tuple[Nationality, ...]:
    """The nationalities of the region's population, in file order."""
    rows = load_yaml("nationalities.yml")["nationalities"]
    return tuple(
        Nationality(
            name=row["name"],
            weight=float(row["weight"]),
            origins=tuple(row["origins"]),
            origin_weights=tuple(float(w) for w in row["origins"].values()),
            country=row["country"],
            places=tuple(row.get("places", ())),
        )
        for row in rows
    )


@dataclass(frozen=True)
class SbiCode:
    """An SBI activity code with what the generator needs to know about it."""

    code: str
    description: str
    weight: float
    words: tuple[str, ...]
    cash_intensive: bool
    theme: str


@cache
def sbi_codes() -> dict[str, SbiCode]:
    """SBI codes by code, in file order."""
    return {
        row["code"]: SbiCode(
            code=row["code"],
            description=row["description"],
            weight=float(row["weight"]),
            words=tuple(row["words"]),
            cash_intensive=bool(row.get("cash_intensive", False)),
            theme=row.get("theme", ""),
        )
        for row in load_yaml("sbi.yml")["codes"]
    }


def cash_intensive_codes() -> tuple[str, ...]:
    """The SBI codes of the cash-intensive ("facade") sectors."""
    return tuple(code for code, sbi in sbi_codes().items() if sbi.cash_intensive)
