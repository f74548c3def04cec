"""Groups in the network: connected components and Leiden communities.

Both work on the *tie graph*: the network without direction, with parallel edges between two
entities collapsed into one tie whose weight is the number of facts behind it.
"""

import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph

from verweven.graph.facts import NodeFact, counted, node_fact


@dataclass(frozen=True)
class Group:
    """A component or a community: its members (by id) and what they are."""

    index: int
    node_ids: tuple[str, ...]
    edges: int  # ties (component: edges) inside the group
    schemata: tuple[tuple[str, int], ...]  # (schema, count), most frequent first
    anchor: NodeFact  # the member with the most ties: a handle to name the group by

    @property
    def size(self) -> int:
        """How many entities the group has."""
        return len(self.node_ids)

    @property
    def explanation(self) -> str:
        """One sentence: size, what kinds of entities, and its best-connected member."""
        kinds = ", ".join(f"{count} {schema}" for schema, count in self.schemata)
        return (
            f"group {self.index}: {counted(self.size, 'entity', 'entities')} ({kinds}) tied by "
            f"{counted(self.edges, 'relationship')}; best connected: {self.anchor.caption}"
        )


@dataclass(frozen=True)
class Partition:
    """Leiden communities of the tie graph; ``membership[v]`` is vertex v's community."""

    method: str
    quality: float  # modularity of the partition
    communities: tuple[Group, ...]
    membership: tuple[int, ...]

    @property
    def explanation(self) -> str:
        """One sentence: how many communities, how found, how good."""
        return f"{len(self.communities)} communities ({self.method}), modularity {self.quality:.3f}"


def tie_graph(graph: igraph.Graph) -> igraph.Graph:
    """Undirected simple graph of the network: one tie per connected pair, ``weight`` = number
    of edges (facts) between them. Vertex order is the network's."""
    ties = igraph.Graph(n=graph.vcount(), edges=graph.get_edgelist(), directed=False)
    ties.es["weight"] = [1.0] * ties.ecount()
    ties.simplify(multiple=True, loops=True, combine_edges="sum")
    return ties


def components(graph: igraph.Graph, min_size: int = 1) -> list[Group]:
    """Connected components (edge direction ignored) of at least ``min_size`` entities,
    largest first, ties broken by smallest member id."""
    membership = _renumber(graph, list(graph.connected_components(mode="weak").membership))
    return _groups(graph, membership, min_size, edges_of=_edge_counts)


def communities(
    graph: igraph.Graph,
    resolution: float = 1.0,
    seed: int = 0,
    iterations: int = 2,
    min_size: int = 1,
) -> Partition:
    """Leiden communities (modularity, weighted by facts per tie), deterministic for a seed;
    numbered largest first. Isolated entities are communities of one."""
    ties = tie_graph(graph)
    with seeded(seed):
        clustering = ties.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=iterations,
        )
    membership = _renumber(graph, list(clustering.membership))
    quality = float(ties.modularity(membership, weights="weight")) if ties.ecount() else 0.0
    groups = _groups(graph, membership, min_size, edges_of=_internal_edge_counts)
    method = f"Leiden, modularity, resolution {resolution}, seed {seed}, {iterations} iterations"
    return Partition(method, quality, tuple(groups), tuple(membership))


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from a seeded generator for the duration of the block."""
    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def _renumber(graph: igraph.Graph, membership: list[int]) -> list[int]:
    """Community numbers by size (largest first), then by smallest member id."""
    names = graph.vs["name"]
    sizes = Counter(membership)
    first: dict[int, str] = {}
    for vertex, group in enumerate(membership):
        if group not in first or names[vertex] < first[group]:
            first[group] = names[vertex]
    order = sorted(sizes, key=lambda g: (-sizes[g], first[g]))
    new = {old: index for index, old in enumerate(order)}
    return [new[g] for g in membership]


def _edge_counts(graph: igraph.Graph, membership: list[int]) -> Counter[int]:
    return Counter(membership[source] for source, _ in graph.get_edgelist())


def _internal_edge_counts(graph: igraph.Graph, membership: list[int]) -> Counter[int]:
    return Counter(membership[s] for s, t in graph.get_edgelist() if membership[s] == membership[t])


def _groups(
    graph: igraph.Graph,
    membership: list[int],
    min_size: int,
    edges_of: Callable[[igraph.Graph, list[int]], Counter[int]],
) -> list[Group]:
    """Groups of at least ``min_size`` in the order of their (renumbered) membership."""
    if not membership:
        return []
    members: list[list[int]] = [[] for _ in range(max(membership) + 1)]
    for vertex, group in enumerate(membership):
        members[group].append(vertex)
    edges = edges_of(graph, membership)
    degrees = graph.degree(mode="all")
    names, schemata = graph.vs["name"], graph.vs["schema"]
    groups = []
    for index, vertices in enumerate(members):
        if len(vertices) < min_size:
            break
        anchor = min(vertices, key=lambda v: (-degrees[v], names[v]))
        groups.append(
            Group(
                index=index,
                node_ids=tuple(sorted(names[v] for v in vertices)),
                edges=edges[index],
                schemata=_schema_counts(schemata[v] for v in vertices),
                anchor=node_fact(graph, anchor),
            )
        )
    return groups


def _schema_counts(schemata: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(schemata)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
