"""Building the network from the store: nodes, edges, evidence, access and resolution."""

import pyarrow as pa

from tests.factories import make_actor, make_entity, resolver
from tests.graph.conftest import edge_between, reader, write_network
from verweven.access import Role
from verweven.graph import build_graph
from verweven.graph.facts import edge_statements
from verweven.store import Store


def test_every_entity_is_a_node_and_every_relationship_an_edge(stored: Store) -> None:
    graph = build_graph(stored, reader(stored))
    assert (graph.vcount(), graph.ecount()) == (12, 14)
    assert graph.vs.find(name="c_a")["caption"] == "Akkerman Holding BV"
    assert "o_a" not in graph.vs["name"]  # an Ownership is an edge, not a node


def test_ownership_edge_keeps_its_statements_and_dataset(stored: Store) -> None:
    graph = build_graph(stored, reader(stored))
    edge = edge_between(graph, "a1", "c_a")
    stored_ids = {s.id for s in stored.get_statements(reader(stored), "o_a") if s.prop != "id"}
    assert (edge["kind"], edge["label"], edge["entity"]) == ("Ownership", "owns", "o_a")
    assert set(edge_statements(graph, edge.index)) == stored_ids
    assert edge["datasets"] == ("kvk",)


def test_relationship_dates_and_details_are_kept(stored: Store) -> None:
    edge = edge_between(build_graph(stored, reader(stored)), "a1", "c_a")
    assert (edge["start"], edge["end"], edge["detail"]) == (
        "2019-03-01",
        None,
        "percentage held: 100",
    )


def test_residence_reads_as_an_undirected_woonadres_link(stored: Store) -> None:
    edge = edge_between(build_graph(stored, reader(stored)), "a1", "adr_a")
    assert (edge["kind"], edge["detail"], edge["directed"]) == (
        "UnknownLink",
        "role: woonadres",
        False,
    )


def test_an_entity_property_becomes_an_edge(stored: Store) -> None:
    edge = edge_between(build_graph(stored, reader(stored)), "v1", "z")
    assert (edge["kind"], edge["label"], edge["entity"]) == ("Vehicle:owner", "Owner", None)
    assert edge["datasets"] == ("rdw",)


def test_the_network_holds_only_what_the_purpose_may_see(stored: Store) -> None:
    graph = build_graph(stored, make_actor(stored, Role.BIBOB, purpose="bibob"))
    assert sorted(graph.vs["name"]) == ["v1", "z"]
    assert graph["purpose"] == "bibob"


def test_a_referenced_entity_the_purpose_cannot_see_is_a_stub(stored: Store) -> None:
    holder = build_graph(stored, make_actor(stored, Role.BIBOB, purpose="bibob")).vs.find(name="z")
    assert (holder["stub"], holder["schema"], holder["caption"]) == (True, "LegalEntity", "z")


def test_building_is_one_audited_read_for_the_purpose(stored: Store) -> None:
    analyst = reader(stored)
    auditor = make_actor(stored, Role.AUDITOR, purpose="toezicht")
    before = len(stored.list_audit_events(auditor))
    build_graph(stored, analyst)
    # After the first listing's own event: the network's one streamed read, audited by its
    # scope when it opens and by the rows it gave when it ends.
    opened, ended = stored.list_audit_events(auditor)[before + 1 :]
    for event in (opened, ended):
        assert (event.action, event.purpose, event.actor) == (
            "read_bulk",
            "riec_casus",
            analyst.user,
        )
    assert ended.detail == f"stream of event {opened.id} ended after {ended.result_size} rows"
    assert ended.result_size > 0


def test_resolved_records_are_one_node_with_the_edges_of_both(store: Store) -> None:
    extra = make_entity("a1_kvk", "kvk", name="Anna Akkerman")
    extra += make_entity("d_anna", "kvk", "Directorship", director="a1_kvk", organization="c_b")
    write_network(store, extra)
    mapping = pa.table({"entity_id": ["a1", "a1_kvk"], "canonical_id": ["anna", "anna"]})
    store.apply_canonical_ids(mapping, resolver(store))
    graph = build_graph(store, reader(store))
    anna = graph.vs.find(name="anna")
    assert "a1" not in graph.vs["name"] and "a1_kvk" not in graph.vs["name"]
    assert sorted(v["name"] for v in anna.neighbors()) == ["a2", "adr_a", "c_a", "c_b"]
    assert anna["datasets"] == ("brp", "kvk")


def test_a_relationship_missing_an_end_stays_a_node(store: Store) -> None:
    write_network(store, make_entity("o_half", "kvk", "Ownership", owner="b2"))
    graph = build_graph(store, reader(store))
    edge = edge_between(graph, "o_half", "b2")
    assert graph.vs.find(name="o_half")["schema"] == "Ownership"
    assert (edge["kind"], edge["entity"]) == ("Ownership:owner", None)


def test_an_empty_store_gives_an_empty_network(store: Store) -> None:
    graph = build_graph(store, reader(store))
    assert (graph.vcount(), graph.ecount()) == (0, 0)
