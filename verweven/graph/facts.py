"""Nodes and edges of the network as plain, explainable facts (what every analysis returns)."""

from dataclasses import dataclass

import igraph
import pyarrow as pa
from followthemoney import model

from verweven.errors import NotFoundError


@dataclass(frozen=True)
class NodeFact:
    """One canonical entity of the network."""

    id: str
    schema: str
    caption: str
    datasets: tuple[str, ...]
    stub: bool  # referenced, but not an entity of its own for this reader (id and schema only)

    @property
    def explanation(self) -> str:
        """The node as a person reads it: caption, schema and id."""
        shown = "not visible for this purpose" if self.stub else ", ".join(self.datasets)
        return f"{self.caption} ({self.schema} {self.id}; {shown})"


@dataclass(frozen=True)
class EdgeFact:
    """One relationship (or property reference) with the statements that support it."""

    index: int  # the igraph edge id
    source: str
    source_caption: str
    target: str
    target_caption: str
    kind: str  # relationship schema (Ownership) or property qname (Thing:addressEntity)
    label: str
    directed: bool
    entity: str | None  # the relationship entity; None for a property reference
    statements: tuple[str, ...]
    datasets: tuple[str, ...]
    start: str | None
    end: str | None
    detail: str | None

    @property
    def sentence(self) -> str:
        """The fact in words: "Jan Jansen owns Jansen BV (percentage held: 50)"."""
        if self.entity is None:
            text = f"{self.source_caption} — {self.label.lower()}: {self.target_caption}"
        else:
            text = f"{self.source_caption} {self.label} {self.target_caption}"
        if self.detail:
            text += f" ({self.detail})"
        if self.start or self.end:
            text += f" [{self.start or '…'} – {self.end or '…'}]"
        return text

    @property
    def explanation(self) -> str:
        """The sentence plus its evidence: datasets and statement count."""
        evidence = counted(len(self.statements), "statement")
        return f"{self.sentence}; source: {', '.join(self.datasets)} ({evidence})"


def find_vertex(graph: igraph.Graph, node_id: str) -> int:
    """The vertex of a canonical id; NotFoundError if the network has no such entity."""
    try:
        return int(graph.vs.find(name=node_id).index)
    except (ValueError, KeyError):
        purpose = graph["purpose"] if "purpose" in graph.attributes() else "this network"
        raise NotFoundError(
            f"no entity {node_id!r} in the network built for purpose {purpose}"
        ) from None


def node_fact(graph: igraph.Graph, vertex: int) -> NodeFact:
    """A vertex as a NodeFact."""
    v = graph.vs[vertex]
    return NodeFact(v["name"], v["schema"], v["caption"], tuple(v["datasets"]), bool(v["stub"]))


def edge_fact(graph: igraph.Graph, edge: int) -> EdgeFact:
    """An edge as an EdgeFact, with the captions of both ends."""
    e = graph.es[edge]
    source, target = graph.vs[e.source], graph.vs[e.target]
    return EdgeFact(
        index=edge,
        source=source["name"],
        source_caption=source["caption"],
        target=target["name"],
        target_caption=target["caption"],
        kind=e["kind"],
        label=e["label"],
        directed=bool(e["directed"]),
        entity=e["entity"],
        statements=edge_statements(graph, edge),
        datasets=tuple(e["datasets"]),
        start=e["start"],
        end=e["end"],
        detail=e["detail"],
    )


def edge_statements(graph: igraph.Graph, edge: int) -> tuple[str, ...]:
    """The ids of the statements that support one edge (kept in the graph's ``evidence``
    column, at the row the edge's ``evidence`` attribute names)."""
    return tuple(graph["evidence"][graph.es[edge]["evidence"]].as_py())


def every_edge_statements(graph: igraph.Graph) -> list[tuple[str, ...]]:
    """The statement ids of every edge, in edge order."""
    if not graph.ecount():
        return []
    rows = graph["evidence"].take(pa.array(graph.es["evidence"], pa.int64()))
    return [tuple(ids) for ids in rows.to_pylist()]


def edges_between(graph: igraph.Graph, a: int, b: int) -> list[int]:
    """Ids of every edge between two vertices, either way, in edge order."""
    return sorted(e for e in graph.incident(a, mode="all") if b in graph.es[e].tuple)


def is_schema(schema: str, wanted: tuple[str, ...] | None) -> bool:
    """Whether a schema is (a descendant of) one of the wanted schemata; None wants all."""
    if wanted is None:
        return True
    found = model.get(schema)
    return found is not None and any(found.is_a(name) for name in wanted)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """ "1 step", "2 steps": a count with its noun."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
