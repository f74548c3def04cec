"""Casework over HTTP: a coordinator runs a case through the work process; an analyst reads
it but cannot change it; a case other than the one stated is refused; the store's messages
come through."""

from datetime import datetime, timedelta

from tests.api.conftest import World
from verweven.access import Role

REF = "RIEC-2026-014"
C = Role.CASUSCOORDINATOR


def coordinator(world: World, case: str | None = REF) -> dict[str, str]:
    return world.headers(C, purpose="riec_casus", case=case)


def post(world: World, path: str, body: dict[str, object], case: str | None = REF) -> dict:
    answer = world.client.post(f"/api/v1{path}", json=body, headers=coordinator(world, case))
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def open_case(world: World, ref: str) -> dict:
    return post(
        world,
        "/cases",
        {"ref": ref, "title": "Hennep", "typology": "cannabis_farm", "reason": "energie x3"},
        case=ref,
    )


def test_a_coordinator_runs_a_case_to_execution_and_the_barrier_is_advised(world: World) -> None:
    opened = open_case(world, REF)
    assert (opened["state"], opened["next_states"]) == ("signaal", ["weging", "afgewezen"])
    post(world, f"/cases/{REF}/subjects", {"entity_id": "p", "reason": "bewoner"})
    for state in ("weging", "hit_no_hit", "casusoverleg", "interventieadvies"):
        moved = post(world, f"/cases/{REF}/moves", {"state": state, "reason": f"naar {state}"})
    assert moved["state"] == "interventieadvies"
    advice = {"instrument": "sluiting_13b", "barrier": "pand_sluiten", "reason": "pand"}
    step = post(world, f"/cases/{REF}/interventions", advice)
    assert (step["status"], step["partner"]) == ("geadviseerd", "gemeente")
    post(world, f"/cases/{REF}/moves", {"state": "uitvoering", "reason": "advies vastgesteld"})
    path = f"/cases/{REF}/interventions/{step['intervention_id']}/reports"
    planned = post(world, path, {"status": "aanvaard", "reason": "akkoord"})
    assert planned["status"] == "aanvaard"
    case = world.client.get(f"/api/v1/cases/{REF}", headers=coordinator(world)).json()
    assert case["subjects"] == ["p"] and [d["to_state"] for d in case["decisions"]][-1] == (
        "uitvoering"
    )
    decided = datetime.fromisoformat(case["decisions"][0]["decided_at"])
    assert decided.utcoffset() == timedelta(0)  # UTC, and it says so
    phases = world.client.get(f"/api/v1/cases/{REF}/barriers", headers=coordinator(world))
    states = {b["id"]: b["status"] for p in phases.json() for b in p["barriers"]}
    assert states["pand_sluiten"] == "advised" and "open" in states.values()
    listed = world.client.get("/api/v1/cases", headers=coordinator(world, None)).json()
    assert (REF, "uitvoering") in [(c["ref"], c["state"]) for c in listed["items"]]
    board = world.client.get("/api/v1/intervention-board", headers=coordinator(world, None))
    assert [(o["case_ref"], o["status"]) for o in board.json()["gemeente"]] == [(REF, "aanvaard")]


def test_the_case_file_leaves_out_what_may_not_leave(world: World) -> None:
    open_case(world, "RIEC-DOSSIER")
    post(world, "/cases/RIEC-DOSSIER/subjects", {"entity_id": "p", "reason": "x"}, "RIEC-DOSSIER")
    headers = coordinator(world, "RIEC-DOSSIER")
    page = world.client.get("/api/v1/cases/RIEC-DOSSIER/file", headers=headers)
    # p is also in the police's secret delivery, which the coordinator may read, not take out.
    assert page.status_code == 200 and "Jan in d_gemeente" in page.text
    assert "Jan in d_politie" not in page.text and "uit d_politie" in page.text
    open_case(world, "RIEC-LEEG")
    page = world.client.get("/api/v1/cases/RIEC-LEEG/file", headers=coordinator(world, "RIEC-LEEG"))
    assert page.headers["content-type"].startswith("text/html") and "RIEC-LEEG" in page.text


def test_an_illegal_move_is_refused_with_the_stores_message(world: World) -> None:
    open_case(world, "RIEC-ILLEGAAL")
    answer = world.client.post(
        "/api/v1/cases/RIEC-ILLEGAAL/moves",
        json={"state": "monitoring", "reason": "te vroeg"},
        headers=coordinator(world, "RIEC-ILLEGAAL"),
    )
    assert answer.status_code == 400
    assert "cannot move to monitoring; it can move to weging, afgewezen" in answer.json()["detail"]


def test_an_analyst_reads_the_case_it_names_but_may_not_move_it(world: World) -> None:
    open_case(world, "RIEC-LEZEN")
    analyst = world.headers(Role.ANALIST, purpose="riec_casus", case="RIEC-LEZEN")
    assert world.client.get("/api/v1/cases/RIEC-LEZEN", headers=analyst).status_code == 200
    move = world.client.post("/api/v1/cases/RIEC-LEZEN/moves", headers=analyst,
                             json={"state": "weging", "reason": "verder"})  # fmt: skip
    assert move.status_code == 403
    assert world.client.get("/api/v1/cases", headers=analyst).status_code == 403
    # The move was not made.
    read = world.client.get("/api/v1/cases/RIEC-LEZEN", headers=coordinator(world, "RIEC-LEZEN"))
    assert read.json()["state"] == "signaal"


def test_a_coordinator_acting_for_another_case_is_refused(world: World) -> None:
    open_case(world, "RIEC-ANDER")
    other = coordinator(world, "RIEC-2026-999")
    read = world.client.get("/api/v1/cases/RIEC-ANDER", headers=other)
    assert read.status_code == 400 and "you stated case RIEC-2026-999" in read.json()["detail"]
    move = world.client.post("/api/v1/cases/RIEC-ANDER/moves", headers=other,
                             json={"state": "weging", "reason": "verder"})  # fmt: skip
    assert move.status_code == 400


def test_casework_for_another_purpose_is_refused_with_the_usable_purposes(world: World) -> None:
    open_case(world, "RIEC-DOEL")
    headers = world.headers(C, purpose="bibob", case="RIEC-DOEL")
    answer = world.client.get("/api/v1/cases/RIEC-DOEL", headers=headers)
    assert answer.status_code == 403 and "riec_casus" in answer.json()["detail"]


def test_monitoring_before_the_monitoring_state_is_a_clear_400(world: World) -> None:
    open_case(world, "RIEC-MONITOR")
    answer = world.client.get(
        "/api/v1/cases/RIEC-MONITOR/monitoring", headers=coordinator(world, "RIEC-MONITOR")
    )
    assert answer.status_code == 400 and "not in monitoring" in answer.json()["detail"]


def test_the_feedback_summary_is_for_coordinators(world: World) -> None:
    summary = world.client.get("/api/v1/signal-feedback", headers=coordinator(world, None))
    assert summary.status_code == 200 and summary.json() == []
    analyst = world.headers(Role.ANALIST, purpose="riec_casus")
    assert world.client.get("/api/v1/signal-feedback", headers=analyst).status_code == 403
