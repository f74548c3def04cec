"""`verweven demo`: the main job, run by `make demo`.

A synthetic region goes through the whole pipeline on a fresh embedded store — synthesise,
ingest every delivery, resolve, build the network, run the signals — and ends in one
self-contained HTML report (out/demo/index.html). Same seed, same report.
"""

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from verweven.cli.demo_steps import (
    ingest_region,
    municipality_names,
    pictures_of,
    publish_region_picture,
    resolve_region,
    run_region_signals,
)
from verweven.errors import UsageError
from verweven.reports.demo import DemoReport, write_demo_report
from verweven.reports.demo_figures import municipality_figures
from verweven.settings import get_settings
from verweven.store import open_store
from verweven.store.audit_seal import KEY_SUFFIX, WITNESS_SUFFIX
from verweven.synth import RegionConfig, generate_region, load_noise_rates
from verweven.synth.config import REFERENCE_DATE

# The demo reads as an analyst would for a thematic analysis of the region: an integral-case
# purpose and an analysis reference, without which secret deliveries stay closed.
ANALYSIS = ("riec_casus", "DEMO-2026-FENOMEENANALYSE")
REGION_NAME = "Regio Meierijland (synthetisch)"
# What a demo writes into its folder: only a folder holding nothing else is replaced.
STORE = "verweven.duckdb"
# The demo's store, the files an embedded store keeps beside it (its audit log's signing key
# and witness), the report and the working folders.
DEMO_OUTPUT = frozenset(
    {STORE, f"{STORE}.wal", f"{STORE}.tmp", f"{STORE}{KEY_SUFFIX}", f"{STORE}{WITNESS_SUFFIX}"}
    | {"index.html", "region", "resolve", "beeld"}
)
T = TypeVar("T")


def register(app: typer.Typer) -> None:
    """Add the demo command to the main app."""
    app.command("demo")(demo)


def demo(
    out: Path = typer.Option(None, help="Output folder (default: VERWEVEN_OUT_DIR/demo)."),
    persons: int = typer.Option(20_000, min=1_000, help="Size of the synthetic region."),
    seed: int = typer.Option(2026, help="Seed of the synthetic region."),
) -> None:
    """Run a synthetic region through the whole pipeline and write out/demo/index.html.

    Splink's notes while it trains stay hidden; `verweven --verbose demo` shows them.
    """
    folder = out or get_settings().out_dir / "demo"
    clear_previous_demo(folder)
    folder.mkdir(parents=True)
    region = folder / "region"

    summary = step(
        "synthesise the region",
        lambda: generate_region(
            RegionConfig(persons=persons, seed=seed, out=region, noise=load_noise_rates())
        ),
    )
    with open_store(str(folder / "verweven.duckdb")) as store:
        local = store.local_actor()
        analyst = local.acting_for(*ANALYSIS)
        ingest = step("ingest every delivery", lambda: ingest_region(store, local, region))
        records, entities = step("resolve who is who", lambda: resolve_region(store, local, folder))
        definitions, counts, hits = step(
            "run the signals", lambda: run_region_signals(store, analyst, REFERENCE_DATE)
        )
        networks = step("draw the networks", lambda: pictures_of(store, analyst, hits))
        beeld = step(
            "publish the undermining picture",
            lambda: publish_region_picture(store, local, region, REGION_NAME, folder / "beeld"),
        )
        figures = step(
            "figures per municipality",
            lambda: municipality_figures(
                store, analyst, municipality_names(region), [hit.entity_id for hit in hits]
            ),
        )
        report = DemoReport(
            region_name=REGION_NAME,
            persons=summary.persons,
            seed=seed,
            reference_date=REFERENCE_DATE.isoformat(),
            ingest=ingest,
            resolution_records=records,
            resolution_entities=entities,
            signal_definitions=definitions,
            signal_counts=counts,
            hits=hits,
            municipalities=figures,
            networks=networks,
            datasets=store.list_datasets(local),
        )
    path = step("write the report", lambda: write_demo_report(folder / "index.html", report))
    typer.echo(f"\nreport: {path}")
    typer.echo(f"undermining picture (published, protected): {beeld}")
    typer.echo(
        f"web application: VERWEVEN_DATABASE_URL={folder / 'verweven.duckdb'} "
        f"VERWEVEN_GEO_DIR={region / 'geo'} verweven serve, "
        "then open http://127.0.0.1:8000/ and log in with the token it prints"
    )


def clear_previous_demo(folder: Path) -> None:
    """Remove an earlier demo's output; refuse to empty a folder that holds anything else
    (a store of one's own beside it, say: a folder is recognised as a demo by its contents)."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"--out {folder} exists and is not a folder")
    names = {path.name for path in folder.iterdir()}
    if names and ("verweven.duckdb" not in names or not names <= DEMO_OUTPUT):
        others = ", ".join(sorted(names - DEMO_OUTPUT)) or "no earlier demo"
        raise UsageError(
            f"{folder} is not empty and holds no earlier demo only ({others}); choose another --out"
        )
    shutil.rmtree(folder)


def step(title: str, action: Callable[[], T]) -> T:
    """Run one pipeline step and say how long it took."""
    started = time.perf_counter()
    typer.echo(f"- {title} …", nl=False)
    result = action()
    typer.echo(f" {time.perf_counter() - started:.1f} s")
    return result
