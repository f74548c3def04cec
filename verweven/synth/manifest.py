"""manifest.json: what was generated from what, with row counts, noise statistics and hashes."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verweven.synth.config import RegionConfig
from verweven.synth.noise import NoiseLog


@dataclass
class RegionSummary:
    """What ``generate_region`` made: sizes, rows per delivery, and where it is."""

    out: Path
    persons: int = 0
    companies: int = 0
    addresses: int = 0
    vehicles: int = 0
    real_estate: int = 0
    typology_instances: int = 0
    planted_entities: int = 0
    noise_events: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def noise_statistics(
    log: NoiseLog, rates: dict[str, float], weights: dict[str, float]
) -> dict[str, Any]:
    """Per delivery and kind: opportunities, events, and the rate that applied."""
    stats: dict[str, dict[str, Any]] = {}
    for delivery, weight in weights.items():
        kinds = {}
        for kind, rate in rates.items():
            opportunities = log.opportunities.get((delivery, kind), 0)
            if opportunities:
                kinds[kind] = {
                    "opportunities": opportunities,
                    "events": log.events.get((delivery, kind), 0),
                    "rate": min(1.0, rate * weight),
                }
        stats[delivery] = kinds
    return stats


def write_manifest(
    config: RegionConfig, summary: RegionSummary, noise: dict[str, Any], files: list[Path]
) -> Path:
    """Write OUT/manifest.json (deterministic: no times, sorted file list)."""
    out = config.out
    manifest = {
        "generator": "verweven.synth",
        "format_version": 1,
        "seed": config.seed,
        "persons_requested": config.persons,
        "reference_date": config.reference_date.isoformat(),
        "instances_per_typology": config.instances_per_typology,
        "noise": {"profile": config.noise.profile, "rates": config.noise.rates},
        "counts": {
            "persons": summary.persons,
            "companies": summary.companies,
            "addresses": summary.addresses,
            "vehicles": summary.vehicles,
            "real_estate": summary.real_estate,
            "typology_instances": summary.typology_instances,
            "planted_entities": summary.planted_entities,
            "noise_events": summary.noise_events,
        },
        "rows": summary.rows,
        "noise_statistics": noise,
        "files": [
            {
                "path": path.relative_to(out).as_posix(),
                "bytes": path.stat().st_size,
                "sha256": sha256_of(path),
            }
            for path in sorted(files, key=lambda p: p.relative_to(out).as_posix())
        ],
    }
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
