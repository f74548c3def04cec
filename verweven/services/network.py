"""The network around entities, for one reader: a neighbourhood and the paths between two
entities, every edge with the statements and deliveries that support it.

Each call reads only the statements near the entities it looks at (``local_graph``: one
audited read per call, hop by hop from the store), never the reader's whole network.
"""

from dataclasses import replace

from pydantic import BaseModel, Field

from verweven.access import Actor
from verweven.graph import EdgeFact, Neighbourhood, NodeFact, Paths, local_graph
from verweven.graph import neighbourhood as walk_neighbourhood
from verweven.graph import shortest_paths as walk_paths
from verweven.store import Store

MAX_HOPS = 4
# A neighbourhood expands an entity beyond its centre only when at most this many records name
# it: a bank or a busy address is drawn with the edges that reach it and "N meer", and its own
# neighbourhood (where it is the centre) shows the rest. Chosen above the neighbourhoods of the
# synthetic region (34 entities at the median) and below its hubs (hundreds of residents).
FAN = 50
# The longest path searched between two entities: the network is read around both ends,
# one more step each round, up to half of it.
MAX_PATH_STEPS = 6


class NodeView(BaseModel):
    """An entity of the network; a stub is referenced but not visible for this purpose."""

    id: str
    schema_: str = Field(alias="schema", examples=["Company"])
    caption: str
    datasets: list[str]
    stub: bool
    distance: int | None = Field(default=None, description="steps from the centre")
    more: int | None = Field(
        default=None,
        description="records naming this entity that were not read: it was not expanded "
        "(more than the fan name it); its own neighbourhood shows them",
    )

    model_config = {"populate_by_name": True}


class EdgeView(BaseModel):
    """One relationship with its evidence: the statements and deliveries that support it."""

    source: str
    target: str
    kind: str = Field(examples=["Ownership"])
    label: str = Field(examples=["owns"])
    directed: bool
    entity: str | None = Field(description="the relationship entity; none for a reference")
    sentence: str = Field(examples=["Jan Jansen owns Jansen BV (percentage held: 50)"])
    statements: list[str]
    datasets: list[str]
    start: str | None = None
    end: str | None = None


class NeighbourhoodView(BaseModel):
    """The entities within ``hops`` steps of a centre, nearest first, and every edge among them."""

    center: NodeView
    hops: int
    explanation: str
    nodes: list[NodeView]
    edges: list[EdgeView]


class PathView(BaseModel):
    """One shortest path: its entities in order and the edges along it."""

    nodes: list[NodeView]
    edges: list[EdgeView]
    explanation: str


class PathsView(BaseModel):
    """The shortest paths between two entities (none when they are not connected)."""

    source: NodeView
    target: NodeView
    length: int | None
    truncated: bool
    explanation: str
    paths: list[PathView]


def neighbourhood(
    store: Store, reader: Actor, entity_id: str, hops: int = 2, fan: int | None = FAN
) -> Neighbourhood:
    """The neighbourhood of one entity in the reader's network; beyond the centre, an entity
    more than ``fan`` records name is not expanded (``None``: every entity is)."""
    graph = local_graph(store, reader, [entity_id], hops, fan)
    return walk_neighbourhood(graph, entity_id, hops)


def paths(
    store: Store,
    reader: Actor,
    source_id: str,
    target_id: str,
    limit: int = 5,
    max_steps: int = MAX_PATH_STEPS,
) -> Paths:
    """The shortest paths between two entities in the reader's network, if any is at most
    ``max_steps`` long. Each round reads one step further around both ends; a path found in
    a round that read ``k`` steps around each is a shortest path of the whole network when
    it is at most ``2k`` long (every entity on it is within ``k`` of one end)."""
    around = 0
    while True:
        around += 1
        graph = local_graph(store, reader, [source_id, target_id], around)
        found = walk_paths(graph, source_id, target_id, limit)
        if found.length is not None and found.length <= 2 * around:
            return found
        if 2 * around >= max_steps:
            return replace(found, length=None, paths=(), truncated=False, searched=max_steps)


def neighbourhood_view(found: Neighbourhood) -> NeighbourhoodView:
    return NeighbourhoodView(
        center=node_view(found.center, 0),
        hops=found.hops,
        explanation=found.explanation,
        nodes=[
            node_view(n, d, found.unexpanded.get(n.id))
            for d, layer in enumerate(found.layers)
            for n in layer
        ],
        edges=[edge_view(e) for e in found.edges],
    )


def paths_view(found: Paths) -> PathsView:
    return PathsView(
        source=node_view(found.source),
        target=node_view(found.target),
        length=found.length,
        truncated=found.truncated,
        explanation=found.explanation,
        paths=[
            PathView(
                nodes=[node_view(n, d) for d, n in enumerate(path.nodes)],
                edges=[edge_view(e) for hop in path.hops for e in hop.edges],
                explanation=path.explanation,
            )
            for path in found.paths
        ],
    )


def node_view(node: NodeFact, distance: int | None = None, more: int | None = None) -> NodeView:
    return NodeView(
        id=node.id,
        schema=node.schema,
        caption=node.caption,
        datasets=list(node.datasets),
        stub=node.stub,
        distance=distance,
        more=more,
    )


def edge_view(edge: EdgeFact) -> EdgeView:
    return EdgeView(
        source=edge.source,
        target=edge.target,
        kind=edge.kind,
        label=edge.label,
        directed=edge.directed,
        entity=edge.entity,
        sentence=edge.sentence,
        statements=list(edge.statements),
        datasets=list(edge.datasets),
        start=edge.start,
        end=edge.end,
    )
