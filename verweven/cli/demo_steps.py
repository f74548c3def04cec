"""The steps of `verweven demo`, each turning one layer's result into what the report shows."""

import json
from collections import Counter
from datetime import date
from pathlib import Path

from verweven.access import Actor
from verweven.errors import NotFoundError
from verweven.graph import build_graph, neighbourhood_graph
from verweven.ingest import ingest_path
from verweven.reports.demo import (
    IngestLine,
    Network,
    ReportHit,
    SignalCount,
    network_picture,
    strongest_per_signal,
)
from verweven.reports.picture import write_picture
from verweven.resolve import ResolveOptions, resolve
from verweven.services.picture import default_rules, published_picture, region_areas
from verweven.signals import load_definitions, run_signals
from verweven.signals.measured import Measurement, load_measurement
from verweven.store import Store

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "region"
NETWORKS = 3


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
