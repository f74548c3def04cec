"""Centrality and brokers: who ties the network together."""

from dataclasses import replace

import igraph

from verweven.graph import betweenness, brokers, centrality, tie_graph
from verweven.graph.centrality import DEFAULT_SAMPLES, EXACT_LIMIT


def test_the_go_between_has_the_highest_betweenness(network: igraph.Graph) -> None:
    found = centrality(network, limit=3)
    assert [score.node.id for score in found.by_betweenness] == ["x", "c_a", "c_b"]
    assert found.by_betweenness[0].score == 24.0
    assert found.betweenness_method == "exact"


def test_pagerank_ranks_every_asked_schema_only(network: igraph.Graph) -> None:
    found = centrality(network, schemata=("Company",))
    assert sorted(score.node.id for score in found.by_pagerank) == ["c_a", "c_b"]


def test_betweenness_with_a_cutoff_counts_short_paths_only() -> None:
    chain = igraph.Graph(n=5, edges=[(0, 1), (1, 2), (2, 3), (3, 4)])
    scores, method = betweenness(chain, cutoff=2)
    assert (scores, method) == ([0.0, 1.0, 1.0, 1.0, 0.0], "shortest paths of at most 2 steps")


def test_sampled_betweenness_is_scaled_to_the_whole_network(network: igraph.Graph) -> None:
    ties = tie_graph(network)
    exact, _ = betweenness(ties)
    estimate, method = betweenness(ties, samples=ties.vcount() - 1, seed=1)
    assert method.startswith("estimated from the paths of 11 random sources")
    assert max(estimate) > 0 and estimate.index(max(estimate)) == exact.index(max(exact))


def test_a_large_network_gets_the_seeded_estimate_by_default() -> None:
    # Two stars of 1,500 leaves joined by a bridge path hub_a - m - hub_b: the hubs and the
    # node between them carry nearly every shortest path, as a landlord's address does.
    size = 1_500
    edges = [(0, i) for i in range(3, size + 3)] + [(1, i) for i in range(size + 3, 2 * size + 3)]
    ties = igraph.Graph(n=2 * size + 3, edges=[*edges, (0, 2), (2, 1)])
    assert ties.vcount() > EXACT_LIMIT
    scores, method = betweenness(ties)
    assert method == f"estimated from the paths of {DEFAULT_SAMPLES} random sources (seed 0)"
    first, second, third = sorted(range(ties.vcount()), key=lambda v: -scores[v])[:3]
    assert {first, second} == {0, 1} and third == 2  # as exact betweenness ranks them
    assert betweenness(ties) == (scores, method)  # the same sources every time
    assert max(scores[3:]) == 0.0


def test_the_go_between_is_the_first_broker(network: igraph.Graph) -> None:
    first = brokers(network)[0]
    assert (first.node.id, first.articulation) == ("x", True)
    assert len(first.ties) == 3
    assert "ties 3 communities" in first.explanation


def test_a_broker_names_its_five_largest_communities_only(network: igraph.Graph) -> None:
    first = brokers(network)[0]
    many = replace(first, ties=tuple((c, 1) for c in range(8)))
    assert "community 4: 1, 3 more)" in many.explanation


def test_addresses_are_no_brokers_by_default(network: igraph.Graph) -> None:
    schemata = {broker.node.schema for broker in brokers(network, min_participation=0.0)}
    assert "Address" not in schemata


def test_a_family_on_its_own_has_no_brokers() -> None:
    triangle = igraph.Graph(n=3, edges=[(0, 1), (1, 2), (2, 0)], directed=True)
    triangle.vs["name"] = ["p1", "p2", "p3"]
    triangle.vs["schema"] = ["Person"] * 3
    triangle.vs["caption"] = ["P1", "P2", "P3"]
    triangle.vs["datasets"] = [("brp",)] * 3
    triangle.vs["stub"] = [False] * 3
    assert brokers(triangle) == []
