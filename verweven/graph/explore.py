"""Looking around one entity: its k-hop neighbourhood and the shortest paths to another.

Both walk the network without regard to edge direction (a director and the company's owner are
two steps apart whichever way the facts point); every edge still says which way it reads.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise

import igraph

from verweven.graph.facts import (
    EdgeFact,
    NodeFact,
    counted,
    edge_fact,
    edges_between,
    find_vertex,
    node_fact,
)

MAX_PATHS = 1_000


@dataclass(frozen=True)
class Neighbourhood:
    """The entities within ``hops`` steps of a centre and every edge among them."""

    center: NodeFact
    hops: int
    layers: tuple[tuple[NodeFact, ...], ...]  # layers[k]: the nodes exactly k steps away
    edges: tuple[EdgeFact, ...]
    unexpanded: dict[str, int] = field(default_factory=dict)
    """Nodes drawn but not expanded (a hub in a local read with a fan): the records naming
    each that were not read."""

    @property
    def nodes(self) -> tuple[NodeFact, ...]:
        """Every node, nearest first."""
        return tuple(node for layer in self.layers for node in layer)

    @property
    def datasets(self) -> tuple[str, ...]:
        """The datasets the edges come from."""
        return tuple(sorted({name for edge in self.edges for name in edge.datasets}))

    @property
    def explanation(self) -> str:
        """One sentence: how many entities, ties and sources."""
        return (
            f"{counted(len(self.nodes) - 1, 'entity', 'entities')} within "
            f"{counted(self.hops, 'step')} of {self.center.caption}, tied by "
            f"{counted(len(self.edges), 'relationship')} from "
            f"{counted(len(self.datasets), 'dataset')} ({', '.join(self.datasets) or 'none'})"
        )


@dataclass(frozen=True)
class Hop:
    """One step of a path, with every fact that ties its two ends."""

    source: NodeFact
    target: NodeFact
    edges: tuple[EdgeFact, ...]


@dataclass(frozen=True)
class Path:
    """One shortest path: its nodes in order and, per step, the supporting facts."""

    nodes: tuple[NodeFact, ...]
    hops: tuple[Hop, ...]

    @property
    def explanation(self) -> str:
        """The path step by step, each step with its facts and their sources."""
        steps = [" / ".join(edge.explanation for edge in hop.edges) for hop in self.hops]
        return "; then ".join(steps)


@dataclass(frozen=True)
class Paths:
    """The shortest paths between two entities (none when they are not connected)."""

    source: NodeFact
    target: NodeFact
    length: int | None
    paths: tuple[Path, ...]
    truncated: bool  # more shortest paths exist than were asked for
    searched: int | None = None  # the longest path looked for (None: the whole network)

    @property
    def explanation(self) -> str:
        """One sentence on how (and whether) the two are connected."""
        if self.length is None:
            within = f" within {counted(self.searched, 'step')}" if self.searched else ""
            return f"{self.source.caption} and {self.target.caption} are not connected{within}"
        more = " (more exist)" if self.truncated else ""
        return (
            f"{self.source.caption} and {self.target.caption} are "
            f"{counted(self.length, 'step')} apart, along "
            f"{counted(len(self.paths), 'shortest path')}{more}"
        )


def neighbourhood(graph: igraph.Graph, node_id: str, hops: int = 2) -> Neighbourhood:
    """The ego network of one entity: nodes up to ``hops`` steps away, by distance, and every
    edge between them (in edge order)."""
    center = find_vertex(graph, node_id)
    layers = [[center]]
    for distance in range(1, hops + 1):
        ring = graph.neighborhood(center, order=distance, mode="all", mindist=distance)
        layers.append(sorted(ring, key=lambda v: (graph.vs[v]["caption"], graph.vs[v]["name"])))
    members = {v for layer in layers for v in layer}
    edges = sorted(
        {e for v in members for e in graph.incident(v, mode="all") if _inside(graph, e, members)}
    )
    names = {graph.vs[v]["name"] for v in members}
    hubs = graph["unexpanded"] if "unexpanded" in graph.attributes() else {}
    return Neighbourhood(
        center=node_fact(graph, center),
        hops=hops,
        layers=tuple(tuple(node_fact(graph, v) for v in layer) for layer in layers),
        edges=tuple(edge_fact(graph, e) for e in edges),
        unexpanded={hub: more for hub, more in hubs.items() if hub in names and more},
    )


def shortest_paths(graph: igraph.Graph, source_id: str, target_id: str, limit: int = 10) -> Paths:
    """The shortest paths between two entities (at most ``limit``, in the order of the vertex
    ids along them), each step with every edge between its two ends and their statements.

    A bidirectional breadth-first search: it stops where the two searches meet, so a short
    path costs little in a region of millions. At most MAX_PATHS paths are enumerated."""
    a, b = find_vertex(graph, source_id), find_vertex(graph, target_id)
    found = sorted(islice(_iter_shortest(graph, a, b), MAX_PATHS))
    return Paths(
        source=node_fact(graph, a),
        target=node_fact(graph, b),
        length=len(found[0]) - 1 if found else None,
        paths=tuple(_path(graph, vertices) for vertices in found[:limit]),
        truncated=len(found) > limit,
    )


def _iter_shortest(graph: igraph.Graph, a: int, b: int) -> Iterator[tuple[int, ...]]:
    met = _meet(graph, a, b)
    if met is None:
        return
    from_a, from_b, middle = met
    for m in middle:
        for left in _paths_to(graph, from_a, m):
            for right in _paths_to(graph, from_b, m):
                yield (*left, *reversed(right[:-1]))


def _meet(
    graph: igraph.Graph, a: int, b: int
) -> tuple[dict[int, int], dict[int, int], list[int]] | None:
    """Search from both ends, always widening the smaller frontier by a whole layer, until the
    two searches meet. Returns both distance maps and the vertices where they met (every
    shortest path crosses exactly one of them); None if a and b are not connected."""
    dist: tuple[dict[int, int], dict[int, int]] = ({a: 0}, {b: 0})
    frontiers = [[a], [b]]
    if a == b:
        return dist[0], dist[1], [a]
    while frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = dist[side], dist[1 - side]
        depth = mine[frontiers[side][0]] + 1
        layer = []
        for v in frontiers[side]:
            for u in graph.neighbors(v, mode="all"):
                if u not in mine:
                    mine[u] = depth
                    layer.append(u)
        frontiers[side] = layer
        middle = sorted(u for u in layer if u in theirs)
        if middle:
            return dist[0], dist[1], middle
    return None


def _paths_to(graph: igraph.Graph, dist: dict[int, int], vertex: int) -> Iterator[list[int]]:
    """Every shortest path from the search's origin to ``vertex``, origin first."""
    if dist[vertex] == 0:
        yield [vertex]
        return
    parents = {u for u in graph.neighbors(vertex, mode="all") if dist.get(u) == dist[vertex] - 1}
    for parent in sorted(parents):
        for path in _paths_to(graph, dist, parent):
            yield [*path, vertex]


def _path(graph: igraph.Graph, vertices: tuple[int, ...]) -> Path:
    hops = tuple(
        Hop(
            source=node_fact(graph, u),
            target=node_fact(graph, v),
            edges=tuple(edge_fact(graph, e) for e in edges_between(graph, u, v)),
        )
        for u, v in pairwise(vertices)
    )
    return Path(nodes=tuple(node_fact(graph, v) for v in vertices), hops=hops)


def _inside(graph: igraph.Graph, edge: int, members: set[int]) -> bool:
    source, target = graph.es[edge].tuple
    return source in members and target in members


def neighbourhood_graph(graph: igraph.Graph, node_id: str, hops: int = 2) -> igraph.Graph:
    """The neighbourhood as a graph of its own (same attributes), e.g. to export it."""
    found = neighbourhood(graph, node_id, hops)
    vertices = sorted(find_vertex(graph, node.id) for node in found.nodes)
    sub = graph.induced_subgraph(vertices, implementation="create_from_scratch")
    for name in graph.attributes():
        sub[name] = graph[name]
    return sub
