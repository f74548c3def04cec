"""The web application's pages: login and logout, CSRF, an explicit purpose, the banner, search
and the entity page — over the real app and store."""

import re

from fastapi.testclient import TestClient

from tests.factories import account_token
from tests.web.conftest import PASSWORD, USER, Site, form_csrf, logged_in
from verweven.access import Role


def banner(html: str, field: str) -> str:
    found = re.search(rf'id="wie-{field}"[^>]*>([^<]*)<', html)
    assert found, f"the banner has no {field}"
    return found.group(1).strip()


def test_every_page_with_data_sends_a_visitor_without_session_to_the_login(site: Site) -> None:
    client = TestClient(site.app)
    for path in ("/zoeken", "/zoeken?q=Jan", "/entiteit/p", "/doel"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/inloggen")


def test_a_login_without_the_forms_token_is_refused(site: Site) -> None:
    client = TestClient(site.app)
    client.get("/inloggen")
    answer = client.post(
        "/inloggen", data={"csrf": "forged", "gebruikersnaam": USER, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303 and "verweven_session" not in client.cookies


def test_a_wrong_password_shows_the_form_again_with_401(site: Site) -> None:
    client = TestClient(site.app)
    csrf = form_csrf(client.get("/inloggen").text)
    answer = client.post(
        "/inloggen", data={"csrf": csrf, "gebruikersnaam": USER, "wachtwoord": "fout fout fout"}
    )
    assert answer.status_code == 401 and "Onjuiste gebruikersnaam" in answer.text


def test_after_login_a_purpose_must_be_chosen_there_is_no_default(site: Site) -> None:
    client = logged_in(site, purpose=None)
    answer = client.get("/zoeken?q=Jan", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/doel")
    choices = re.findall(r'name="doel" value="([^"]+)"', client.get("/doel").text)
    assert choices == ["ondermijningsbeeld", "riec_casus"]


def test_the_banner_names_user_partner_purpose_case_and_classification(site: Site) -> None:
    client = logged_in(site, case="C-1")
    page = client.get("/entiteit/p").text
    assert banner(page, "gebruiker") == USER and banner(page, "partner") == "riec_oost"
    assert "riec_casus" in banner(page, "doel") and banner(page, "casus") == "C-1"
    # The case opens the secret police delivery: the page is as secret as its most secret value.
    assert banner(page, "rubricering") == "Geheim"
    assert banner(logged_in(site).get("/entiteit/p").text, "rubricering") == "Vertrouwelijk"


def test_the_entity_page_shows_each_value_with_its_delivery_partner_and_basis(
    site: Site,
) -> None:
    page = logged_in(site).get("/entiteit/p").text
    assert "Jan in d_gemeente" in page and "art. 2:7 WGS" in page and "gemeente" in page
    assert "Jan in d_politie" not in page  # secret: only for a named case


def test_search_finds_the_entity_and_links_to_it(site: Site) -> None:
    page = logged_in(site).get("/zoeken?q=Jan%20in%20d_kvk").text
    assert "1 resultaat" in page and 'href="/entiteit/p"' in page


def test_an_entity_outside_the_purpose_is_a_404_page_that_says_why(site: Site) -> None:
    answer = logged_in(site).get("/entiteit/onbekend")
    assert answer.status_code == 404 and "riec_casus" in answer.text


def test_logout_needs_the_forms_token_and_ends_the_session(site: Site) -> None:
    client = logged_in(site)
    session = client.cookies["verweven_session"]
    client.post("/uitloggen", data={"csrf": "forged"})
    assert client.get("/zoeken", follow_redirects=False).status_code == 200
    csrf = form_csrf(client.get("/zoeken").text)
    client.post("/uitloggen", data={"csrf": csrf})
    thief = TestClient(site.app)
    thief.cookies.set("verweven_session", session)
    assert thief.get("/zoeken", follow_redirects=False).status_code == 303


def test_pages_load_nothing_from_elsewhere_and_forbid_framing(site: Site) -> None:
    answer = TestClient(site.app).get("/inloggen")
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert answer.headers["x-frame-options"] == "DENY"
    assert not re.search(r'(src|href)="(https?:)?//', answer.text)


def test_no_page_has_an_id_twice_so_every_label_finds_its_field(site: Site) -> None:
    client = logged_in(site, case="C-1")
    for path in ("/doel", "/zoeken?q=Jan%20in%20d_kvk", "/entiteit/p"):
        ids = re.findall(r'\bid="([^"]+)"', client.get(path).text)
        assert len(ids) == len(set(ids)), path


def test_a_token_logs_in_too_as_the_local_user_of_verweven_serve_does(site: Site) -> None:
    token = account_token(site.store, Role.BIBOB, partner="gemeente")
    client = TestClient(site.app)
    csrf = form_csrf(client.get("/inloggen").text)
    answer = client.post("/inloggen", data={"csrf": csrf, "token": token})
    assert answer.status_code == 200 and "Waarvoor leest u?" in answer.text
    assert banner(answer.text, "partner") == "gemeente"


def test_logging_out_of_a_token_login_leaves_the_token_itself_working(site: Site) -> None:
    token = account_token(site.store, Role.ANALIST, partner="gemeente")
    client = TestClient(site.app)
    client.post("/inloggen", data={"csrf": form_csrf(client.get("/inloggen").text), "token": token})
    client.post("/uitloggen", data={"csrf": form_csrf(client.get("/doel").text)})
    assert client.get("/doel", follow_redirects=False).status_code == 303
    again = TestClient(site.app)
    csrf = form_csrf(again.get("/inloggen").text)
    assert "Waarvoor leest u?" in again.post("/inloggen", data={"csrf": csrf, "token": token}).text


def test_the_network_page_shows_each_relationship_with_its_deliveries(site: Site) -> None:
    page = " ".join(logged_in(site).get("/entiteit/a1/netwerk").text.split())
    assert "1 entiteit binnen 1 stap, verbonden door 1 relatie" in page
    assert 'href="/entiteit/b1">Eigenaar BV</a>' in page and "d_netwerk" in page


def test_the_network_page_of_an_unknown_entity_is_a_404(site: Site) -> None:
    assert logged_in(site).get("/entiteit/onbekend/netwerk").status_code == 404
