"""The Bibob report: the findings of the authority's own investigation (after Regeling
Bibob-formulieren 2024, Bijlage 2), every fact footnoted with its source and legal basis."""

from dataclasses import dataclass, field
from datetime import datetime

import igraph

from verweven.graph.facts import EdgeFact
from verweven.model.bibob import BibobFile
from verweven.reports.network_svg import network_svg
from verweven.reports.render import render_html
from verweven.screening import Deadlines, Screening
from verweven.screening.labels import dutch_label, dutch_sentence
from verweven.screening.screen import GROUND_A, GROUND_B


@dataclass
class Footnotes:
    """Numbered sources: one per relationship cited, in the order they are first cited."""

    consulted: dict[str, str]
    schemas: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)

    def cite(self, edge: EdgeFact) -> int:
        if edge.index not in self.numbers:
            sources = "; ".join(
                f"{dataset} ({self.consulted.get(dataset, 'grondslag onbekend')})"
                for dataset in edge.datasets
            )
            dated = f", {edge.start}" if edge.start else ""
            sentence = dutch_sentence(edge, self.schemas)
            self.notes.append(
                f"{sentence}. Bron: {sources}{dated}; {len(edge.statements)} gegevens."
            )
            self.numbers[edge.index] = len(self.notes)
        return self.numbers[edge.index]


def bibob_html(
    screening: Screening,
    file_ref: str,
    generated_by: str,
    generated_at: datetime,
    deadlines: Deadlines | None = None,
    file: BibobFile | None = None,
) -> str:
    """The findings report; with ``file``, the request, the LBB's art. 11a answers and the
    decisions recorded on the Bibob file too."""
    notes = Footnotes(screening.consulted, screening.schemas)
    captions = {screening.applicant.id: screening.applicant.caption}
    captions |= {r.member.id: r.member.caption for r in screening.circle}
    return render_html(
        "bibob.html",
        s=screening,
        file_ref=file_ref,
        file=file,
        captions=captions,
        cite=notes.cite,
        notes=notes,
        zin=lambda edge: dutch_sentence(edge, screening.schemas),
        picture=circle_svg(screening),
        ground_a=screening.facts_for(GROUND_A),
        ground_b=screening.facts_for(GROUND_B),
        deadlines=deadlines,
        generated_by=generated_by,
        generated_at=generated_at,
    )


def circle_graph(screening: Screening) -> igraph.Graph:
    """The applicant and its circle as a network: every relationship on a path of the circle,
    each edge captioned with its Dutch label."""
    edges = {e.index: e for r in screening.circle for e in r.edges}
    names = [screening.applicant.id]
    captions = {screening.applicant.id: screening.applicant.caption}
    for edge in edges.values():
        ends = ((edge.source, edge.source_caption), (edge.target, edge.target_caption))
        for node, caption in ends:
            if node not in captions:
                names.append(node)
                captions[node] = caption
    graph = igraph.Graph(directed=True)
    graph.add_vertices(names)
    graph.vs["caption"] = [captions[n] for n in names]
    graph.vs["schema"] = [
        screening.schemas.get(n, screening.applicant.schema if n == names[0] else "") for n in names
    ]
    graph.add_edges([(e.source, e.target) for e in edges.values()])
    graph.es["kind"] = [e.kind for e in edges.values()]
    graph.es["caption"] = [
        dutch_label(e.kind, e.label, screening.schemas.get(e.target)) for e in edges.values()
    ]
    return graph


def circle_svg(screening: Screening) -> str:
    """The network picture of the circle (inline SVG; empty without relations)."""
    if not screening.circle:
        return ""
    label = f"Netwerkbeeld van de kring van {screening.applicant.caption}"
    return network_svg(circle_graph(screening), highlight=screening.applicant.id, label=label)
