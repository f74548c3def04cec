"""Synthetic Dutch region with partner deliveries, planted typologies and ground truth.

``generate_region(RegionConfig(...))`` writes, under the output folder: ``deliveries/`` (one file
per partner delivery, each in that partner's format), ``geo/`` (CBS-style area polygons),
``truth/`` (what every record really is, planted typologies, protected attributes, noise) and
``manifest.json``. docs/data-formats.md describes every file.
"""

from verweven.synth.config import (
    MAX_PERSONS,
    MIN_PERSONS,
    NoiseRates,
    RegionConfig,
    load_noise_rates,
    noise_kinds,
    noise_profiles,
    parse_noise_overrides,
)
from verweven.synth.manifest import RegionSummary
from verweven.synth.region import generate_region

__all__ = [
    "MAX_PERSONS",
    "MIN_PERSONS",
    "NoiseRates",
    "RegionConfig",
    "RegionSummary",
    "generate_region",
    "load_noise_rates",
    "noise_kinds",
    "noise_profiles",
    "parse_noise_overrides",
]
