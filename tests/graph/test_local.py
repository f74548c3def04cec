"""The local read gives, within its hops, exactly the network the whole-network build gives:
for random centres and 1-3 hops, on both backends, for a reader who sees everything and for
one whose view hides a dataset (so a cluster splits and some references lose their entity)."""

import hashlib
import random
from typing import Any

import igraph
import pyarrow as pa
import pytest

from tests.factories import analyst, load, make_actor, make_dataset, register, resolver
from tests.graph.conftest import reader as graph_reader
from verweven.access import Actor, Role
from verweven.graph import (
    build_graph,
    local_graph,
    neighbourhood,
    neighbourhood_graph,
    shortest_paths,
)
from verweven.graph.facts import every_edge_statements
from verweven.model import BASE_ID, Statement
from verweven.services import network
from verweven.store import Store

SEED = 13
DATASETS = {
    "brp": ("riec_casus", "bibob"),
    "kvk": ("riec_casus", "bibob"),
    "politie": ("riec_casus",),
}


def _entity(entity_id: str, dataset: str, schema: str, **props: str | list[str]) -> list[Statement]:
    stmts = [Statement(entity_id, BASE_ID, schema, entity_id, dataset)]
    for prop, values in props.items():
        for value in [values] if isinstance(values, str) else values:
            stmts.append(Statement(entity_id, prop, schema, value, dataset))
    return stmts


def _random_network(rng: random.Random) -> dict[str, list[Statement]]:
    """Persons with records in all three datasets, companies, addresses, vehicles, and every
    kind of tie the builder knows: relationships, references, relationships missing an end,
    references to records nobody delivered."""
    persons = [f"p{i}" for i in range(30)]
    companies = [f"c{i}" for i in range(12)]
    addresses = [f"a{i}" for i in range(8)]
    stmts: dict[str, list[Statement]] = {name: [] for name in DATASETS}
    for p in persons:
        stmts["brp"] += _entity(
            p, "brp", "Person", name=f"Persoon {p}", addressEntity=rng.choice(addresses)
        )
    for p in persons[:10]:  # the same persons as the police and the KvK know them
        stmts["politie"] += _entity(f"pol_{p}", "politie", "Person", name=f"P. {p}")
        stmts["kvk"] += _entity(f"kvk_{p}", "kvk", "Person", name=f"{p} (kvk)")
    for c in companies:
        stmts["kvk"] += _entity(
            c, "kvk", "Company", name=f"Bedrijf {c} BV", addressEntity=rng.choice(addresses)
        )
    for a in addresses:
        stmts["brp"] += _entity(a, "brp", "Address", full=f"Straat {a}")
    people = persons + [f"kvk_{p}" for p in persons[:10]] + [f"pol_{p}" for p in persons[:10]]
    for i in range(25):
        owner = rng.choice(people[:30] + companies)
        stmts["kvk"] += _entity(
            f"own{i}",
            "kvk",
            "Ownership",
            owner=owner,
            asset=rng.choice(companies),
            percentage=str(rng.randint(1, 100)),
            startDate=f"20{rng.randint(10, 24)}-01-01",
        )
    for i in range(20):
        stmts["kvk"] += _entity(
            f"dir{i}",
            "kvk",
            "Directorship",
            director=rng.choice(people[:40]),
            organization=rng.choice(companies),
            role="bestuurder",
        )
    for i in range(15):
        stmts["politie"] += _entity(
            f"pay{i}",
            "politie",
            "Payment",
            payer=rng.choice(people + companies),
            beneficiary=rng.choice(people + companies),
            amountEur="1000",
        )
    for i in range(8):
        stmts["brp"] += _entity(
            f"fam{i}",
            "brp",
            "Family",
            person=rng.choice(persons),
            relative=rng.choice(persons),
            relationship="partner",
        )
    for i in range(6):
        stmts["politie"] += _entity(
            f"v{i}", "politie", "Vehicle", registrationNumber=f"GZ{i}", owner=rng.choice(people)
        )
    # A record nobody delivered, an ownership missing its asset, a two-owner ownership.
    stmts["kvk"] += _entity("own_ghost", "kvk", "Ownership", owner=persons[0], asset="c_missing")
    stmts["kvk"] += _entity("own_half", "kvk", "Ownership", owner=persons[1])
    stmts["kvk"] += _entity(
        "own_two", "kvk", "Ownership", owner=[persons[2], "kvk_p3"], asset=companies[0]
    )
    stmts["politie"] += _entity("pay_self", "politie", "Payment", payer="pol_p4", beneficiary="p4")
    return stmts


