"""verweven's errors become one HTTP status each, in one place, with a readable message."""

import pytest

from tests.api.conftest import World
from verweven import errors
from verweven.access import Role
from verweven.services import HTTP_STATUS, http_status


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.UsageError, 400),
        (errors.NotAuthenticatedError, 401),
        (errors.AccessDeniedError, 403),
        (errors.NotFoundError, 404),
        (errors.InputError, 422),
        (errors.StoreError, 503),
        (errors.StoreLockedError, 503),  # by its base class
        (errors.ResourceError, 503),
        (errors.VerwevenError, 500),
    ],
)
def test_each_error_class_has_its_status(error: type[errors.VerwevenError], status: int) -> None:
    assert http_status(error("x")) == status


def test_every_error_of_the_family_is_mapped_on_purpose() -> None:
    family = {c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, Exception)}
    unmapped = family - set(HTTP_STATUS) - {errors.VerwevenError, errors.StoreLockedError}
    assert unmapped == set()


def test_a_purpose_the_roles_may_not_use_is_403_naming_the_usable_ones(world: World) -> None:
    answer = world.client.get(
        "/api/v1/entities/p", headers=world.headers(Role.ANALIST, purpose="marketing")
    )
    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "read needs a purpose you may act for; you stated purpose 'marketing'. "
        "Your roles (analist) may use: ondermijningsbeeld, riec_casus",
        "error": "AccessDeniedError",
    }


def test_a_read_without_a_purpose_is_refused_there_is_no_default(world: World) -> None:
    answer = world.client.get("/api/v1/entities/p", headers=world.headers(Role.ANALIST))
    assert answer.status_code == 403 and "you stated no purpose" in answer.json()["detail"]


def test_an_entity_nobody_may_see_is_404(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="riec_casus")
    answer = world.client.get("/api/v1/entities/nobody", headers=headers)
    assert answer.status_code == 404 and answer.json()["error"] == "NotFoundError"


def test_two_different_purposes_in_one_request_are_a_bad_request(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="riec_casus")
    answer = world.client.get("/api/v1/entities/p?purpose=bibob", headers=headers)
    assert answer.status_code == 400 and "two different purposes" in answer.json()["detail"]


def test_the_purpose_may_come_as_a_query_parameter(world: World) -> None:
    answer = world.client.get(
        "/api/v1/entities/p?purpose=riec_casus", headers=world.headers(Role.ANALIST)
    )
    assert answer.status_code == 200


def test_a_refused_management_action_is_403(world: World) -> None:
    answer = world.client.get("/api/v1/users", headers=world.headers(Role.ANALIST))
    assert answer.status_code == 403 and answer.json()["error"] == "AccessDeniedError"


def test_a_usage_error_of_the_store_is_400(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="riec_casus", case="C-1")
    answer = world.client.post("/api/v1/hit-questions", json={"name": "Jan"}, headers=headers)
    assert answer.status_code == 400 and "date of birth" in answer.json()["detail"]
