"""`verweven demo`, the main job: a synthetic region through the whole pipeline on a fresh
embedded store — synthesise, ingest every delivery, resolve, run the signals, draw networks,
publish the undermining picture — ending in one self-contained HTML report. Same seed, same
report. The command line only chooses the folder and prints the steps (``run_demo``'s ``step``)."""

import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from verweven.access import Actor
from verweven.errors import NotFoundError, UsageError
from verweven.graph import build_graph, neighbourhood_graph
from verweven.ingest import ingest_path
from verweven.reports.demo import (
    DemoReport,
    IngestLine,
    Network,
    ReportHit,
    SignalCount,
    network_picture,
    strongest_per_signal,
    write_demo_report,
)
from verweven.reports.demo_figures import municipality_figures
from verweven.reports.picture import write_picture
from verweven.resolve import ResolveOptions, resolve
from verweven.services.picture import default_rules, published_picture, region_areas
from verweven.signals import load_definitions, run_signals
from verweven.signals.measured import Measurement, load_measurement
from verweven.store import Store, open_store
from verweven.store.audit_seal import KEY_SUFFIX, WITNESS_SUFFIX
from verweven.synth import RegionConfig, generate_region, load_noise_rates
from verweven.synth.config import REFERENCE_DATE

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "region"
NETWORKS = 3
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


class Step(Protocol):
    """Runs one named step of the demo (the command line times and prints it)."""

    def __call__(self, title: str, action: Callable[[], T]) -> T: ...


@dataclass(frozen=True)
class DemoOutput:
    """Where a demo left its results."""

    report: Path
    picture: Path
    store: Path
    geo: Path


def run_demo(folder: Path, persons: int, seed: int, step: Step) -> DemoOutput:
    """The whole pipeline into a new ``folder`` (an earlier demo's output there is replaced;
    anything else is refused)."""
    clear_previous_demo(folder)
    folder.mkdir(parents=True)
    region = folder / "region"
    summary = step(
        "synthesise the region",
        lambda: generate_region(
            RegionConfig(persons=persons, seed=seed, out=region, noise=load_noise_rates())
        ),
    )
    with open_store(str(folder / STORE)) as store:
        local = store.local_actor()
        analyst = local.acting_for(*ANALYSIS)
        ingest = step("ingest every delivery", lambda: ingest_region(store, local, region))
        records, entities = step("resolve who is who", lambda: resolve_region(store, local, folder))
        definitions, counts, hits = step(
            "run the signals", lambda: run_region_signals(store, analyst, REFERENCE_DATE)
        )
        networks = step("draw the networks", lambda: pictures_of(store, analyst, hits))
        picture = step(
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
    return DemoOutput(report=path, picture=picture, store=folder / STORE, geo=region / "geo")


def clear_previous_demo(folder: Path) -> None:
    """Remove an earlier demo's output; refuse to empty a folder that holds anything else
    (a store of one's own beside it, say: a folder is recognised as a demo by its contents)."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"--out {folder} exists and is not a folder")
    names = {path.name for path in folder.iterdir()}
    if names and (STORE not in names or not names <= DEMO_OUTPUT):
        others = ", ".join(sorted(names - DEMO_OUTPUT)) or "no earlier demo"
        raise UsageError(
            f"{folder} is not empty and holds no earlier demo only ({others}); choose another --out"
        )
    shutil.rmtree(folder)


def ingest_region(store: Store, steward: Actor, region: Path) -> list[IngestLine]:
    """Every delivery of the region through its mapping file."""
    reports = ingest_path(store, MAPPINGS, steward, deliveries=region / "deliveries")
    partners = {ds.name: ds.partner for ds in store.list_datasets(steward)}
    return [
        IngestLine(
            dataset=r.dataset,
            partner=partners[r.dataset],
            rows=r.rows,
            statements=r.statements,
            rows_quarantined=r.rows_quarantined,
            values_quarantined=r.values_quarantined,
            reasons=r.reasons,
        )
        for r in reports
    ]


def resolve_region(store: Store, started_by: Actor, folder: Path) -> tuple[int, int]:
    """Resolve every kind; (records, canonical entities) over all kinds."""
    report = resolve(store, started_by, ResolveOptions(state_dir=folder / "resolve"))
    return (
        sum(kind.records for kind in report.kinds),
        sum(kind.entities for kind in report.kinds),
    )


def municipality_names(region: Path) -> dict[str, str]:
    """GM code → name, from the region's CBS-style area file."""
    areas = json.loads((region / "geo" / "gemeenten.geojson").read_text(encoding="utf-8"))
    return {
        f["properties"]["gemeentecode"]: f["properties"]["gemeentenaam"] for f in areas["features"]
    }


def pictures_of(store: Store, reader: Actor, hits: list[ReportHit]) -> list[Network]:
    """The two-hop networks around the strongest hit of the first signals (one per entity)."""
    graph = build_graph(store, reader)
    pictures: list[Network] = []
    seen: set[str] = set()
    for hit in strongest_per_signal(hits):
        if hit.entity_id in seen or len(pictures) >= NETWORKS:
            continue
        seen.add(hit.entity_id)
        try:
            around = neighbourhood_graph(graph, hit.entity_id, hops=2)
        except NotFoundError:  # an entity without any edge has no network to draw
            continue
        caption = f"{hit.sentence} Twee stappen rond {hit.entity_id}; {around.vcount()} knopen."
        pictures.append(network_picture(hit.title, caption, around, hit.entity_id))
    return pictures


def run_region_signals(
    store: Store, reader: Actor, as_of: date
) -> tuple[int, list[SignalCount], list[ReportHit]]:
    """Every signal over what the analyst may see: (definitions, hits per signal, the hits)."""
    definitions = list(load_definitions())
    run = run_signals(store, reader, definitions, as_of=as_of)
    known = {d.id: d for d in definitions}
    measured = load_measurement()
    counts = Counter(hit.signal_id for hit in run.hits)
    signal_counts = [
        SignalCount(d.id, d.version, d.title, d.theme.value, counts[d.id])
        for d in sorted(definitions, key=lambda d: (-counts[d.id], d.id))
    ]
    hits = [
        ReportHit(
            signal_id=hit.signal_id,
            title=known[hit.signal_id].title,
            entity_id=hit.entity_id,
            score=hit.score,
            sentence=hit.sentence,
            datasets=tuple(hit.datasets),
            precision=_precision(measured, hit.signal_id),
            weak=measured is not None and measured.weak(hit.signal_id),
            legal_basis=known[hit.signal_id].legal_basis.article,
            next_step=" ".join(known[hit.signal_id].next_step.split()),
        )
        for hit in run.hits
    ]
    return len(definitions), signal_counts, hits


def _precision(measured: Measurement | None, signal_id: str) -> float | None:
    """The signal's measured precision in the register (None when not measured)."""
    quality = measured.quality(signal_id) if measured else None
    return quality.precision if quality else None


def publish_region_picture(
    store: Store, analyst: Actor, region: Path, name: str, out: Path
) -> Path:
    """The region's published undermining picture (its own boundary files), read for purpose
    ondermijningsbeeld and written protected to ``out``."""
    areas = region_areas(region / "geo", name)
    reader = analyst.acting_for("ondermijningsbeeld")
    published = published_picture(store, reader, areas, default_rules())
    return write_picture(out, published.tables, areas, published.rules)
