"""The deliveries and administration pages over the real app and store (DuckDB and
PostgreSQL): datasets with freshness and quarantine counts, the refused rows for the
partner's own steward only, accounts and tokens for the beheerder, one's own tokens for
everyone, and the policy in force — read-only."""

import re

from tests.web.conftest import MANAGER, STEWARD, USER, Site, form_csrf, logged_in


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_datasets_page_shows_partner_basis_freshness_and_quarantine_counts(
    site: Site,
) -> None:
    page = logged_in(site, purpose=None).get("/gegevens")
    assert page.status_code == 200
    row = re.search(r'<tr id="levering-d_gemeente">(.*?)</tr>', page.text, re.DOTALL)
    assert row, "no row for d_gemeente"
    cells = text(row.group(1))
    assert "gemeente" in cells and "Vertrouwelijk" in cells and "1 / 1" in cells
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d", cells), "no date of the last delivery"


def test_the_quarantined_rows_are_for_the_partners_own_steward(site: Site) -> None:
    steward = logged_in(site, purpose="gegevensbeheer", user=STEWARD)
    own = steward.get("/gegevens/d_gemeente/quarantaine")
    assert own.status_code == 200 and "1 geweigerde regel" in own.text and "f.csv" in own.text
    # Another partner's delivery: the policy lets the steward see none of its rows.
    assert "0 geweigerde regels" in steward.get("/gegevens/d_politie/quarantaine").text
    analyst = logged_in(site, user=USER).get("/gegevens/d_gemeente/quarantaine")
    assert analyst.status_code == 200 and "f.csv" not in analyst.text


def test_the_beheerder_adds_an_account_issues_and_revokes_a_token(site: Site) -> None:
    client = logged_in(site, purpose=None, user=MANAGER)
    page = client.get("/beheer").text
    assert "analist.web" in page and "Account toevoegen" in page
    page = client.post("/beheer/gebruikers", data={
        "csrf": form_csrf(page), "gebruikersnaam": "nieuw.web", "partner": "gemeente",
        "rollen": ["analist"], "wachtwoord": "een lang genoeg wachtwoord"}).text  # fmt: skip
    assert "Account nieuw.web aangemaakt." in page
    page = client.post("/beheer/tokens", data={
        "csrf": form_csrf(page), "label": "koppeling", "dagen": "7",
        "gebruikersnaam": "nieuw.web"}).text  # fmt: skip
    token = re.search(r'id="nieuw-token">(vw_[^<]+)<', page)
    assert token, "the new token is not shown"
    whoami = client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert whoami.json()["user"] == "nieuw.web"
    token_id = re.search(r"Token (\S+) voor nieuw.web gemaakt", page)
    assert token_id
    page = client.post(f"/beheer/tokens/{token_id.group(1)}/intrekken",
                       data={"csrf": form_csrf(page)}).text  # fmt: skip
    assert f"Token {token_id.group(1)} ingetrokken." in page
    revoked = client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert revoked.status_code == 401
    page = client.post("/beheer/gebruikers/nieuw.web/uitschakelen",
                       data={"csrf": form_csrf(page)}).text  # fmt: skip
    assert "Account nieuw.web uitgeschakeld." in page


def test_an_analyst_sees_only_its_own_tokens_and_cannot_add_accounts(site: Site) -> None:
    client = logged_in(site, purpose=None)
    page = client.get("/beheer").text
    assert "Account toevoegen" not in page and "Uw tokens" in page
    assert "beheerder.web" not in text(page).replace(f"Gebruiker {USER}", "")
    forged = client.post("/beheer/gebruikers", data={
        "csrf": form_csrf(page), "gebruikersnaam": "stiekem.web", "partner": "gemeente",
        "rollen": ["beheerder"]})  # fmt: skip
    assert forged.status_code == 403


def test_a_form_without_the_sessions_token_changes_nothing(site: Site) -> None:
    client = logged_in(site, purpose=None, user=MANAGER)
    answer = client.post("/beheer/gebruikers", data={"csrf": "vals", "gebruikersnaam": "x.web",
                                                     "partner": "p", "rollen": ["analist"]},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and "x.web" not in client.get("/beheer").text


def test_a_bad_account_is_refused_naming_the_field(site: Site) -> None:
    client = logged_in(site, purpose=None, user=MANAGER)
    page = client.get("/beheer").text
    answer = client.post("/beheer/gebruikers", data={
        "csrf": form_csrf(page), "gebruikersnaam": "x.web", "partner": "gemeente"})  # fmt: skip
    assert answer.status_code == 400 and "roles" in answer.text


def test_the_policy_in_force_is_shown_read_only(site: Site) -> None:
    page = logged_in(site, purpose=None).get("/beheer/beleid").text
    assert "casework.cedar" in page and "signalen-beoordelen" in page and "purposes.yml" in page
    assert "<form" not in page.split('id="inhoud"')[1]
    api = logged_in(site, purpose=None).get("/api/v1/policy").json()
    assert {"data.cedar", "schema.cedarschema"} <= {f["name"] for f in api}


def test_the_dataset_overview_over_the_api(site: Site) -> None:
    found = logged_in(site, purpose=None).get("/api/v1/dataset-overview").json()
    [kvk] = [o for o in found if o["dataset"]["name"] == "d_kvk"]
    assert kvk["quarantined_total"] == 1 and kvk["runs"] >= 1 and kvk["last_delivery"]
