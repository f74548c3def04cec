"""Without credentials nothing answers but login; tokens, sessions, CSRF and logout."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.factories import admin
from verweven.access import Account, Role

PUBLIC = {"/api/v1/login"}


def routes(world: World) -> list[tuple[str, str]]:
    """(method, path with every parameter filled in) of every API route (as the OpenAPI
    document lists them: FastAPI mounts routers lazily)."""
    found = []
    for path, operations in world.app.openapi()["paths"].items():
        if path not in PUBLIC:
            found += [(method.upper(), re.sub(r"\{[^}]+\}", "p", path)) for method in operations]
    return found


def test_the_app_has_the_routes_this_test_walks(world: World) -> None:
    assert len(routes(world)) >= 20


def test_every_route_refuses_a_request_without_credentials(world: World) -> None:
    answers = {
        (method, path): world.client.request(
            method, path, json={}, headers={"X-Verweven-Purpose": "riec_casus"}
        )
        for method, path in routes(world)
    }
    assert {key: r.status_code for key, r in answers.items() if r.status_code != 401} == {}
    assert all(r.headers["www-authenticate"] == "Bearer" for r in answers.values())


@pytest.mark.parametrize(
    "token", ["vw_0000_nonsense", "not-a-token", "vw__", "Bearer", "vw_" + "x" * 5000]
)
def test_an_unknown_or_malformed_token_is_refused_with_401(world: World, token: str) -> None:
    answer = world.client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json()["error"] == "NotAuthenticatedError"


def test_a_token_revoked_through_the_api_stops_working_at_once(world: World) -> None:
    issued = world.client.post(
        "/api/v1/tokens", json={"label": "short", "days": 1}, headers=world.headers(Role.ANALIST)
    )
    assert issued.status_code == 201
    mine = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert world.client.get("/api/v1/whoami", headers=mine).status_code == 200
    token_id = issued.json()["info"]["id"]
    assert world.client.delete(f"/api/v1/tokens/{token_id}", headers=mine).status_code == 204
    assert world.client.get("/api/v1/whoami", headers=mine).status_code == 401


def person_with_password(world: World, username: str) -> str:
    password = "een lang genoeg wachtwoord"
    account = Account(username=username, partner="riec_oost", roles=(Role.ANALIST,))
    world.store.add_account(admin(world.store), account, password)
    return password


def test_a_session_login_sets_a_cookie_that_reads_and_a_logout_that_ends_it(
    world: World,
) -> None:
    password = person_with_password(world, "analist.sessie")
    with TestClient(world.app) as client:  # a browser of its own: its cookie jar
        login = client.post(
            "/api/v1/login", json={"username": "analist.sessie", "password": password}
        )
        assert login.status_code == 200 and login.json()["roles"] == ["analist"]
        assert "httponly" in login.headers["set-cookie"].lower()
        assert "samesite=strict" in login.headers["set-cookie"].lower()
        read = client.get("/api/v1/entities/p", headers={"X-Verweven-Purpose": "riec_casus"})
        assert read.status_code == 200
        # A change with the cookie alone (as a forged cross-site form would send) is refused.
        assert client.post("/api/v1/logout").status_code == 401
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        assert client.post("/api/v1/logout", headers=csrf).status_code == 204
    with TestClient(world.app) as thief:  # the old cookie, kept elsewhere, no longer works
        thief.cookies.set("verweven_session", login.cookies["verweven_session"])
        assert thief.get("/api/v1/whoami").status_code == 401


def test_a_wrong_password_is_refused_with_401_and_audited(world: World) -> None:
    person_with_password(world, "analist.fout")
    answer = world.client.post(
        "/api/v1/login", json={"username": "analist.fout", "password": "niet het wachtwoord"}
    )
    assert answer.status_code == 401
    [(decision,)] = world.store._fetchall(
        "SELECT decision FROM audit_events WHERE action = 'login' AND target = 'analist.fout'"
    )
    assert decision == "deny"


def test_whoami_names_the_purposes_the_roles_may_use(world: World) -> None:
    answer = world.client.get(
        "/api/v1/whoami", headers=world.headers(Role.ANALIST, purpose="riec_casus", case="C-1")
    ).json()
    assert answer["purposes"] == ["ondermijningsbeeld", "riec_casus"]
    assert (answer["purpose"], answer["case"]) == ("riec_casus", "C-1")
