"""A Bibob screening of one applicant: its circle under art. 3 lid 4, the questionnaire
against the registers, the facts about every member with their sources, the signal hits, and
a draft of the assessment — read as the Bibob officer, for purpose bibob and the file's case."""

from collections.abc import Collection
from dataclasses import dataclass, field, replace

import igraph

from verweven.access import Actor
from verweven.errors import NotFoundError, UsageError
from verweven.graph.facts import NodeFact, find_vertex, node_fact
from verweven.screening.circle import Category, Relation, find_circle
from verweven.screening.compare import Comparison, Finding, compare_declared
from verweven.screening.facts import FACT_PARTNERS, MemberFacts, find_facts
from verweven.screening.questionnaire import NO_QUESTIONNAIRE, Questionnaire
from verweven.screening.read import circle_graph
from verweven.store import SignalHitRecord, Store

# Who a fact must be about to support each ground of art. 3 lid 1 Wet Bibob: (a) benefit from
# crimes — those who control or finance it; (b) commit crimes — those who lead it.
GROUND_A = (Category.ZEGGENSCHAP, Category.VERMOGENSVERSCHAFFER)
GROUND_B = (Category.LEIDINGGEVENDE,)


@dataclass(frozen=True)
class Screening:
    applicant: NodeFact
    circle: tuple[Relation, ...]
    comparison: tuple[Comparison, ...]
    facts: tuple[MemberFacts, ...]
    """Per member (and the applicant) with at least one fact."""
    hits: tuple[SignalHitRecord, ...]
    consulted: dict[str, str]
    """Every delivery the screening could read: its partner and legal basis."""
    questionnaire: Questionnaire
    """The file's questionnaire: its reference and its answers (none when not delivered)."""
    withheld: dict[str, int] = field(default_factory=dict)
    """Facts left out of a report per delivery it may not take out of verweven."""
    schemas: dict[str, str] = field(default_factory=dict)
    """The schema of every entity on the circle's paths and in the facts, by canonical id."""

    def for_export(self, exportable: Collection[str]) -> "Screening":
        """The screening as a file may hold it: facts and relations resting only on
        deliveries the officer may not export are left out, and counted."""
        allowed = set(exportable)
        withheld: dict[str, int] = {}
        facts = []
        for member in self.facts:
            kept = [e for e in member.facts if set(e.datasets) & allowed]
            for edge in member.facts:
                if not set(edge.datasets) & allowed:
                    for dataset in edge.datasets:
                        withheld[dataset] = withheld.get(dataset, 0) + 1
            if kept:
                facts.append(MemberFacts(member.member, member.caption, tuple(kept)))
        circle = tuple(r for r in self.circle if all(set(e.datasets) & allowed for e in r.edges))
        return replace(
            self,
            circle=circle,
            comparison=tuple(compare_declared(list(circle), self.questionnaire)),
            facts=tuple(facts),
            hits=tuple(h for h in self.hits if set(h.datasets) <= allowed),
            consulted={k: v for k, v in self.consulted.items() if k in allowed},
            withheld=withheld,
        )

    def facts_for(self, categories: tuple[Category, ...]) -> list[MemberFacts]:
        members = {r.member.id for r in self.circle if r.category in categories}
        return [f for f in self.facts if f.member in members]

    @property
    def undeclared(self) -> list[Comparison]:
        return [c for c in self.comparison if c.finding is Finding.UNDECLARED]

    @property
    def indication(self) -> str:
        """A first reading of the findings for the officer — never the assessment itself."""
        adverse = self.facts_for(GROUND_A + GROUND_B) or [
            f for f in self.facts if f.member == self.applicant.id
        ]
        if adverse and self.undeclared:
            return (
                "aanwijzingen voor ernstig gevaar: feiten over de kring én niet opgegeven relaties"
            )
        if adverse:
            return "aanwijzingen voor gevaar: feiten over de kring; weeg ernst, aard en ouderdom"
        if self.undeclared:
            return "geen feiten gevonden, wel niet opgegeven relaties: vraag de aanvrager"
        return "geen aanwijzingen gevonden in de geraadpleegde bronnen"


def find_applicant(store: Store, actor: Actor, applicant: str) -> str:
    """The applicant's canonical id: given as one, or found by KvK number or record id."""
    if applicant.isdigit():
        found = store.find_entities(actor, applicant, "registrationNumber")
    else:
        found = store.find_entities(actor, applicant, "id") or [applicant]
    if len(found) > 1:
        raise UsageError(
            f"{applicant} names {len(found)} entities ({', '.join(found[:5])}); give one id"
        )
    if not found:
        raise NotFoundError(f"no applicant with KvK number {applicant} is visible for bibob")
    return found[0]


def screen_applicant(
    store: Store,
    actor: Actor,
    applicant: str,
    graph: igraph.Graph | None = None,
    questionnaire: Questionnaire = NO_QUESTIONNAIRE,  # the file's: its answers are compared
) -> Screening:
    """Screen one applicant (canonical id, record id or KvK number). ``graph`` is the actor's
    network (built once for many screenings); when not given, only what the circle and the
    facts look at is read (``circle_graph``)."""
    applicant_id = find_applicant(store, actor, applicant)
    datasets = {d.name: d for d in store.list_datasets(actor)}
    partner_of = {name: d.partner for name, d in datasets.items()}
    if graph is None:
        facts_from = [name for name, partner in partner_of.items() if partner in FACT_PARTNERS]
        graph = circle_graph(store, actor, applicant_id, facts_from)
    vertex = find_vertex(graph, applicant_id)
    circle = _without_other_answers(find_circle(graph, applicant_id), questionnaire)
    members = [applicant_id, *dict.fromkeys(r.member.id for r in circle)]
    facts = [find_facts(graph, member, partner_of) for member in members]
    hits = store.list_signal_hits(actor, members)
    used = set(graph["datasets"]) if "datasets" in graph.attributes() else set(datasets)
    consulted = {
        name: f"{d.partner}: {d.legal_basis.article}"
        + (f" ({d.legal_basis.text})" if d.legal_basis.text else "")
        for name, d in sorted(datasets.items())
        if name in used
    }
    return Screening(
        applicant=node_fact(graph, vertex),
        circle=tuple(circle),
        comparison=tuple(compare_declared(circle, questionnaire)),
        facts=tuple(f for f in facts if f.facts),
        hits=tuple(hits),
        consulted=consulted,
        questionnaire=questionnaire,
        schemas=_schemas(graph, circle, facts),
    )


def _without_other_answers(circle: list[Relation], questionnaire: Questionnaire) -> list[Relation]:
    """The circle without the relations that rest on answers given for another file: another
    application's questionnaire is neither this applicant's declaration nor a register."""
    return [r for r in circle if not any(questionnaire.answers_elsewhere(e) for e in r.edges)]


def _schemas(
    graph: igraph.Graph, circle: list[Relation], facts: list[MemberFacts]
) -> dict[str, str]:
    """Each entity's schema, for the words and the picture of what the screening shows."""
    edges = [e for r in circle for e in r.edges] + [e for f in facts for e in f.facts]
    ids = sorted({end for e in edges for end in (e.source, e.target)})
    return {node: graph.vs[find_vertex(graph, node)]["schema"] for node in ids}
