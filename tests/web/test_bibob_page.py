"""The Bibob page over the real app and store: a Bibob officer screens an applicant by KvK
number and sees its circle, the comparison and the deadlines; the report is an audited export
with its own narrow content policy."""

from tests.web.conftest import OFFICER, Site, logged_in


def test_an_officer_screens_an_applicant_and_sees_circle_comparison_and_deadlines(
    site: Site,
) -> None:
    client = logged_in(site, "bibob", "BIBOB-2026-3", user=OFFICER)
    page = client.get("/bibob", params={"aanvrager": "12345678", "ontvangen": "2026-09-01"})
    assert page.status_code == 200, page.text
    html = page.text
    assert '<h2 id="bevindingen">Horeca BV</h2>' in html
    assert "Zeggenschap (2)" in html and 'href="/entiteit/hf">Frits Geldschieter</a>' in html
    assert "niet opgegeven" in html
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
