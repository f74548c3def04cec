"""The network near a few entities, built from a local read instead of the whole network.

``build_graph`` reads every statement a reader may see: right for signals and the regional
picture, seconds too slow for a page. ``local_graph`` asks the store for the statements
within a few steps of some entities (``Store.read_around``, one audited read) and builds them
with the same builder, so within ``hops`` steps of the centres it is the network
``build_graph`` gives: the same nodes, edges, kinds and evidence. Beyond that it holds
fragments (entities seen through one statement), so walk it no further than ``hops``.

With ``fan`` an entity beyond the centres that more than ``fan`` records name (a bank, a
busy address) is drawn with the edges that reached it but not expanded; the graph attribute
``unexpanded`` says, per such entity, how many records naming it were not read.
"""

from collections.abc import Sequence

import igraph

from verweven.access import Actor
from verweven.graph.build import graph_from_statements
from verweven.graph.derive import graph_props
from verweven.store import LocalRead, Store


def local_graph(
    store: Store, reader: Actor, centres: Sequence[str], hops: int, fan: int | None = None
) -> igraph.Graph:
    """The reader's network within ``hops`` steps of the canonical ids ``centres``."""
    read = store.read_around(reader, centres, hops, graph_props(), fan)
    graph = graph_of(read, reader)
    graph["hops"] = hops
    return graph


def graph_of(read: LocalRead, reader: Actor) -> igraph.Graph:
    """The network of what a local read gave, with build_graph's attributes: the datasets
    the read could use, and for whom it was built."""
    graph = graph_from_statements(read.table)
    graph["datasets"] = list(read.datasets)
    graph["purpose"] = reader.purpose
    graph["user"] = reader.user
    graph["unexpanded"] = dict(read.unexpanded)
    return graph
