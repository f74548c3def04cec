"""A reader sees resolution only as far as its own data shows it: a cluster held together by a
record the reader may not see falls apart for that reader, on both backends."""

import hashlib

import pyarrow as pa
import pytest

from tests.factories import (
    analyst,
    load,
    make_actor,
    make_dataset,
    make_entity,
    register,
    resolver,
)
from verweven.access import Actor, Role
from verweven.errors import NotFoundError
from verweven.graph import build_graph
from verweven.store import Store

CLUSTER = "nl-person-" + "0" * 16  # what resolution names a cluster


def _resolved_id(smallest: str) -> str:
    return "nl-person-" + hashlib.sha1(smallest.encode()).hexdigest()[:16]


@pytest.fixture
def linked(store: Store) -> Store:
    """Anna in the BRP, Anna at the KvK and Anna in a police record (which the Bibob purpose
    may not use), resolved into one cluster."""
    register(store, make_dataset("brp", "gemeente", ("riec_casus", "bibob")))
    register(store, make_dataset("kvk", "kvk", ("riec_casus", "bibob")))
    register(store, make_dataset("politie", "politie", ("riec_casus",)))
    load(store, make_entity("brp1", "brp", name="Anna Akkerman"), dataset="brp")
    load(store, make_entity("kvk1", "kvk", name="A. Akkerman"), dataset="kvk")
    load(store, make_entity("kvk2", "kvk", name="Anna Akkerman-Bos"), dataset="kvk")
    load(store, make_entity("pol1", "politie", name="Anna Akkerman"), dataset="politie")
    return store


def _apply(store: Store, links: list[tuple[str, str]]) -> None:
    ids = ["brp1", "kvk1", "kvk2", "pol1"]
    mapping = pa.table({"entity_id": ids, "canonical_id": [CLUSTER] * len(ids)})
    table = pa.table(
        {
            "left_id": [a for a, _ in links],
            "right_id": [b for _, b in links],
            "origin": pa.array([3] * len(links), pa.int8()),
            "weight": [0.99] * len(links),
        }
    )
    store.apply_canonical_ids(mapping, resolver(store), table)


def _bibob(store: Store) -> Actor:
    return make_actor(store, Role.BIBOB, purpose="bibob", case="BIBOB-2026-7")


def _entities(store: Store, actor: Actor) -> dict[str, list[str]]:
    """Every entity the actor sees: its id and its records."""
    ids = store.find_entities(actor, "Anna Akkerman") + store.find_entities(actor, "A. Akkerman")
    ids += store.find_entities(actor, "Anna Akkerman-Bos")
    return {id: sorted({s.entity_id for s in store.get_statements(actor, id)}) for id in ids}


def test_records_joined_only_through_a_record_the_reader_may_not_see_stay_apart(
    linked: Store,
) -> None:
    # Each company record is linked to the police record only; the BRP record to kvk1.
    _apply(linked, [("kvk1", "pol1"), ("kvk2", "pol1"), ("brp1", "kvk1")])
    seen_by_bibob = _entities(linked, _bibob(linked))
    assert sorted(seen_by_bibob.values()) == [["brp1", "kvk1"], ["kvk2"]]
    assert seen_by_bibob[_resolved_id("brp1")] == ["brp1", "kvk1"]
    # The RIEC analyst, who may use the police record, sees the one cluster.
    assert _entities(linked, analyst(linked)) == {CLUSTER: ["brp1", "kvk1", "kvk2", "pol1"]}


def test_the_split_parts_carry_no_trace_of_the_hidden_cluster(linked: Store) -> None:
    _apply(linked, [("kvk1", "pol1"), ("kvk2", "pol1"), ("brp1", "kvk1")])
    bibob = _bibob(linked)
    with pytest.raises(NotFoundError):
        linked.get_entity(bibob, CLUSTER)  # the cluster's own id names nothing to this reader
    table = linked.read_statement_table(bibob, ["Person"])
    assert CLUSTER not in table.column("canonical_id").to_pylist()
    assert "pol1" not in table.column("entity_id").to_pylist()


def test_records_linked_among_themselves_stay_together(linked: Store) -> None:
    _apply(linked, [("brp1", "kvk1"), ("kvk1", "kvk2"), ("kvk2", "pol1")])
    assert sorted(_entities(linked, _bibob(linked)).values()) == [["brp1", "kvk1", "kvk2"]]


def test_the_network_of_the_reader_splits_the_same_way(linked: Store) -> None:
    _apply(linked, [("kvk1", "pol1"), ("kvk2", "pol1"), ("brp1", "kvk1")])
    graph = build_graph(linked, _bibob(linked))
    assert sorted(graph.vs["name"]) == sorted([_resolved_id("brp1"), "kvk2"])


def test_a_new_resolution_is_seen_at_once(linked: Store) -> None:
    bibob = _bibob(linked)
    _apply(linked, [("kvk1", "pol1"), ("kvk2", "pol1"), ("brp1", "kvk1")])
    assert len(_entities(linked, bibob)) == 2
    _apply(linked, [("kvk1", "kvk2"), ("kvk2", "pol1"), ("brp1", "kvk1")])
    assert len(_entities(linked, bibob)) == 1


def test_a_mapping_without_links_is_taken_as_given(linked: Store) -> None:
    mapping = pa.table({"entity_id": ["brp1", "kvk1", "pol1"], "canonical_id": ["anna"] * 3})
    linked.apply_canonical_ids(mapping, resolver(linked))
    assert _entities(linked, _bibob(linked))["anna"] == ["brp1", "kvk1"]


def test_only_links_within_one_cluster_are_kept(linked: Store) -> None:
    _apply(linked, [("brp1", "kvk1"), ("kvk1", "kvk2"), ("kvk2", "pol1")])
    mapping = pa.table({"entity_id": ["brp1", "kvk1"], "canonical_id": [CLUSTER] * 2})
    empty = pa.table(
        {"left_id": pa.array([], pa.string()), "right_id": pa.array([], pa.string()),
         "origin": pa.array([], pa.int8()), "weight": pa.array([], pa.float64())}
    )  # fmt: skip
    linked.apply_canonical_ids(mapping, resolver(linked), empty)
    # An earlier run's link that still joins one cluster stays; the others went with it.
    assert linked._fetchall("SELECT left_id, right_id FROM resolution_links") == [("brp1", "kvk1")]
