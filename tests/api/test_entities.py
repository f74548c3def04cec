"""Search, entities with provenance and ETags, the network: over HTTP on a real store."""

from collections.abc import Iterator

import pytest

from tests.api.conftest import World
from tests.factories import load, make_dataset, make_entity, register
from verweven.access import Role

ANALYST = (Role.ANALIST,)


@pytest.fixture(scope="module")
def network(world: World) -> Iterator[World]:
    """A person who owns a company, and five people named alike, in a delivery of its own."""
    register(world.store, make_dataset("d_netwerk", "gemeente", ("riec_casus",)))
    ownership = make_entity("o1", "d_netwerk", "Ownership", owner="a1", asset="b1")
    load(
        world.store,
        make_entity("a1", "d_netwerk", name="Anna Eigenaar"),
        make_entity("b1", "d_netwerk", "Company", name="Eigenaar BV"),
        ownership,
        *(make_entity(f"z{i}", "d_netwerk", name="Piet Zoeker") for i in range(5)),
        dataset="d_netwerk",
    )
    yield world


def get(world: World, url: str, purpose: str = "riec_casus", **headers: str):  # type: ignore[no-untyped-def]
    return world.client.get(url, headers={**world.headers(*ANALYST, purpose=purpose), **headers})


def test_an_entity_shows_every_value_with_its_source_partner_and_legal_basis(
    network: World,
) -> None:
    entity = get(network, "/api/v1/entities/a1").json()
    [name] = [v for v in entity["values"] if v["prop"] == "name"]
    assert (entity["schema"], entity["caption"]) == ("Person", "Anna Eigenaar")
    assert name["dataset"] == "d_netwerk" and name["partner"] == "gemeente"
    assert name["legal_basis"] == "art. 2:7 WGS" and name["first_seen"]


def test_an_unchanged_entity_answers_304_to_its_etag_and_the_read_is_still_audited(
    network: World,
) -> None:
    first = get(network, "/api/v1/entities/a1")
    tag = first.headers["etag"]
    count = "SELECT count(*) FROM audit_events WHERE target = 'statements'"
    [(before,)] = network.store._fetchall(count)
    again = get(network, "/api/v1/entities/a1", **{"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag and again.content == b""
    assert network.store._fetchall(count)[0][0] == before + 1
    assert get(network, "/api/v1/entities/a1", **{"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_differs_when_another_purpose_sees_other_values(world: World) -> None:
    casus = get(world, "/api/v1/entities/p", **{"X-Verweven-Case": "C-1"})  # + secret police
    bibob = world.client.get(
        "/api/v1/entities/p", headers=world.headers(Role.BIBOB, purpose="bibob")
    )
    assert casus.status_code == bibob.status_code == 200
    assert casus.headers["etag"] != bibob.headers["etag"]
    assert casus.headers["cache-control"] == "private, no-cache"


def test_search_pages_through_every_match_in_a_stable_order(network: World) -> None:
    pages = [
        get(network, f"/api/v1/entities?q=Piet%20Zoeker&limit=2&offset={o}").json()
        for o in (0, 2, 4, 6)
    ]
    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [[e["id"] for e in p["items"]] for p in pages] == [
        ["z0", "z1"], ["z2", "z3"], ["z4"], [],
    ]  # fmt: skip


def test_the_neighbourhood_has_the_relationship_with_its_statements(network: World) -> None:
    found = get(network, "/api/v1/entities/a1/neighbourhood?hops=1").json()
    assert {(n["id"], n["distance"]) for n in found["nodes"]} == {("a1", 0), ("b1", 1)}
    [edge] = found["edges"]
    assert (edge["source"], edge["target"], edge["kind"]) == ("a1", "b1", "Ownership")
    assert edge["datasets"] == ["d_netwerk"] and len(edge["statements"]) >= 2


def test_a_path_between_two_entities_names_each_step(network: World) -> None:
    found = get(network, "/api/v1/paths?source=a1&target=b1").json()
    assert found["length"] == 1 and [n["id"] for n in found["paths"][0]["nodes"]] == ["a1", "b1"]


def test_the_network_leaves_out_deliveries_that_do_not_serve_the_purpose(network: World) -> None:
    bibob = network.headers(Role.BIBOB, purpose="bibob")
    answer = network.client.get("/api/v1/entities/a1/neighbourhood", headers=bibob)
    assert answer.status_code == 404  # d_netwerk serves riec_casus only: nothing visible


def test_a_network_view_exports_for_a_named_case_only_and_is_audited(network: World) -> None:
    url = "/api/v1/entities/a1/neighbourhood/export?format=ftm&hops=1"
    refused = get(network, url)
    assert refused.status_code == 403 and "may not export d_netwerk" in refused.json()["detail"]
    answer = get(network, url, **{"X-Verweven-Case": "C-1"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/x-ndjson"
    assert [line.split('"id": ')[1][:4] for line in answer.text.splitlines()] == [
        '"a1"',
        '"b1"',
        '"o1"',
    ]
    gexf = get(network, url.replace("ftm", "gexf"), **{"X-Verweven-Case": "C-1"})
    assert 'id="b1"' in gexf.text and gexf.headers["content-type"] == "application/gexf+xml"
