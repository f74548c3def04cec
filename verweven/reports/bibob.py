"""The Bibob report: the findings of the authority's own investigation (after Regeling
Bibob-formulieren 2024, Bijlage 2), every fact footnoted with its source and legal basis."""

from dataclasses import dataclass, field
from datetime import datetime

from verweven.graph.facts import EdgeFact
from verweven.reports.render import render_html
from verweven.screening import Deadlines, Screening
from verweven.screening.screen import GROUND_A, GROUND_B


@dataclass
class Footnotes:
    """Numbered sources: one per relationship cited, in the order they are first cited."""

    consulted: dict[str, str]
    notes: list[str] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)

    def cite(self, edge: EdgeFact) -> int:
        if edge.index not in self.numbers:
            sources = "; ".join(
                f"{dataset} ({self.consulted.get(dataset, 'grondslag onbekend')})"
                for dataset in edge.datasets
            )
            dated = f", {edge.start}" if edge.start else ""
            self.notes.append(
                f"{edge.sentence}. Bron: {sources}{dated}; {len(edge.statements)} gegevens."
            )
            self.numbers[edge.index] = len(self.notes)
        return self.numbers[edge.index]


def bibob_html(
    screening: Screening,
    file_ref: str,
    generated_by: str,
    generated_at: datetime,
    deadlines: Deadlines | None = None,
) -> str:
    notes = Footnotes(screening.consulted)
    return render_html(
        "bibob.html",
        s=screening,
        file_ref=file_ref,
        cite=notes.cite,
        notes=notes,
        ground_a=screening.facts_for(GROUND_A),
        ground_b=screening.facts_for(GROUND_B),
        deadlines=deadlines,
        generated_by=generated_by,
        generated_at=generated_at,
    )
