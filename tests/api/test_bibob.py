"""Bibob screening over HTTP: a Bibob officer screens an applicant by KvK number (circle,
comparison, facts, deadlines) and gets the report; an analyst may not use purpose bibob."""

import pytest

from tests.api.conftest import World
from tests.factories import load, make_entity
from verweven.access import Role

FILE = "BIBOB-2026-3"


@pytest.fixture(scope="module", autouse=True)
def applicant(world: World) -> None:
    """Horeca BV (KvK 12345678), owned by Holding BV, led by Frits: in d_kvk (serves bibob)."""
    load(
        world.store,
        make_entity("a", "d_kvk", "Company", name="Horeca BV", registrationNumber="12345678"),
        make_entity("h", "d_kvk", "Company", name="Holding BV"),
        make_entity("f", "d_kvk", name="Frits Geldschieter"),
        make_entity("own", "d_kvk", "Ownership", owner="h", asset="a"),
        make_entity("lead", "d_kvk", "Directorship", director="f", organization="h"),
        dataset="d_kvk",
    )


def officer(world: World, purpose: str = "bibob") -> dict[str, str]:
    return world.headers(Role.BIBOB, partner="gemeente", purpose=purpose, case=FILE)


def test_an_officer_screens_an_applicant_with_its_circle_and_deadlines(world: World) -> None:
    answer = world.client.get(
        "/api/v1/bibob/screening",
        params={"applicant": "12345678", "received": "2026-09-01"},
        headers=officer(world),
    )
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["applicant"]["caption"] == "Horeca BV"
    circle = {(r["category"], r["member"]["caption"]) for r in found["circle"]}
    assert ("zeggenschap", "Frits Geldschieter") in circle
    frits = next(r for r in found["circle"] if r["member"]["caption"] == "Frits Geldschieter")
    assert [e["kind"] for e in frits["path"]] == ["Ownership", "Directorship"]
    # No questionnaire named: nothing to compare, and the answer says so.
    assert (found["comparison"], found["questionnaire_delivered"]) == ([], False)
    assert found["deadlines"]["decision_due"] == "2026-10-27"
    assert found["consulted"]["d_kvk"].startswith("kvk: ")


def test_the_report_is_html_and_audited_as_an_export(world: World) -> None:
    answer = world.client.get(
        "/api/v1/bibob/report", params={"applicant": "12345678"}, headers=officer(world)
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "Frits Geldschieter" in answer.text
    exports = world.store._fetchall(
        "SELECT count(*) FROM audit_events WHERE action = 'export' AND target LIKE 'HTTP GET %'"
    )
    assert exports[0][0] >= 1


def test_an_analyst_may_not_use_purpose_bibob(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="bibob", case=FILE)
    answer = world.client.get(
        "/api/v1/bibob/screening", params={"applicant": "12345678"}, headers=headers
    )
    assert answer.status_code == 403
    assert "riec_casus" in answer.json()["detail"]  # the purposes the analyst may use


def test_a_screening_for_another_purpose_is_refused(world: World) -> None:
    headers = world.headers(Role.ANALIST, purpose="riec_casus", case=FILE)
    answer = world.client.get(
        "/api/v1/bibob/screening", params={"applicant": "12345678"}, headers=headers
    )
    assert answer.status_code == 400 and "purpose bibob" in answer.json()["detail"]


def test_an_unknown_applicant_is_a_404(world: World) -> None:
    answer = world.client.get(
        "/api/v1/bibob/screening", params={"applicant": "99999999"}, headers=officer(world)
    )
    assert answer.status_code == 404


def open_file(world: World, ref: str) -> dict[str, object]:
    answer = world.client.post(
        "/api/v1/bibob/files",
        json={
            "ref": ref, "authority": "burgemeester van Venlo", "instrument": "vergunning",
            "subject": "exploitatievergunning horeca", "applicant": "12345678",
            "received": "2026-09-01", "questionnaire": "VL-2026-9",
        },
        headers=world.headers(Role.BIBOB, partner="gemeente", purpose="bibob", case=ref),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_file_is_opened_dated_answered_decided_and_listed(world: World) -> None:
    ref = "BIBOB-2026-20"
    opened = open_file(world, ref)
    assert opened["applicant"] == "a" and opened["decision_due"] == "2026-10-27"
    headers = world.headers(Role.BIBOB, partner="gemeente", purpose="bibob")
    base = f"/api/v1/bibob/files/{ref}"
    dated = world.client.post(
        f"{base}/dates",
        json={"kind": "lbb_gevraagd", "day": "2026-09-08", "reason": "zeggenschap onduidelijk"},
        headers=headers,
    )
    assert dated.status_code == 200 and dated.json()["deadlines"]["lbb_due"] == "2026-11-03"
    answered = world.client.post(
        f"{base}/lbb",
        json={"subject": "f", "hit": True, "asked_on": "2026-09-02", "answered_on": "2026-09-04"},
        headers=headers,
    )
    assert answered.json()["lbb_answers"][0]["hit"] is True
    decided = world.client.post(
        f"{base}/decisions",
        json={"outcome": "verlenen_met_voorschriften", "reasons": "mindere mate van gevaar"},
        headers=headers,
    )
    assert decided.json()["outcome"] == "verlenen_met_voorschriften"
    again = world.client.post(
        f"{base}/decisions", json={"outcome": "weigeren", "reasons": "toch"}, headers=headers
    )
    assert again.status_code == 400 and "withdrawal" in again.text
    listed = world.client.get("/api/v1/bibob/files", headers=headers).json()
    assert ref in [f["ref"] for f in listed["items"]]


def test_the_files_screening_and_report_use_its_dates(world: World) -> None:
    ref = "BIBOB-2026-21"
    open_file(world, ref)
    headers = world.headers(Role.BIBOB, partner="gemeente", purpose="bibob")
    screened = world.client.get(f"/api/v1/bibob/files/{ref}/screening", headers=headers)
    assert screened.status_code == 200 and screened.json()["deadlines"]["decision_due"] == (
        "2026-10-27"
    )
    report = world.client.get(f"/api/v1/bibob/files/{ref}/report", headers=headers)
    assert report.status_code == 200 and "burgemeester van Venlo" in report.text
    assert "Holding BV: aandeelhouder van Horeca BV" in report.text


def test_an_analyst_may_not_read_a_bibob_file(world: World) -> None:
    ref = "BIBOB-2026-22"
    open_file(world, ref)
    analyst = world.headers(Role.ANALIST, purpose="riec_casus", case=ref)
    assert world.client.get(f"/api/v1/bibob/files/{ref}", headers=analyst).status_code == 403
