"""What a region is generated from: size, seed, output folder and noise rates; all validated."""

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from verweven.errors import UsageError
from verweven.synth.reference import load_yaml

MIN_PERSONS = 1_000
MAX_PERSONS = 5_000_000
REFERENCE_DATE = date(2026, 10, 1)


def noise_kinds() -> tuple[str, ...]:
    """The noise kinds, in the order they are applied and reported."""
    return tuple(load_yaml("noise.yml")["kinds"])


def noise_profiles() -> tuple[str, ...]:
    """The names of the noise profiles (none, default, high)."""
    return tuple(load_yaml("noise.yml")["profiles"])


@dataclass(frozen=True)
class NoiseRates:
    """Per noise kind, the chance that one eligible field (or row) gets it."""

    profile: str
    rates: dict[str, float] = field(default_factory=dict)

    def rate(self, kind: str) -> float:
        """The configured rate of one noise kind."""
        return self.rates[kind]


def load_noise_rates(
    profile: str = "default", overrides: dict[str, float] | None = None
) -> NoiseRates:
    """The rates of a named profile, with per-kind overrides; UsageError for unknown names."""
    profiles = load_yaml("noise.yml")["profiles"]
    if profile not in profiles:
        raise UsageError(
            f"unknown noise profile {profile!r}; expected one of {', '.join(profiles)}"
        )
    rates = {kind: float(rate) for kind, rate in profiles[profile].items()}
    for kind, rate in (overrides or {}).items():
        if kind not in rates:
            raise UsageError(f"unknown noise kind {kind!r}; expected one of {', '.join(rates)}")
        if not 0.0 <= rate <= 1.0:
            raise UsageError(f"noise rate for {kind} must be between 0 and 1, got {rate}")
        rates[kind] = rate
    name = profile if not overrides else f"{profile}+overrides"
    return NoiseRates(profile=name, rates=rates)


def parse_noise_overrides(items: list[str]) -> dict[str, float]:
    """``["typo=0.05", ...]`` as a dict; UsageError for anything else."""
    overrides: dict[str, float] = {}
    for item in items:
        kind, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError(item)
            overrides[kind.strip()] = float(value)
        except ValueError:
            raise UsageError(f"noise rate {item!r} is not KIND=RATE (e.g. typo=0.05)") from None
    return overrides


@dataclass(frozen=True)
class RegionConfig:
    """Everything a region is generated from. Same config, same bytes."""

    persons: int
    seed: int
    out: Path
    noise: NoiseRates = field(default_factory=lambda: load_noise_rates("default"))
    reference_date: date = REFERENCE_DATE

    def validate(self) -> None:
        """Raise UsageError naming the bad argument and what was expected."""
        if self.persons < MIN_PERSONS or self.persons > MAX_PERSONS:
            raise UsageError(
                f"--persons must be between {MIN_PERSONS:,} and {MAX_PERSONS:,} "
                f"(a region needs room for its planted typologies), got {self.persons:,}"
            )
        if self.seed < 0:
            raise UsageError(f"--seed must be zero or positive, got {self.seed}")
        check_writable(self.out)

    @property
    def instances_per_typology(self) -> int:
        """How many instances of each typology and decoy are planted: 3 or more, by size."""
        return max(3, round(self.persons / 10_000))


def check_writable(out: Path) -> None:
    """Make ``out`` if needed and check files can be written in it; UsageError otherwise."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".verweven-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise UsageError(f"cannot write to --out {out}: {error.strerror or error}") from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"cannot write to --out {out}: permission denied")
