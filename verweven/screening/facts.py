"""The facts that count in a Bibob assessment about each member of the circle: convictions
and suspicions, FIU reports, tax debts — the relationships that tie the member to them, each
with its deliveries (and so its partner and legal basis) and date."""

from dataclasses import dataclass

import igraph

from verweven.graph.facts import EdgeFact, edge_fact, find_vertex

# Relationships that are facts about a person or company in themselves.
FACT_KINDS = frozenset({"CourtCaseParty", "Sanction", "Debt", "Payment"})
# The partners whose deliveries hold such facts (convictions, police records, FIU reports,
# tax debts); a relationship from another partner (a purchase at the Kadaster) is context.
FACT_PARTNERS = frozenset({"openbaar_ministerie", "politie", "fiu_nederland", "belastingdienst"})


@dataclass(frozen=True)
class MemberFacts:
    member: str
    caption: str
    facts: tuple[EdgeFact, ...]


def find_facts(graph: igraph.Graph, member_id: str, partner_of: dict[str, str]) -> MemberFacts:
    """The member's facts: relationships of a fact kind from a fact partner's delivery."""
    vertex = find_vertex(graph, member_id)
    facts = []
    for edge in graph.incident(vertex, mode="all"):
        fact = edge_fact(graph, edge)
        partners = {partner_of.get(dataset, "") for dataset in fact.datasets}
        if fact.kind in FACT_KINDS and partners & FACT_PARTNERS:
            facts.append(fact)
    facts.sort(key=lambda f: (f.start or "", f.kind, f.index))
    return MemberFacts(member_id, graph.vs[vertex]["caption"], tuple(facts))
