"""Neighbourhoods and shortest paths, with the facts behind every step."""

import igraph
import pytest

from verweven.errors import NotFoundError
from verweven.graph import neighbourhood, neighbourhood_graph, shortest_paths


def test_neighbourhood_lists_nodes_by_distance(network: igraph.Graph) -> None:
    found = neighbourhood(network, "a1", hops=1)
    assert [[n.id for n in layer] for layer in found.layers] == [
        ["a1"],
        ["a2", "c_a", "adr_a"],
    ]  # by caption


def test_neighbourhood_keeps_every_edge_between_its_nodes(network: igraph.Graph) -> None:
    found = neighbourhood(network, "a1", hops=1)
    pairs = {(e.source, e.target) for e in found.edges}
    assert pairs == {("a1", "a2"), ("a1", "c_a"), ("a1", "adr_a"), ("a2", "c_a"), ("a2", "adr_a")}


def test_neighbourhood_explains_itself(network: igraph.Graph) -> None:
    found = neighbourhood(network, "z", hops=2)
    assert found.explanation == (
        "1 entity within 2 steps of Zoë Zand, tied by 1 relationship from 1 dataset (rdw)"
    )


def test_unknown_entity_is_not_found(network: igraph.Graph) -> None:
    with pytest.raises(NotFoundError, match="nobody"):
        neighbourhood(network, "nobody")


def test_shortest_path_gives_the_facts_of_every_step(network: igraph.Graph) -> None:
    found = shortest_paths(network, "a1", "b1")
    [path] = found.paths
    assert found.length == 4
    assert [n.id for n in path.nodes] == ["a1", "c_a", "x", "c_b", "b1"]
    assert [hop.edges[0].sentence for hop in path.hops] == [
        "Anna Akkerman owns Akkerman Holding BV (percentage held: 100) [2019-03-01 – …]",
        "Xander de Notaris directs Akkerman Holding BV",
        "Xander de Notaris directs Bakker Handel BV",
        "Bert Bakker owns Bakker Handel BV (percentage held: 100)",
    ]
    assert path.hops[0].edges[0].datasets == ("kvk",)
    assert len(path.hops[0].edges[0].statements) == 4  # owner, asset, percentage, start date


def test_every_equally_short_path_is_given_in_id_order(network: igraph.Graph) -> None:
    found = shortest_paths(network, "adr_a", "c_a")
    assert [[n.id for n in p.nodes] for p in found.paths] == [
        ["adr_a", "a1", "c_a"],
        ["adr_a", "a2", "c_a"],
    ]


def test_paths_beyond_the_limit_are_reported_as_truncated(network: igraph.Graph) -> None:
    found = shortest_paths(network, "adr_a", "c_a", limit=1)
    assert (len(found.paths), found.truncated) == (1, True)


def test_unconnected_entities_have_no_path(network: igraph.Graph) -> None:
    found = shortest_paths(network, "a1", "z")
    assert (found.length, found.paths) == (None, ())
    assert found.explanation == "Anna Akkerman and Zoë Zand are not connected"


def test_neighbourhood_graph_keeps_the_attributes(network: igraph.Graph) -> None:
    sub = neighbourhood_graph(network, "v1", hops=1)
    assert sub.vs["name"] == ["v1", "z"]
    assert sub.es[0]["kind"] == "Vehicle:owner"
