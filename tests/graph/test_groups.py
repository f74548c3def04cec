"""Connected components and Leiden communities."""

import igraph

from verweven.graph import communities, components, tie_graph


def test_components_come_largest_first(network: igraph.Graph) -> None:
    found = components(network)
    assert [group.size for group in found] == [10, 2]
    assert found[1].node_ids == ("v1", "z")


def test_component_explains_what_it_holds(network: igraph.Graph) -> None:
    small = components(network)[1]
    assert small.explanation == (
        "group 1: 2 entities (1 Person, 1 Vehicle) tied by 1 relationship; best connected: GZ123X"
    )


def test_tie_graph_collapses_parallel_edges_into_a_weight() -> None:
    graph = igraph.Graph(n=2, edges=[(0, 1), (1, 0)], directed=True)
    ties = tie_graph(graph)
    assert (ties.ecount(), ties.es[0]["weight"], ties.is_directed()) == (1, 2.0, False)


def test_communities_separate_the_two_families(network: igraph.Graph) -> None:
    found = communities(network)
    community = dict(zip(network.vs["name"], found.membership, strict=True))
    assert community["a1"] == community["a2"] == community["c_a"] == community["adr_a"]
    assert community["b1"] == community["b2"] == community["c_b"] == community["adr_b"]
    assert community["a1"] != community["b1"]


def test_communities_are_the_same_for_the_same_seed(network: igraph.Graph) -> None:
    assert communities(network, seed=3).membership == communities(network, seed=3).membership


def test_communities_are_numbered_largest_first(network: igraph.Graph) -> None:
    sizes = [group.size for group in communities(network).communities]
    assert sizes == sorted(sizes, reverse=True)