def _resolve(store: Store) -> None:
    """Merge each of the first ten persons' three records. For p0-p4 the BRP and KvK records
    are linked only through the police record, so a reader without it sees them apart."""
    rows, links = [], []
    for i in range(10):
        members = [f"p{i}", f"kvk_p{i}", f"pol_p{i}"]
        cluster = "nl-person-" + hashlib.sha1(min(members).encode()).hexdigest()[:16]
        rows += [(m, cluster) for m in members]
        if i < 5:
            links += [(f"kvk_p{i}", f"pol_p{i}"), (f"p{i}", f"pol_p{i}")]
        else:
            links += [(f"kvk_p{i}", f"p{i}"), (f"p{i}", f"pol_p{i}")]
    mapping = pa.table({"entity_id": [r[0] for r in rows], "canonical_id": [r[1] for r in rows]})
    linked = pa.table({
        "left_id": [a for a, _ in links], "right_id": [b for _, b in links],
        "origin": pa.array([3] * len(links), pa.int8()), "weight": [0.99] * len(links),
    })  # fmt: skip
    store.apply_canonical_ids(mapping, resolver(store), linked)


@pytest.fixture
def random_network(store: Store) -> Store:
    by_dataset = _random_network(random.Random(SEED))
    for name, purposes in DATASETS.items():
        register(store, make_dataset(name, name, purposes))
        load(store, by_dataset[name], dataset=name)
    _resolve(store)
    return store


def _described(graph: igraph.Graph) -> tuple[list[Any], list[Any]]:
    """A graph as plain, comparable values: nodes with their attributes, edges by end names."""
    names = graph.vs["name"]
    nodes = sorted(
        (v["name"], v["schema"], v["caption"], tuple(v["datasets"]), v["stub"]) for v in graph.vs
    )
    evidence = every_edge_statements(graph)
    edges = sorted(
        (names[e.source], names[e.target], e["kind"], e["label"], e["directed"], e["entity"],
         evidence[e.index], tuple(e["datasets"]), e["start"], e["end"], e["detail"])
        for e in graph.es
    )  # fmt: skip
    return nodes, edges


def _readers(store: Store) -> list[Actor]:
    return [analyst(store), make_actor(store, Role.BIBOB, purpose="bibob", case="BIBOB-1")]


def test_the_local_network_is_the_whole_network_within_its_hops(random_network: Store) -> None:
    rng = random.Random(SEED)
    for reader in _readers(random_network):
        whole = build_graph(random_network, reader)
        for centre in rng.sample(sorted(whole.vs["name"]), 6):
            for hops in (1, 2, 3):
                local = local_graph(random_network, reader, [centre], hops)
                expected = _described(neighbourhood_graph(whole, centre, hops))
                assert _described(neighbourhood_graph(local, centre, hops)) == expected, (
                    f"{reader.purpose}: {centre}, {hops} hops"
                )


def test_a_split_cluster_is_read_locally_as_its_parts(random_network: Store) -> None:
    bibob = _readers(random_network)[1]
    whole = build_graph(random_network, bibob)
    kvk_part = "kvk_p0"  # p0's KvK record, apart from the BRP record for this reader
    assert kvk_part in whole.vs["name"]
    local = local_graph(random_network, bibob, [kvk_part], 2)
    assert _described(neighbourhood_graph(local, kvk_part, 2)) == _described(
        neighbourhood_graph(whole, kvk_part, 2)
    )
    assert "pol_p0" not in local.vs["name"]


def test_the_local_read_reads_less_than_the_whole_network(random_network: Store) -> None:
    reader = analyst(random_network)
    read = random_network.read_around(reader, ["a0"], 1)
    assert 0 < read.table.num_rows < random_network.count_statements(reader)


