"""Listings page with limit and offset, and each shows what its reader may see."""

import pytest

from tests.api.conftest import World
from tests.store.test_access_matrix import DATASETS
from verweven.access import Role


def test_datasets_page_by_limit_and_offset_in_name_order(world: World) -> None:
    names = sorted(d.name for d in DATASETS)
    pages = [
        world.client.get(
            f"/api/v1/datasets?limit=3&offset={offset}", headers=world.headers(Role.ANALIST)
        ).json()
        for offset in (0, 3)
    ]
    assert [d["name"] for p in pages for d in p["items"]] == names
    assert [(p["total"], p["limit"], p["offset"]) for p in pages] == [(4, 3, 0), (4, 3, 3)]


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=x"])
def test_a_page_outside_the_bounds_is_refused_with_422(world: World, query: str) -> None:
    answer = world.client.get(f"/api/v1/datasets?{query}", headers=world.headers(Role.ANALIST))
    assert answer.status_code == 422


def test_a_steward_sees_the_quarantine_of_its_own_partner_only(world: World) -> None:
    headers = world.headers(Role.GEGEVENSBEHEERDER, partner="politie", purpose="gegevensbeheer")
    page = world.client.get("/api/v1/quarantine", headers=headers).json()
    assert {q["dataset"] for q in page["items"]} == {"d_politie", "d_beeld"}


def test_import_runs_are_listed_newest_first(world: World) -> None:
    page = world.client.get("/api/v1/import-runs?limit=500", headers=world.headers(Role.ANALIST))
    started = [run["started_at"] for run in page.json()["items"]]
    assert started == sorted(started, reverse=True) and len(started) >= 8


def test_the_auditor_pages_through_the_audit_log_and_sees_the_api_reads(world: World) -> None:
    world.client.get("/api/v1/entities/p", headers=world.headers(Role.ANALIST, purpose="bibob"))
    headers = world.headers(Role.AUDITOR, purpose="toezicht")
    page = world.client.get("/api/v1/audit/events?action=read&limit=500", headers=headers).json()
    refused = [e for e in page["items"] if e["decision"] == "deny" and e["purpose"] == "bibob"]
    assert refused and refused[-1]["actor"].startswith("t-anal")
    assert page["total"] >= len(page["items"])


def test_an_analyst_records_and_withdraws_a_judgement(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="riec_casus", case="C-1")
    body = {"left_id": "p", "right_id": "p", "verdict": "same", "reason": "zelfde persoon"}
    made = world.client.post("/api/v1/judgements", json=body, headers=headers)
    assert made.status_code == 201, made.text
    judgement = made.json()["id"]
    listed = world.client.get("/api/v1/judgements", headers=headers).json()["items"]
    assert judgement in {j["id"] for j in listed}
    gone = world.client.post(
        f"/api/v1/judgements/{judgement}/withdrawal", json={"reason": "vergissing"},
        headers=headers,
    )  # fmt: skip
    assert gone.status_code == 204
    listed = world.client.get("/api/v1/judgements", headers=headers).json()["items"]
    assert judgement not in {j["id"] for j in listed}


def test_a_hit_question_is_answered_per_partner_without_content(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="riec_casus", case="C-1")
    answer = world.client.post(
        "/api/v1/hit-questions", json={"name": "Jan in d_kvk", "birth_date": "1970-01-01"},
        headers=headers,
    )  # fmt: skip
    assert answer.status_code == 200
    assert {a["partner"] for a in answer.json()["answers"]} == {"gemeente", "politie", "kvk"}


def test_the_beheerder_adds_an_account_and_lists_it(world: World) -> None:
    if world.store.dialect == "duckdb":
        headers = {"Authorization": f"Bearer {world.local_token()}"}
    else:
        headers = world.headers(Role.BEHEERDER)
    body = {"username": "nieuw.account", "partner": "gemeente", "roles": ["analist"]}
    assert world.client.post("/api/v1/users", json=body, headers=headers).status_code == 201
    users = world.client.get("/api/v1/users?limit=500", headers=headers).json()["items"]
    assert "nieuw.account" in {u["username"] for u in users}
    assert world.client.post("/api/v1/users", json=body, headers=headers).status_code == 400
