"""The network: canonical entities as nodes, FtM relationships and references as edges.

Built in memory with igraph for one reader (``build_graph``); every edge keeps the statements
that support it and their datasets. Analyses return plain dataclasses with explanations;
exports write GEXF, Cypher and FtM. See docs/graph.md.
"""

from verweven.graph.build import build_graph, graph_from_statements
from verweven.graph.centrality import (
    Broker,
    Centrality,
    NodeScore,
    betweenness,
    brokers,
    centrality,
)
from verweven.graph.explore import (
    Hop,
    Neighbourhood,
    Path,
    Paths,
    neighbourhood,
    neighbourhood_graph,
    shortest_paths,
)
from verweven.graph.export import write_cypher, write_ftm, write_gexf
from verweven.graph.facts import EdgeFact, NodeFact, edge_fact, find_vertex, node_fact
from verweven.graph.groups import Group, Partition, communities, components, tie_graph
from verweven.graph.local import graph_of, local_graph

__all__ = [
    "Broker",
    "Centrality",
    "EdgeFact",
    "Group",
    "Hop",
    "Neighbourhood",
    "NodeFact",
    "NodeScore",
    "Partition",
    "Path",
    "Paths",
    "betweenness",
    "brokers",
    "build_graph",
    "centrality",
    "communities",
    "components",
    "edge_fact",
    "find_vertex",
    "graph_from_statements",
    "graph_of",
    "local_graph",
    "neighbourhood",
    "neighbourhood_graph",
    "node_fact",
    "shortest_paths",
    "tie_graph",
    "write_cypher",
    "write_ftm",
    "write_gexf",
]
