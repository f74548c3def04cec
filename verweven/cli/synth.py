"""`verweven synth`: generate a synthetic region with partner deliveries and ground truth."""

import time
from pathlib import Path

import typer

from verweven.cli.output import ForceOption, check_output_folder
from verweven.synth import (
    MAX_PERSONS,
    MIN_PERSONS,
    RegionConfig,
    generate_region,
    load_noise_rates,
    noise_kinds,
    noise_profiles,
    parse_noise_overrides,
)

PERSONS_HELP = (
    f"Number of persons in the region ({MIN_PERSONS:,} to {MAX_PERSONS:,}). Companies, addresses, "
    "vehicles and planted typology instances scale with it."
)
SEED_HELP = "Seed of every random choice: the same seed gives byte-identical files."
OUT_HELP = (
    "Folder to write to (created if needed): deliveries/, geo/, truth/ and manifest.json. "
    "A folder that holds them already is refused unless --force (then they are overwritten)."
)
REGION_PARTS = ("manifest.json", "deliveries", "geo", "truth")
NOISE_HELP = f"Noise profile: {', '.join(noise_profiles())}."
NOISE_RATE_HELP = (
    f"Override one noise rate as KIND=RATE (0..1), repeatable. Kinds: {', '.join(noise_kinds())}."
)


def synth(
    persons: int = typer.Option(20_000, "--persons", help=PERSONS_HELP),
    seed: int = typer.Option(1, "--seed", help=SEED_HELP),
    out: Path = typer.Option(Path("out/region"), "--out", help=OUT_HELP),
    noise: str = typer.Option("default", "--noise", help=NOISE_HELP),
    noise_rate: list[str] = typer.Option([], "--noise-rate", help=NOISE_RATE_HELP),
    force: ForceOption = False,
) -> None:
    """Generate a synthetic Dutch region: partner deliveries with noise, and their ground truth.

    The deliveries (BRP, KvK, Kadaster, RDW, police, OM, Belastingdienst, FIU, grid operator,
    municipality) are written as each partner delivers them; docs/data-formats.md describes
    every file. The truth/ folder is for scoring only: the pipeline never reads it.
    """
    check_output_folder(out, force, REGION_PARTS)
    rates = load_noise_rates(noise, parse_noise_overrides(noise_rate))
    config = RegionConfig(persons=persons, seed=seed, out=out, noise=rates)
    started = time.perf_counter()
    summary = generate_region(config)  # bad arguments raise UsageError: exit code 2 in main()
    seconds = time.perf_counter() - started
    typer.echo(
        f"region written to {summary.out} in {seconds:.1f} s: {summary.persons:,} persons, "
        f"{summary.companies:,} companies, {summary.addresses:,} addresses, "
        f"{summary.vehicles:,} vehicles, {summary.real_estate:,} cadastral objects; "
        f"{summary.typology_instances} planted instances, {summary.noise_events:,} noise events"
    )
    for name, rows in summary.rows.items():
        typer.echo(f"  {name:36} {rows:>10,} rows")


def register(app: typer.Typer) -> None:
    """Add the synth command to the main app."""
    app.command("synth")(synth)
