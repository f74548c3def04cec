"""A small network to learn from: two families with a firm each, and the go-between who directs
both firms (a notary), plus a car whose holder has nothing else to do with them.

    adr_a ── a1 ═ a2 ── adr_a          adr_b ── b1 ═ b2 ── adr_b
              │    │                             │    │
           owns  directs                      owns  directs
              └─ c_a ── directs ── x ── directs ── c_b ─┘
                                   │
                                 adr_x                   v1 ── owner ── z
"""

from collections.abc import Iterator

import igraph
import pyarrow as pa
import pytest

from tests.factories import analyst, load, make_dataset, make_entity, register
from verweven.access import Actor
from verweven.graph import graph_from_statements
from verweven.model import Statement
from verweven.store import Store

DATASETS = {"brp": ("riec_casus",), "kvk": ("riec_casus",), "rdw": ("riec_casus", "bibob")}


def residence(link_id: str, person: str, address: str) -> list[Statement]:
    """A person living at an address, as verweven's BRP mapping writes it."""
    return make_entity(
        link_id, "brp", "UnknownLink", subject=person, object=address, role="woonadres"
    )


def brp_statements() -> list[Statement]:
    people = {
        "a1": "Anna Akkerman",
        "a2": "Aart Akkerman",
        "b1": "Bert Bakker",
        "b2": "Bea Bakker",
        "x": "Xander de Notaris",
        "z": "Zoë Zand",
    }
    stmts = [s for pid, name in people.items() for s in make_entity(pid, "brp", name=name)]
    for aid, full in (("adr_a", "Akkerweg 1"), ("adr_b", "Bakkerstraat 2"), ("adr_x", "Plein 3")):
        stmts += make_entity(aid, "brp", "Address", full=full)
    for person, address in (("a1", "adr_a"), ("a2", "adr_a"), ("b1", "adr_b"), ("b2", "adr_b")):
        stmts += residence(f"w_{person}", person, address)
    stmts += residence("w_x", "x", "adr_x")
    for fid, person, relative in (("f_a", "a1", "a2"), ("f_b", "b1", "b2")):
        stmts += make_entity(
            fid, "brp", "Family", person=person, relative=relative, relationship="partner"
        )
    return stmts


def kvk_statements() -> list[Statement]:
    stmts = make_entity("c_a", "kvk", "Company", name="Akkerman Holding BV")
    stmts += make_entity("c_b", "kvk", "Company", name="Bakker Handel BV")
    stmts += make_entity(
        "o_a", "kvk", "Ownership", owner="a1", asset="c_a", percentage="100", startDate="2019-03-01"
    )
    stmts += make_entity("o_b", "kvk", "Ownership", owner="b1", asset="c_b", percentage="100")
    for did, director, company in (
        ("d_a", "a2", "c_a"),
        ("d_b", "b2", "c_b"),
        ("d_xa", "x", "c_a"),
        ("d_xb", "x", "c_b"),
    ):
        stmts += make_entity(did, "kvk", "Directorship", director=director, organization=company)
    return stmts


def rdw_statements() -> list[Statement]:
    return make_entity("v1", "rdw", "Vehicle", registrationNumber="GZ123X", owner="z")


def network_statements() -> list[Statement]:
    return brp_statements() + kvk_statements() + rdw_statements()


def table_of(statements: list[Statement]) -> pa.Table:
    """Statements as the store's columnar read gives them."""
    columns = ("id", "entity_id", "canonical_id", "schema", "prop", "value", "dataset")
    return pa.table({name: [getattr(s, name) for s in statements] for name in columns})


def reader(store: Store) -> Actor:
    """An analyst reading the network for an integral case."""
    return analyst(store)


def write_network(store: Store, extra: list[Statement] | None = None) -> None:
    """Write the example network (and any extra statements) into a store, one run per dataset."""
    by_dataset: dict[str, list[Statement]] = {}
    for stmt in network_statements() + (extra or []):
        by_dataset.setdefault(stmt.dataset, []).append(stmt)
    for name, purposes in DATASETS.items():
        register(store, make_dataset(name, name, purposes))
        load(store, by_dataset[name], dataset=name)


@pytest.fixture(scope="session")
def network() -> igraph.Graph:
    """The example network, built without a store (once: the analyses only read it)."""
    return graph_from_statements(table_of(network_statements()))


@pytest.fixture
def stored(store: Store) -> Iterator[Store]:
    """A store (each backend) holding the example network."""
    write_network(store)
    yield store


def edge_between(graph: igraph.Graph, source: str, target: str) -> igraph.Edge:
    """The one edge from source to target (by id)."""
    a, b = graph.vs.find(name=source).index, graph.vs.find(name=target).index
    return graph.es[graph.get_eid(a, b)]
