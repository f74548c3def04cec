"""The signals queue over the real app and store (DuckDB and PostgreSQL): hits grouped by
entity and by case, filtered by theme, place and measured precision, and a verdict with its
reason that is stored, audited and shown — in the web page and the API."""

import re

import pytest

from tests.web.conftest import Site, form_csrf, logged_in, queue_hits


@pytest.fixture(scope="module")
def queued(site: Site) -> Site:
    queue_hits(site)
    return site


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_queue_groups_hits_by_entity_and_by_case(queued: Site) -> None:
    client = logged_in(queued)
    by_entity = text(client.get("/signalen").text)
    assert "Cor Veroordeeld (1)" in by_entity and "Bestuurder veroordeeld" in by_entity
    assert "gemeten precisie 90%" in by_entity and "Tilburg" in by_entity
    by_case = text(client.get("/signalen?groep=casus").text)
    assert "Casus RIEC-Q-1 (1)" in by_case and "Zonder casus (1)" in by_case


def test_the_queue_filters_by_theme_place_and_precision(queued: Site) -> None:
    client = logged_in(queued)
    for query, kept, left in (
        ("thema=drugs", "Verbruik drie keer", "Bestuurder veroordeeld"),
        ("plaats=Tilburg", "Bestuurder veroordeeld", "Verbruik drie keer"),
        ("precisie=0.75", "Bestuurder veroordeeld", "Verbruik drie keer"),
    ):
        page = client.get(f"/signalen?{query}").text
        assert kept in page and left not in page, query
    assert client.get("/signalen?precisie=twee").status_code == 400


def test_a_verdict_with_its_reason_is_stored_audited_and_shown(queued: Site) -> None:
    client = logged_in(queued)
    page = client.get("/signalen?thema=bedrijven").text
    action = re.search(r'action="(/signalen/[^"]+/oordeel)"', page)
    assert action
    answer = client.post(action.group(1), data={
        "csrf": form_csrf(page), "oordeel": "niet_relevant", "reden": "andere Cor",
        "terug": "/signalen?thema=bedrijven"})  # fmt: skip
    assert answer.status_code == 200 and "Oordeel vastgelegd: niet relevant." in answer.text
    assert "Oordeel: niet relevant (analist.web): andere Cor" in text(answer.text)
    events = queued.store._fetchall(
        "SELECT detail FROM audit_events WHERE action = 'hit_feedback' AND detail = 'andere Cor'"
    )
    assert len(events) == 1


def test_a_forged_verdict_is_refused(queued: Site) -> None:
    client = logged_in(queued)
    page = client.get("/signalen?thema=drugs").text
    action = re.search(r'action="(/signalen/[^"]+/oordeel)"', page)
    assert action
    forged = client.post(action.group(1), data={"csrf": "vals", "oordeel": "relevant",
                                                "reden": "x"}, follow_redirects=False)  # fmt: skip
    assert forged.status_code == 303 and forged.headers["location"].startswith("/inloggen")
    odd = client.post(action.group(1), data={"csrf": form_csrf(page), "oordeel": "geslaagd",
                                             "reden": "x"})  # fmt: skip
    assert odd.status_code == 400 and "kies relevant of niet relevant" in odd.text


def test_the_queue_and_its_verdicts_over_the_api(queued: Site) -> None:
    client = logged_in(queued)
    headers = {"X-Verweven-Purpose": "riec_casus"}
    found = client.get("/api/v1/signal-queue?theme=drugs", headers=headers).json()
    [group] = found["by_entity"]
    [hit] = group["hits"]
    assert hit["entity_id"] == "a1" and hit["precision"] == 0.0 and hit["case_ref"] == "RIEC-Q-1"
    token = form_csrf(client.get("/signalen").text)  # the session's, as the login returned
    answer = client.post(
        f"/api/v1/signal-hits/{hit['id']}/verdicts",
        json={"verdict": "relevant", "reason": "kwekerij gevonden"},
        headers=headers | {"X-CSRF-Token": token},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["verdict"] == "relevant"
    again = client.get("/api/v1/signal-queue?theme=drugs", headers=headers).json()
    assert again["by_entity"][0]["hits"][0]["verdict_reason"] == "kwekerij gevonden"


def test_the_queue_needs_the_purpose_of_an_integral_case(queued: Site) -> None:
    page = logged_in(queued, purpose="ondermijningsbeeld").get("/signalen")
    assert page.status_code == 400 and "kies dat doel" in page.text
