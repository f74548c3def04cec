"""Generate a region: neighbourhood by neighbourhood, writing deliveries and truth as it goes."""

from pathlib import Path

from verweven.synth.base_rates import add_base_rates
from verweven.synth.catalog import delivery_specs
from verweven.synth.config import RegionConfig
from verweven.synth.deliveries import emit_chunk
from verweven.synth.economy import add_accounts, add_companies, add_region_companies, add_vehicles
from verweven.synth.events import add_background_events
from verweven.synth.geography import Neighbourhood, write_geojson
from verweven.synth.manifest import RegionSummary, noise_statistics, write_manifest
from verweven.synth.next_period import NextPeriod
from verweven.synth.population import homes_needed, populate
from verweven.synth.property import add_real_estate
from verweven.synth.truth import TruthWriter
from verweven.synth.typologies import Planting, background_parks, plant, schedule
from verweven.synth.world import Chunk, Region
from verweven.synth.writers import Writers


def build_chunk(
    region: Region, hood: Neighbourhood, plantings: list[Planting], with_park: bool
) -> Chunk:
    """One neighbourhood: addresses, planted cases, households, economy, property, events, and
    the signals' indicators in honest lives at base rates."""
    chunk = Chunk(region, hood)
    chunk.book.make_homes(homes_needed(hood.persons))
    chunk.book.make_business(max(4, hood.persons // 30))
    if hood.index == 0:
        add_region_companies(chunk)
    plant(chunk, plantings, with_park)
    populate(chunk, hood.persons)
    add_companies(chunk)
    add_accounts(chunk)
    add_vehicles(chunk)
    add_real_estate(chunk)
    add_background_events(chunk)
    add_base_rates(chunk)
    return chunk


def _tally(summary: RegionSummary, chunk: Chunk) -> None:
    summary.persons += len(chunk.persons)
    summary.companies += len(chunk.companies)
    summary.addresses += len(chunk.book.addresses)
    summary.vehicles += len(chunk.vehicles)
    summary.real_estate += len(chunk.estates)
    summary.planted_entities += len(chunk.members)


def generate_region(config: RegionConfig) -> RegionSummary:
    """Write a synthetic region to ``config.out``: deliveries, geo, truth and manifest."""
    config.validate()
    region = Region(config)
    out, specs = config.out, delivery_specs()
    hoods = region.geography.neighbourhoods
    plan = schedule(len(hoods), config.instances_per_typology)
    parks = background_parks(len(hoods), config.persons)
    summary = RegionSummary(out=out, typology_instances=sum(len(p) for p in plan))
    files: list[Path] = write_geojson(region.geography, out / "geo")
    next_period = NextPeriod()
    with (
        Writers(out / "deliveries", specs, config.reference_date) as writers,
        TruthWriter(out / "truth") as truth,
    ):
        for hood in hoods:
            chunk = build_chunk(region, hood, plan[hood.index], hood.index in parks)
            emit_chunk(chunk, specs, writers, truth, config.noise)
            next_period.remember(chunk)
            region.remember(chunk)
            _tally(summary, chunk)
        summary.rows = {spec.name: writers.by_name[spec.name].rows for spec in specs}
        summary.noise_events = sum(truth.noise.events.values())
        weights = {spec.name: spec.noise_weight for spec in specs}
        noise = noise_statistics(truth.noise, config.noise.rates, weights)
    files += [out / "deliveries" / spec.filename for spec in specs]
    files += [
        out / "truth" / name
        for name in ("records.csv", "typologies.csv", "protected.csv", "noise.csv")
    ]
    # After the first period is written, so its files are the same bytes with or without it.
    files += next_period.write(region, config)
    write_manifest(config, summary, noise, files)
    return summary
