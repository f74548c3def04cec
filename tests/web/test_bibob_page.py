"""The Bibob page over the real app and store: a Bibob officer screens an applicant by KvK
number and sees its circle, the comparison and the deadlines; the report is an audited export
with its own narrow content policy."""

import httpx
from fastapi.testclient import TestClient

from tests.web.conftest import OFFICER, Site, form_csrf, logged_in


def test_an_officer_screens_an_applicant_and_sees_circle_comparison_and_deadlines(
    site: Site,
) -> None:
    client = logged_in(site, "bibob", "BIBOB-2026-3", user=OFFICER)
    page = client.get("/bibob", params={"aanvrager": "12345678", "ontvangen": "2026-09-01"})
    assert page.status_code == 200, page.text
    html = page.text
    assert '<h2 id="bevindingen">Horeca BV</h2>' in html
    assert "Zeggenschap (2)" in html and 'href="/entiteit/hf">Frits Geldschieter</a>' in html
    assert 'id="geen-vragenformulier"' in html  # no questionnaire named: nothing compared
    assert 'id="beslistermijn-einde">27-10-2026' in html
    assert "/bibob/rapport?aanvrager=12345678&amp;ontvangen=2026-09-01" in html


def test_the_report_is_an_export_with_a_policy_of_its_own(site: Site) -> None:
    client = logged_in(site, "bibob", "BIBOB-2026-3", user=OFFICER)
    report = client.get("/bibob/rapport", params={"aanvrager": "12345678"})
    assert report.status_code == 200 and "Frits Geldschieter" in report.text
    policy = report.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'") and "style-src 'sha256-" in policy
    assert report.headers["x-frame-options"] == "DENY"
    exports = site.store._fetchall(
        "SELECT count(*) FROM audit_events WHERE action = 'export' AND target LIKE 'web %'"
    )
    assert exports[0][0] >= 1


def test_a_screening_for_another_purpose_shows_why_not(site: Site) -> None:
    client = logged_in(site, "riec_casus", "C-1")
    page = client.get("/bibob", params={"aanvrager": "12345678"})
    assert page.status_code == 400 and "purpose bibob" in page.text


def open_file(client: TestClient, ref: str) -> str:
    csrf = form_csrf(client.get("/bibob/dossiers").text)
    form = {
        "dossier": ref, "bestuursorgaan": "burgemeester van Venlo", "instrument": "vergunning",
        "onderwerp": "exploitatievergunning horeca", "aanvrager": "12345678",
        "ontvangen": "2026-09-01", "vragenformulier": "VL-2026-9",
    }  # fmt: skip
    answer = client.post("/bibob/dossiers", data={"csrf": csrf, **form})
    assert answer.status_code == 200, answer.text
    return answer.text


def post(client: TestClient, ref: str, what: str, **data: str) -> httpx.Response:
    csrf = form_csrf(client.get(f"/bibob/dossier/{ref}").text)
    return client.post(f"/bibob/dossier/{ref}/{what}", data={"csrf": csrf, **data})


def test_an_officer_opens_a_file_and_sees_its_screening_in_dutch(site: Site) -> None:
    client = logged_in(site, "bibob", "", user=OFFICER)
    page = open_file(client, "BIBOB-WEB-1")
    assert "<h1>Bibob-dossier BIBOB-WEB-1</h1>" in page
    assert "Holding BV: aandeelhouder van Horeca BV" in page  # the one mapping of labels.yml
    assert 'aria-label="Netwerkbeeld van de kring van Horeca BV"' in page
    assert 'id="beslistermijn-einde">27-10-2026' in page
    listed = client.get("/bibob/dossiers").text
    assert "BIBOB-WEB-1" in listed and "27-10-2026" in listed


def test_the_dates_the_lbb_answer_and_the_decision_are_recorded(site: Site) -> None:
    client = logged_in(site, "bibob", "", user=OFFICER)
    open_file(client, "BIBOB-WEB-2")
    dated = post(client, "BIBOB-WEB-2", "datum", soort="lbb_gevraagd", dag="2026-09-08",
                 reden="zeggenschap onduidelijk")  # fmt: skip
    assert dated.status_code == 200 and "Adviestermijn LBB</dt><dd>03-11-2026" in dated.text
    answered = post(client, "BIBOB-WEB-2", "lbb", over="hf", antwoord="hit",
                     gevraagd="2026-09-02", beantwoord="2026-09-04")  # fmt: skip
    assert "Frits Geldschieter: <strong>hit</strong>" in answered.text
    decided = post(client, "BIBOB-WEB-2", "besluit", besluit="weigeren",
                   motivering="ernstig gevaar, grond a")  # fmt: skip
    assert 'id="besluit">weigeren' in decided.text and "ernstig gevaar, grond a" in decided.text
    refused = post(client, "BIBOB-WEB-2", "besluit", besluit="verlenen", motivering="toch")
    assert refused.status_code == 400 and "decided already" in refused.text
    events = site.store._fetchall(
        "SELECT count(*) FROM audit_events WHERE action = 'bibob_work' "
        "AND target = 'bibob file BIBOB-WEB-2: besluit weigeren'"
    )
    assert events[0][0] == 1


def test_a_decision_without_reasons_is_shown_the_stores_refusal(site: Site) -> None:
    client = logged_in(site, "bibob", "", user=OFFICER)
    open_file(client, "BIBOB-WEB-3")
    refused = post(client, "BIBOB-WEB-3", "besluit", besluit="verlenen", motivering=" ")
    assert refused.status_code == 400 and "states its reasons" in refused.text


def test_the_file_report_is_an_export_with_the_picture(site: Site) -> None:
    client = logged_in(site, "bibob", "", user=OFFICER)
    open_file(client, "BIBOB-WEB-4")
    report = client.get("/bibob/dossier/BIBOB-WEB-4/rapport")
    assert report.status_code == 200 and "burgemeester van Venlo" in report.text
    assert '<figure id="netwerkbeeld">' in report.text
    assert report.headers["content-security-policy"].startswith("default-src 'none'")


def test_an_analyst_cannot_open_a_bibob_file(site: Site) -> None:
    client = logged_in(site, "riec_casus", "C-1")
    answer = client.get("/bibob/dossier/C-1")
    assert answer.status_code == 403
