"""GEXF, Cypher and FtM exports."""

import io
import json
import xml.etree.ElementTree as ET

import igraph
import pytest

from tests.graph.conftest import reader
from verweven.graph import build_graph, neighbourhood_graph, write_cypher, write_ftm, write_gexf
from verweven.graph.export import cypher_value, relationship_type
from verweven.store import Store

GEXF = "{http://www.gexf.net/1.2draft}"


def gexf_of(graph: igraph.Graph) -> ET.Element:
    out = io.StringIO()
    write_gexf(graph, out)
    return ET.fromstring(out.getvalue())


def test_gexf_has_every_node_and_edge(network: igraph.Graph) -> None:
    root = gexf_of(network)
    assert (root.tag, root.get("version")) == (f"{GEXF}gexf", "1.2")
    nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    edges = root.findall(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
    assert (len(nodes), len(edges)) == (network.vcount(), network.ecount())


def test_gexf_edges_point_at_declared_nodes_and_attributes(network: igraph.Graph) -> None:
    root = gexf_of(network)
    ids = {node.get("id") for node in root.iter(f"{GEXF}node")}
    declared = {(a.get("id")) for a in root.iter(f"{GEXF}attribute")}
    assert all({e.get("source"), e.get("target")} <= ids for e in root.iter(f"{GEXF}edge"))
    assert {value.get("for") for value in root.iter(f"{GEXF}attvalue")} <= declared


def test_gexf_keeps_markup_in_captions_as_text() -> None:
    graph = igraph.Graph(n=1, directed=True)
    graph.vs["name"], graph.vs["caption"] = ["p1"], ['Bakker & "Zn" <BV>\x01']
    graph.vs["schema"], graph.vs["datasets"], graph.vs["stub"] = ["Company"], [("kvk",)], [False]
    [node] = gexf_of(graph).iter(f"{GEXF}node")
    assert node.get("label") == 'Bakker & "Zn" <BV>'


def test_cypher_creates_every_node_and_edge(network: igraph.Graph) -> None:
    out = io.StringIO()
    write_cypher(network, out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("CREATE (:Entity:") for line in lines) == network.vcount()
    assert sum(line.startswith("MATCH ") for line in lines) == network.ecount()
    assert any("[:`OWNERSHIP` {`label`: 'owns'" in line for line in lines)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("O'Neil", "'O\\'Neil'"),
        ("C:\\pad", "'C:\\\\pad'"),
        ("a\nb", "'a\\nb'"),
        (("kvk", "brp"), "['kvk', 'brp']"),
        (None, "null"),
    ],
)
def test_cypher_values_are_escaped(value: object, literal: str) -> None:
    assert cypher_value(value) == literal


def test_relationship_types_come_from_the_edge_kind() -> None:
    assert relationship_type("Ownership") == "OWNERSHIP"
    assert relationship_type("Thing:addressEntity") == "ADDRESS_ENTITY"


def test_ftm_export_writes_the_node_and_relationship_entities(stored: Store) -> None:
    around = neighbourhood_graph(build_graph(stored, reader(stored)), "z", hops=1)
    out = io.StringIO()
    assert write_ftm(around, stored, reader(stored), out, "test") == 2
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(e["id"], e["schema"], e["datasets"]) for e in entities] == [
        ("v1", "Vehicle", ["rdw"]),
        ("z", "Person", ["brp"]),
    ]


def test_ftm_export_includes_the_relationship_entities(stored: Store) -> None:
    around = neighbourhood_graph(build_graph(stored, reader(stored)), "x", hops=1)
    out = io.StringIO()
    write_ftm(around, stored, reader(stored), out, "test")
    ids = [json.loads(line)["id"] for line in out.getvalue().splitlines()]
    assert ids == ["adr_x", "c_a", "c_b", "d_xa", "d_xb", "w_x", "x"]
