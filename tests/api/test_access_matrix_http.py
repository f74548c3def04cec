"""The access matrix of the lawful core replayed over HTTP: for every person of the matrix,
purpose, case and read path, the deliveries the API returns are exactly those the
specification allows — no leak, no wrongful denial — and a refused purpose is a 403."""

import itertools
from collections.abc import Callable

import httpx

from tests.access.spec import Who
from tests.access.test_policy_matrix import PURPOSES, whos
from tests.api.conftest import World
from tests.store.test_access_matrix import expect
from verweven.access import Action

# Each read path: the permission it needs, the request, and the deliveries its answer shows.
# A neighbourhood names entities, so it is an entity read (never the aggregate picture's bulk
# read).
Shown = Callable[[httpx.Response], set[str]]
PATHS: dict[str, tuple[Action, str, Shown]] = {
    "entity": (
        Action.READ,
        "/api/v1/entities/p",
        lambda r: {v["dataset"] for v in r.json()["values"]},
    ),
    "neighbourhood": (
        Action.READ,
        "/api/v1/entities/p/neighbourhood?hops=0",
        lambda r: set(r.json()["center"]["datasets"]),
    ),
    "quarantine": (
        Action.READ_QUARANTINE,
        "/api/v1/quarantine?limit=500",
        lambda r: {q["dataset"] for q in r.json()["items"]},
    ),
}


def token_of(world: World, who: Who) -> str | None:
    if who.job:
        return None  # a system job has no token: it never comes over HTTP
    if who.local:
        return world.local_token() if world.store.dialect == "duckdb" else None
    return world.token(*sorted(who.roles), partner=who.partner)


def observe(
    world: World, token: str, path: str, purpose: str | None, case: str | None
) -> set[str] | None:
    """The deliveries a read path showed, or None when it was refused (403)."""
    _, url, shown = PATHS[path]
    headers = {"Authorization": f"Bearer {token}"}
    headers |= {"X-Verweven-Purpose": purpose} if purpose else {}
    headers |= {"X-Verweven-Case": case} if case else {}
    answer = world.client.get(url, headers=headers)
    if answer.status_code == 403:
        assert "may use" in answer.json()["detail"] or "may not" in answer.json()["detail"]
        return None
    if answer.status_code == 404:  # nothing of the entity is visible
        return set()
    assert answer.status_code == 200, answer.text
    return shown(answer)


def test_every_read_path_over_http_shows_exactly_what_the_specification_allows(
    world: World,
) -> None:
    wrong, checked = [], 0
    for who in whos():
        token = token_of(world, who)
        if token is None:
            continue
        for purpose, case, path in itertools.product(PURPOSES, (None, "C-1"), PATHS):
            got = observe(world, token, path, purpose, case)
            wanted = expect(who, PATHS[path][0], purpose, case)
            checked += 1
            if got != wanted:
                wrong.append((sorted(who.roles), who.partner, purpose, case, path, got, wanted))
    assert checked >= 700 and wrong == []
