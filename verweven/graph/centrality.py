"""Who matters in the network: centrality (betweenness, PageRank) and brokers.

Both work on the tie graph (``groups.tie_graph``): undirected, one tie per connected pair.

*Betweenness* counts the shortest paths between other entities that run through a node. Exact
betweenness costs one breadth-first search per node over the whole network (igraph needs about
15 ms per search on a 22,000-node region sample: 5 minutes in all), so above ``EXACT_LIMIT``
nodes it is estimated from the paths of ``DEFAULT_SAMPLES`` seeded random sources, scaled by
nodes/samples (Brandes & Pich 2007): a fixed number of searches, deterministic, and a cost that
grows with the network only linearly. Counting only paths of a few steps (``cutoff``, igraph's
local betweenness) is there when asked for, but is not the default: in a real region, shared
addresses and large companies put hundreds of thousands of nodes within four steps of almost
every node, and on the 100,000-person region it had not finished after 15 minutes.

A *broker* ties otherwise separate groups: its ties run into two or more Leiden communities, and
either a large share of them leaves its own community (participation coefficient, Guimerà &
Amaral 2005: ``1 - Σ_c (k_c / k)²`` over the communities c its k ties run into), or removing it
would split its component (an articulation point). These are the facilitators of the barrier
model: the accountant, landlord or straw man through whom separate groups meet.
"""

import heapq
import random
from collections import Counter
from dataclasses import dataclass

import igraph

from verweven.graph.facts import NodeFact, is_schema, node_fact
from verweven.graph.groups import Partition, communities, tie_graph

EXACT_LIMIT = 2_000
DEFAULT_SAMPLES = 64
SHOWN_TIES = 5  # communities named in a broker's explanation (most ties first)
PARTIES = ("LegalEntity",)  # persons, companies, organisations: who can be a facilitator


@dataclass(frozen=True)
class NodeScore:
    """One node's rank and score on one measure."""

    rank: int
    node: NodeFact
    score: float
    degree: int  # ties (distinct neighbours)


@dataclass(frozen=True)
class Centrality:
    """The top nodes by betweenness and by PageRank, and how betweenness was computed."""

    betweenness_method: str
    by_betweenness: tuple[NodeScore, ...]
    by_pagerank: tuple[NodeScore, ...]

    @property
    def explanation(self) -> str:
        """What the two rankings mean."""
        return (
            "betweenness: shortest paths between other entities that run through a node "
            f"({self.betweenness_method}); PageRank: how well a node is tied to well-tied nodes"
        )


@dataclass(frozen=True)
class Broker:
    """A node whose ties bridge communities."""

    node: NodeFact
    degree: int
    community: int  # its own community
    ties: tuple[tuple[int, int], ...]  # (community, ties into it), most first
    participation: float
    articulation: bool

    @property
    def explanation(self) -> str:
        """Why this node is a broker, in one sentence."""
        groups = ", ".join(f"community {c}: {n}" for c, n in self.ties[:SHOWN_TIES])
        if len(self.ties) > SHOWN_TIES:
            groups += f", {len(self.ties) - SHOWN_TIES} more"
        text = (
            f"{self.node.caption} ties {len(self.ties)} communities ({groups}); "
            f"participation {self.participation:.2f}"
        )
        if self.articulation:
            text += "; removing it would split its network (articulation point)"
        return text


def centrality(
    graph: igraph.Graph,
    limit: int = 20,
    samples: int | None = None,
    cutoff: int | None = None,
    seed: int = 0,
    schemata: tuple[str, ...] | None = None,
) -> Centrality:
    """The ``limit`` most central nodes (of the given schemata, or all) by each measure."""
    ties = tie_graph(graph)
    scores, method = betweenness(ties, samples=samples, cutoff=cutoff, seed=seed)
    pagerank = ties.pagerank(directed=False) if ties.vcount() else []
    degrees = ties.degree()
    wanted = candidates(graph, schemata)
    names = graph.vs["name"]

    def top(values: list[float]) -> tuple[NodeScore, ...]:
        order = heapq.nsmallest(limit, wanted, key=lambda v: (-values[v], names[v]))
        return tuple(
            NodeScore(rank + 1, node_fact(graph, v), float(values[v]), degrees[v])
            for rank, v in enumerate(order)
        )

    return Centrality(method, top(scores), top(pagerank))


def betweenness(
    ties: igraph.Graph, samples: int | None = None, cutoff: int | None = None, seed: int = 0
) -> tuple[list[float], str]:
    """Betweenness of every vertex of a tie graph and how it was computed: from ``samples``
    random sources if asked, else counting paths up to ``cutoff`` steps if asked, else exact
    up to EXACT_LIMIT vertices and estimated from DEFAULT_SAMPLES sources above."""
    n = ties.vcount()
    if samples is None and cutoff is None and n > EXACT_LIMIT:
        samples = DEFAULT_SAMPLES
    if samples is not None and samples < n:
        sources = sorted(random.Random(seed).sample(range(n), samples))
        partial = ties.betweenness(directed=False, sources=sources, cutoff=cutoff)
        method = f"estimated from the paths of {samples} random sources (seed {seed})"
        return [value * n / samples for value in partial], method
    if cutoff is None:
        return list(ties.betweenness(directed=False)), "exact"
    scores = ties.betweenness(directed=False, cutoff=cutoff)
    return list(scores), f"shortest paths of at most {cutoff} steps"


def brokers(
    graph: igraph.Graph,
    partition: Partition | None = None,
    limit: int = 20,
    min_communities: int = 2,
    min_participation: float = 0.5,
    schemata: tuple[str, ...] | None = PARTIES,
    seed: int = 0,
) -> list[Broker]:
    """Nodes (of the given schemata; persons and organisations by default) that tie at least
    ``min_communities`` communities and either have a participation coefficient of at least
    ``min_participation`` or are articulation points. Ranked by communities tied, then
    articulation, participation, ties and id."""
    partition = partition or communities(graph, seed=seed)
    ties = tie_graph(graph)
    cut = set(ties.articulation_points())
    membership = partition.membership
    adjacency = ties.get_adjlist()
    found = []
    for vertex in candidates(graph, schemata):
        neighbours = adjacency[vertex]
        if len(neighbours) < min_communities:
            continue
        counts = Counter(membership[u] for u in neighbours)
        if len(counts) < min_communities:
            continue
        share = 1.0 - sum((n / len(neighbours)) ** 2 for n in counts.values())
        if vertex in cut or share >= min_participation:
            found.append(
                Broker(
                    node=node_fact(graph, vertex),
                    degree=len(neighbours),
                    community=membership[vertex],
                    ties=tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
                    participation=round(share, 6),
                    articulation=vertex in cut,
                )
            )
    found.sort(key=_broker_rank)
    return found[:limit]


def _broker_rank(broker: Broker) -> tuple[int, bool, float, int, str]:
    return (
        -len(broker.ties),
        not broker.articulation,
        -broker.participation,
        -broker.degree,
        broker.node.id,
    )


def candidates(graph: igraph.Graph, schemata: tuple[str, ...] | None) -> list[int]:
    """Vertices whose schema is (a descendant of) one of ``schemata``; all for None."""
    kinds = graph.vs["schema"]
    wanted = {schema for schema in set(kinds) if is_schema(schema, schemata)}
    return [v for v, schema in enumerate(kinds) if schema in wanted]