def test_a_local_read_is_one_audit_event_naming_what_it_read(random_network: Store) -> None:
    reader = analyst(random_network)
    auditor = make_actor(random_network, Role.AUDITOR, purpose="toezicht")
    read = random_network.read_around(reader, ["c0"], 2)
    events = random_network.list_audit_events(auditor, action="read")
    [event] = [e for e in events if e.target == "neighbourhood"]
    assert (event.actor, event.target, event.result_size) == (
        reader.user,
        "neighbourhood",
        read.table.num_rows,
    )
    ids = random_network.audit_event_ids(auditor, event.id)
    assert set(read.table.column("entity_id").to_pylist()) | {"c0"} == set(ids)


def test_paths_read_around_both_ends_find_the_whole_networks_shortest_paths(
    stored: Store,
) -> None:
    reader = graph_reader(stored)
    whole = shortest_paths(build_graph(stored, reader), "a1", "b1", limit=10)
    found = network.paths(stored, reader, "a1", "b1", limit=10)
    assert found.length == whole.length == 4  # a1, c_a, x, c_b, b1: read 2 steps around each
    assert [[n.id for n in p.nodes] for p in found.paths] == [
        [n.id for n in p.nodes] for p in whole.paths
    ]


def test_entities_further_apart_than_the_search_are_not_connected_within_it(
    stored: Store,
) -> None:
    found = network.paths(stored, graph_reader(stored), "a1", "b1", max_steps=2)
    assert (found.length, found.paths, found.searched) == (None, (), 2)
    assert found.explanation.endswith("are not connected within 2 steps")


def test_a_hub_beyond_the_centre_is_drawn_but_not_expanded(random_network: Store) -> None:
    """With a fan of 3 an address that more records name is drawn with the edge that reached
    it and the count of what was not read; what is drawn is the whole network's, and the
    audit names only what was read."""
    reader = analyst(random_network)
    auditor = make_actor(random_network, Role.AUDITOR, purpose="toezicht")
    whole = build_graph(random_network, reader)
    hubs = {v["name"] for v in whole.vs if v["schema"] == "Address" and v.degree() > 4}
    centre = next(
        v["name"] for v in whole.vs
        if v["schema"] == "Person" and {n["name"] for n in v.neighbors()} & hubs
    )  # fmt: skip
    full = neighbourhood(local_graph(random_network, reader, [centre], 2), centre, 2)
    capped_graph = local_graph(random_network, reader, [centre], 2, fan=3)
    capped = neighbourhood(capped_graph, centre, 2)
    expected = neighbourhood(whole, centre, 2)
    assert {n.id for n in full.nodes} == {n.id for n in expected.nodes}
    assert {n.id for n in capped.nodes} < {n.id for n in full.nodes}
    drawn_hubs = hubs & {n.id for n in capped.layers[1]}
    assert drawn_hubs and drawn_hubs <= set(capped.unexpanded)
    # What is drawn is true: every node and edge as the whole network has it.
    nodes, edges = _described(neighbourhood_graph(capped_graph, centre, 2))
    whole_nodes, whole_edges = _described(whole)
    assert set(nodes) <= set(whole_nodes) and set(edges) <= set(whole_edges)
    # "N meer": the records naming the hub that were not read.
    [event] = [e for e in random_network.list_audit_events(auditor, action="read")
               if e.target == "neighbourhood" and '"fan": 3' in e.scope]  # fmt: skip
    read = set(random_network.audit_event_ids(auditor, event.id))
    for hub in drawn_hubs:
        naming = {
            row[0] for row in random_network._fetchall(
                "SELECT DISTINCT s.entity_id FROM statements s JOIN canonical_ids c "
                "ON c.entity_id = s.value WHERE c.canonical_id = ? AND s.prop_type = 'entity'",
                (hub,),
            )
        } | {
            row[0] for row in random_network._fetchall(
                "SELECT DISTINCT entity_id FROM statements WHERE value = ? "
                "AND prop_type = 'entity'", (hub,),
            )
        }  # fmt: skip
        assert capped.unexpanded[hub] == len(naming - read) > 0
