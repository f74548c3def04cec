"""Proximity to convicted persons: a graph signal over business ties (Bibob art. 3 lid 4).

The network is built in memory with igraph from the signal's own statements: legal entities
(persons, companies) are nodes; directorships and shareholdings that are current, financing
(Debt) and payments are ties. For every recent permit applicant, convicted persons within
``hops`` ties are looked up; each adds 1/distance to the score.
"""

import itertools
from dataclasses import dataclass, field
from typing import Any

import igraph

from verweven.signals.context import SignalContext

PARTIES = ("Person", "Company", "Organization", "LegalEntity", "PublicBody")
LABELS = {"Directorship": "bestuur", "Ownership": "aandelen", "Debt": "financiering",
          "Payment": "betaling"}  # fmt: skip

TIES_SQL = """
SELECT e.source_id, e.target_id, e.schema,
       [e.source_statement, e.target_statement] AS statements
FROM edges e
JOIN canonical s ON s.canonical_id = e.source_id AND list_contains($parties, s.schema)
JOIN canonical t ON t.canonical_id = e.target_id AND list_contains($parties, t.schema)
LEFT JOIN relationship_dates d USING (relationship_id)
WHERE e.schema IN ('Debt', 'Payment')
   OR (e.schema IN ('Directorship', 'Ownership')
       AND (d.end_date IS NULL OR d.end_date > as_of()))
"""

APPLICANTS_SQL = """
SELECT e.source_id AS applicant_id,
       flatten(list([e.source_statement, e.target_statement])) AS statements
FROM edges e
JOIN canonical l ON l.canonical_id = e.target_id AND l.schema = 'License'
JOIN relationship_dates d USING (relationship_id)
WHERE e.schema = 'UnknownLink' AND d.on_date >= as_of() - to_days($application_days)
GROUP BY e.source_id ORDER BY e.source_id
"""

CONVICTED_SQL = """
SELECT person_id, lower(offence) AS offence, statements FROM convictions
WHERE list_contains($categories, category) AND convicted_on >= as_of() - to_years($years)
"""


@dataclass
class Network:
    """The tie graph, with the statements and labels behind each tie."""

    graph: igraph.Graph
    index: dict[str, int]
    ties: dict[tuple[int, int], tuple[set[str], set[str]]] = field(default_factory=dict)

    def tie(self, a: int, b: int) -> tuple[set[str], set[str]]:
        """(statement ids, labels) of the tie between two vertices."""
        return self.ties[(min(a, b), max(a, b))]


def build_network(rows: list[dict[str, Any]]) -> Network:
    """An undirected graph of the ties; parallel ties collapse into one with all evidence."""
    names = sorted({r["source_id"] for r in rows} | {r["target_id"] for r in rows})
    index = {name: i for i, name in enumerate(names)}
    network = Network(igraph.Graph(n=len(names)), index)
    for row in rows:
        a, b = index[row["source_id"]], index[row["target_id"]]
        if a == b:
            continue
        statements, labels = network.ties.setdefault((min(a, b), max(a, b)), (set(), set()))
        statements.update(row["statements"])
        labels.add(LABELS[row["schema"]])
    network.graph.add_edges(sorted(network.ties))
    return network


def proximity_to_convicted(context: SignalContext) -> list[dict[str, Any]]:
    """For each permit applicant of the last ``application_days`` days: every person with a
    serious conviction (``categories``, last ``years`` years) within ``hops`` business ties
    (current directorships and shareholdings, financing, payments) adds 1/distance to the
    score; the evidence is the statements of each tie on the shortest path and the conviction.
    """
    network = build_network(context.query(TIES_SQL, {"parties": list(PARTIES)}))
    convicted: dict[str, list[dict[str, Any]]] = {}
    for row in context.query(CONVICTED_SQL):
        convicted.setdefault(row["person_id"], []).append(row)
    hops = int(context.parameters["hops"])
    rows = []
    for applicant in context.query(APPLICANTS_SQL):
        start = network.index.get(applicant["applicant_id"])
        if start is None:
            continue
        found = _nearby(network, start, hops, convicted)
        if found:
            rows.append(_row(applicant, found))
    return rows


def _nearby(
    network: Network, start: int, hops: int, convicted: dict[str, list[dict[str, Any]]]
) -> list[tuple[int, set[str], set[str], list[dict[str, Any]]]]:
    """(distance, path statements, path labels, convictions) of convicted persons nearby."""
    names = {i: n for n, i in network.index.items()}
    found = []
    for vertex in sorted(network.graph.neighborhood(start, order=hops, mindist=1)):
        if names[vertex] not in convicted:
            continue
        path = network.graph.get_shortest_path(start, vertex)
        statements: set[str] = set()
        labels: set[str] = set()
        for a, b in itertools.pairwise(path):
            tie_statements, tie_labels = network.tie(a, b)
            statements |= tie_statements
            labels |= tie_labels
        found.append((len(path) - 1, statements, labels, convicted[names[vertex]]))
    return found


def _row(
    applicant: dict[str, Any], found: list[tuple[int, set[str], set[str], list[dict[str, Any]]]]
) -> dict[str, Any]:
    evidence = set(applicant["statements"])
    for _, statements, _, convictions in found:
        evidence |= statements
        evidence |= {s for c in convictions for s in c["statements"]}
    return {
        "entity_id": applicant["applicant_id"],
        "score": sum(1.0 / distance for distance, *_ in found),
        "convicted": len(found),
        "nearest": min(distance for distance, *_ in found),
        "ties": ", ".join(sorted({label for _, _, labels, _ in found for label in labels})),
        "offences": ", ".join(sorted({c["offence"] for *_, cs in found for c in cs})),
        "evidence": sorted(evidence),
    }
