"""The network around a case's subjects, for the case file and for choosing subjects.

Read through one function, ``case_network``: a local read around the subjects (graph.local_graph,
one audited read of the entities within ``hops`` steps), never the reader's whole network."""

from collections.abc import Collection, Sequence

import igraph

from verweven.access import Actor
from verweven.errors import NotFoundError
from verweven.graph import find_vertex, local_graph, neighbourhood
from verweven.store import Store

HOPS = 1
MAX_NODES = 60
"""A picture of more nodes is unreadable on paper: the nearest ones are kept."""


def case_network(
    store: Store, actor: Actor, subjects: Sequence[str], hops: int = HOPS
) -> igraph.Graph:
    """The subjects and everything within ``hops`` steps of them in the actor's network (one
    audited read), at most ``MAX_NODES`` nodes; empty when no subject is in the network."""
    if not subjects:
        return igraph.Graph(directed=True)
    return neighbourhood_of(local_graph(store, actor, subjects, hops), subjects, hops)


def neighbourhood_of(graph: igraph.Graph, subjects: Sequence[str], hops: int) -> igraph.Graph:
    """The subgraph of ``graph`` around ``subjects``: each subject's neighbourhood (graph
    explore), joined, nearest nodes first, at most MAX_NODES."""
    ordered: dict[int, None] = {}
    for subject in subjects:
        try:
            around = neighbourhood(graph, subject, hops)
        except NotFoundError:  # a subject without any tie is not in the network
            continue
        ordered |= dict.fromkeys(find_vertex(graph, node.id) for node in around.nodes)
    return _subgraph(graph, sorted(list(ordered)[:MAX_NODES]))


def exportable_part(graph: igraph.Graph, exportable: Collection[str]) -> igraph.Graph:
    """What of the network may leave verweven: nodes some exportable delivery knows, and
    edges that rest on exportable deliveries only."""
    allowed = set(exportable)
    if not graph.vcount():
        return graph
    keep = [v.index for v in graph.vs if allowed & set(v["datasets"])]
    sub = _subgraph(graph, keep)
    sub.delete_edges([e.index for e in sub.es if not set(e["datasets"]) <= allowed])
    return sub


def _subgraph(graph: igraph.Graph, vertices: list[int]) -> igraph.Graph:
    sub = graph.induced_subgraph(vertices, implementation="create_from_scratch")
    for name in graph.attributes():
        sub[name] = graph[name]
    return sub
