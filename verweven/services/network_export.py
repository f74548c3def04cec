"""A network view written out — the neighbourhood of an entity plus the neighbourhoods a
reader expanded — as GEXF (Gephi) or FollowTheMoney JSON lines.

Both are exports: the store allows them only when every delivery in the view may leave for
this purpose and case, and records them in the audit log as exports (``Action.EXPORT``),
before anything is written. The FtM entities come from the store's own export (assembled from
statements that may leave), not from a read.
"""

from collections.abc import Sequence
from enum import StrEnum
from typing import TextIO

import igraph

from verweven.access import Action, Actor
from verweven.graph import build_graph, find_vertex, neighbourhood, write_ftm, write_gexf
from verweven.store import Store


class ViewFormat(StrEnum):
    GEXF = "gexf"
    FTM = "ftm"


def view_graph(
    store: Store, reader: Actor, center: str, hops: int, expanded: Sequence[str] = ()
) -> igraph.Graph:
    """The reader's network cut to what a view shows: ``center`` with ``hops`` steps, and
    each entity of ``expanded`` with one step (same attributes as the network)."""
    graph = build_graph(store, reader)
    members = {node.id for node in neighbourhood(graph, center, hops).nodes}
    for node_id in dict.fromkeys(expanded):
        members |= {node.id for node in neighbourhood(graph, node_id, 1).nodes}
    vertices = sorted(find_vertex(graph, node_id) for node_id in members)
    sub = graph.induced_subgraph(vertices, implementation="create_from_scratch")
    for name in graph.attributes():
        sub[name] = graph[name]
    return sub


def export_view(
    store: Store,
    reader: Actor,
    graph: igraph.Graph,
    format: ViewFormat,
    destination: str,
    out: TextIO,
) -> int:
    """Write a view's graph to ``out`` after the store allowed and audited the export to
    ``destination``; returns how many nodes (GEXF) or entities (FtM) were written."""
    nodes = graph.vs["datasets"] if graph.vcount() else []
    edges = graph.es["datasets"] if graph.ecount() else []
    datasets = sorted({d for found in (*nodes, *edges) for d in found})
    if format is ViewFormat.GEXF or set(datasets) - set(
        store.permitted_datasets(reader, Action.EXPORT)
    ):
        # The store allows and audits it — or refuses, audited, naming what may not leave.
        store.record_export(reader, destination, datasets, graph.vs["name"])
    if format is ViewFormat.GEXF:
        write_gexf(graph, out)
        return int(graph.vcount())
    return write_ftm(graph, store, reader, out, destination)
