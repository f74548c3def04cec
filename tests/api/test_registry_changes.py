"""A long-running server sees registrations other processes make: a narrowed list of purposes
takes effect on the next request, not at the next restart."""

from tests.api.conftest import World
from tests.factories import make_dataset, register
from verweven.access import Role
from verweven.model import Sensitivity


def datasets_seen(world: World) -> set[str]:
    answer = world.client.get(
        "/api/v1/entities/p", headers=world.headers(Role.BIBOB, purpose="bibob")
    )
    return {value["dataset"] for value in answer.json()["values"]}


def test_a_delivery_withdrawn_from_a_purpose_elsewhere_leaves_the_next_answer(
    world: World,
) -> None:
    for _ in range(3):  # every connection of the pool has read the registry
        assert "d_kvk" in datasets_seen(world)
    narrowed = make_dataset("d_kvk", "kvk", ("riec_casus",), Sensitivity.PUBLIC)
    register(world.store, narrowed)  # through another connection, as `verweven ingest` would
    assert "d_kvk" not in datasets_seen(world)
