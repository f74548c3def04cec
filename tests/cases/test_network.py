"""The network around a case's subjects (the case file's picture): each subject's
neighbourhood joined, and in an exported file only what exportable deliveries show."""

import igraph

from tests.graph.conftest import network_statements, table_of
from verweven.cases.network import exportable_part, neighbourhood_of
from verweven.graph import graph_from_statements


def example() -> igraph.Graph:
    return graph_from_statements(table_of(network_statements()))


def test_the_neighbourhoods_of_the_subjects_are_joined() -> None:
    around = neighbourhood_of(example(), ["a1", "b1"], hops=1)
    names = set(around.vs["name"])
    assert {"a1", "b1", "a2", "b2", "c_a", "c_b"} <= names
    assert "x" not in names and "v1" not in names  # two steps away, and unrelated


def test_a_subject_without_ties_gives_an_empty_picture() -> None:
    assert neighbourhood_of(example(), ["not-there"], hops=1).vcount() == 0


def test_an_exported_picture_holds_only_what_exportable_deliveries_show() -> None:
    around = neighbourhood_of(example(), ["a1"], hops=1)
    kept = exportable_part(around, {"brp"})
    assert kept.vcount() and all("brp" in v["datasets"] for v in kept.vs)
    assert all(set(e["datasets"]) <= {"brp"} for e in kept.es)
    assert "c_a" not in set(kept.vs["name"])  # the firm only the KvK knows
