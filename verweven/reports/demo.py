"""The demo report: one self-contained HTML page about a region run through the whole pipeline."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import igraph

from verweven.model import Dataset
from verweven.reports.demo_figures import MunicipalityFigures
from verweven.reports.network_svg import COLOURS, network_svg
from verweven.reports.render import render_html

MAX_NETWORK_NODES = 60


@dataclass(frozen=True)
class ReportHit:
    """A signal hit as the report shows it."""

    signal_id: str
    title: str
    entity_id: str
    score: float
    sentence: str
    datasets: tuple[str, ...]
    # From the signal register: measured precision (None: not measured), whether the signal is
    # marked weak, the legal basis and what people may do next.
    precision: float | None = None
    weak: bool = False
    legal_basis: str = ""
    next_step: str = ""


@dataclass(frozen=True)
class IngestLine:
    """One import run's figures (the report adds up the runs of one dataset)."""

    dataset: str
    partner: str
    rows: int
    statements: int
    rows_quarantined: int
    values_quarantined: int
    reasons: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class SignalCount:
    id: str
    version: int
    title: str
    theme: str
    hits: int


@dataclass(frozen=True)
class Network:
    title: str
    caption: str
    svg: str


@dataclass
class DemoReport:
    """Everything the page shows, gathered by `verweven demo`."""

    region_name: str
    persons: int
    seed: int
    reference_date: str
    ingest: list[IngestLine]
    resolution_records: int
    resolution_entities: int
    signal_definitions: int
    signal_counts: list[SignalCount]
    hits: list[ReportHit]
    municipalities: list[MunicipalityFigures]
    networks: list[Network]
    datasets: list[Dataset]


def network_picture(title: str, caption: str, graph: igraph.Graph, center: str) -> Network:
    """A neighbourhood as a picture, trimmed to the nodes nearest the centre if it is large."""
    if graph.vcount() > MAX_NETWORK_NODES:
        root = graph.vs.find(name=center).index
        order = graph.bfs(root)[0][:MAX_NETWORK_NODES]
        graph = graph.induced_subgraph(sorted(order))
        caption += f" (de {MAX_NETWORK_NODES} dichtstbijzijnde knopen)"
    return Network(title, caption, network_svg(graph, highlight=center))


def quality_rows(ingest: Sequence[IngestLine]) -> list[dict[str, object]]:
    """Quarantine figures per dataset, reasons most frequent first."""
    totals: dict[str, dict[str, object]] = {}
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for line in ingest:
        row = totals.setdefault(
            line.dataset,
            {"dataset": line.dataset, "rows": 0, "rows_quarantined": 0, "values_quarantined": 0},
        )
        for key in ("rows", "rows_quarantined", "values_quarantined"):
            row[key] = int(str(row[key])) + getattr(line, key)
        reasons[line.dataset].update(line.reasons)
    for name, row in totals.items():
        row["reasons"] = sorted(reasons[name].items(), key=lambda kv: (-kv[1], kv[0]))
    return [totals[name] for name in sorted(totals)]


def strongest_per_signal(hits: Sequence[ReportHit]) -> list[ReportHit]:
    """The strongest hit of each signal, by signal: scores of different signals do not compare,
    so one signal with large numbers must not push the others off the page."""
    best: dict[str, ReportHit] = {}
    for hit in sorted(hits, key=lambda h: (-h.score, h.entity_id)):
        best.setdefault(hit.signal_id, hit)
    return [best[signal] for signal in sorted(best)]


MAX_GROUPED = 15


def hits_per_entity(hits: Sequence[ReportHit]) -> list[tuple[str, list[ReportHit]]]:
    """Entities on which more than one signal fired, with those signals' strongest hits, most
    signals first: one entity's related hits read together, never one at a time."""
    per_entity: dict[str, dict[str, ReportHit]] = {}
    for hit in sorted(hits, key=lambda h: (-h.score, h.signal_id)):
        per_entity.setdefault(hit.entity_id, {}).setdefault(hit.signal_id, hit)
    grouped = [(entity, list(found.values())) for entity, found in per_entity.items()
               if len(found) > 1]  # fmt: skip
    grouped.sort(key=lambda group: (-len(group[1]), group[0]))
    return grouped[:MAX_GROUPED]


def write_demo_report(path: Path, report: DemoReport) -> Path:
    """Render the report to ``path`` (a single self-contained HTML file); it shows the strongest
    hit of every signal that fired."""
    hit_entities = {hit.entity_id for hit in report.hits}
    html = render_html(
        "demo.html",
        region={
            "name": report.region_name,
            "persons": report.persons,
            "seed": report.seed,
            "reference_date": report.reference_date,
        },
        ingest={
            "files": len(report.ingest),
            "partners": len({line.partner for line in report.ingest}),
            "rows": sum(line.rows for line in report.ingest),
            "statements": sum(line.statements for line in report.ingest),
        },
        resolution={"records": report.resolution_records, "entities": report.resolution_entities},
        signals={
            "definitions": report.signal_definitions,
            "hits": len(report.hits),
            "entities": len(hit_entities),
        },
        municipalities=report.municipalities,
        signal_counts=report.signal_counts,
        top_hits=strongest_per_signal(report.hits),
        grouped=hits_per_entity(report.hits),
        networks=report.networks,
        legend=sorted(COLOURS.items()),
        quality=quality_rows(report.ingest),
        datasets=report.datasets,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
