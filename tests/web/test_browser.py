"""The web application in a real browser: Playwright drives Debian's Chromium (its executable,
no browser download) through login, purpose, search, the entity page and logout — by label
and keyboard, as a person would — and axe-core checks each page against WCAG 2.1 AA.

VERWEVEN_SCREENSHOTS=docs/screenshots keeps a screenshot of each page there (docs/api.md)."""

import os
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from tests.web.conftest import (
    COORDINATOR,
    MANAGER,
    OFFICER,
    PASSWORD,
    USER,
    Site,
    make_site,
    queue_hits,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("VERWEVEN_REQUIRE_BROWSER") == "1"
if CHROMIUM is None and REQUIRED:
    raise RuntimeError("Chromium is required (VERWEVEN_REQUIRE_BROWSER=1) but not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
# Fetched from the npm registry by `make` (see the Makefile), beside the environment.
AXE = Path(sys.prefix) / "share" / "verweven" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web application on a loopback port, on an embedded store."""
    site: Site = make_site(str(tmp_path_factory.mktemp("browser") / "web.duckdb"), None)
    queue_hits(site)
    with serving(site) as address:
        yield address


@contextmanager
def serving(site: Site) -> Iterator[str]:
    """Serve ``site`` on a free loopback port (its address), then close it and its store."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    site.pool.close()
    site.store.close()


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator["playwright_api.Browser"]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def new_page(browser: "playwright_api.Browser", **options: object) -> "playwright_api.Page":
    page = browser.new_page(**options)  # type: ignore[arg-type]
    page.set_default_timeout(15_000)
    return page


def log_in(page: "playwright_api.Page", served: str, case: str = "C-1") -> None:
    page.goto(served + "/")
    expect(page).to_have_url(f"{served}/inloggen?terug=/zoeken")
    log_in_until_purpose(page, served)
    choose_purpose(page, case)


def choose_purpose(
    page: "playwright_api.Page",
    case: str = "C-1",
    purpose: str = "Integrale casus van het RIEC (riec_casus)",
    user: str = USER,
) -> None:
    page.get_by_label(purpose).check()
    page.get_by_label("Casus- of dossiernummer").fill(case)
    page.get_by_role("button", name="Doel gebruiken").click()
    expect(page.locator("#wie-gebruiker")).to_have_text(user)


def search(page: "playwright_api.Page", text: str) -> None:
    field = page.get_by_label("Naam, nummer (BSN, KvK, kenteken) of adres")
    field.fill(text)
    field.press("Enter")
    expect(page.get_by_role("heading", name=f"1 resultaat voor “{text}”")).to_be_visible()


def test_an_analyst_logs_in_chooses_a_purpose_searches_reads_and_logs_out(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser)
    log_in(page, served)
    expect(page.locator("#wie-casus")).to_have_text("C-1")
    assert page.evaluate("typeof htmx") == "object"  # the vendored script loaded under the CSP
    search(page, "Jan in d_politie")
    page.get_by_role("link", name="Jan in d_politie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jan in d_politie")
    expect(page.locator("#wie-rubricering")).to_have_text("Geheim")
    table = page.get_by_role("table", name="Elke waarde met de levering")
    # A header and a name from each delivery serving riec_casus (d_beeld serves the picture).
    expect(table.get_by_role("row")).to_have_count(1 + 3)

    page.keyboard.press("Tab")  # the first stop is the skip link, for keyboard users
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    page.goto(served + "/zoeken")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_an_analyst_draws_the_network_expands_it_follows_a_path_and_exports_it(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser, accept_downloads=True)
    log_in(page, served)  # for case C-1: a case's data may leave for a named case
    page.goto(served + "/entiteit/a1/netwerk")
    drawing = page.get_by_role("region", name="Tekening")
    expect(drawing).to_be_visible()  # the script (Cytoscape, under the page's CSP) drew it
    chooser = page.get_by_label("Entiteit of relatie in de tekening")
    expect(chooser.locator("option")).to_have_count(1 + 2 + 1)  # none, two entities, one edge

    chooser.select_option(label="Eigenaar BV (Bedrijf)")  # by keyboard, as by a click
    detail = page.locator("#netwerk-detail")
    expect(detail.get_by_role("heading", name="Eigenaar BV")).to_be_visible()
    detail.get_by_role("button", name="Buren tonen").click()
    expect(page.get_by_role("status")).to_have_text("De buren van Eigenaar BV zijn toegevoegd.")
    expect(chooser.locator("option", has_text="Cor Veroordeeld (Persoon)")).to_have_count(1)

    page.get_by_label("Paden naar (id van een entiteit)").fill("cc1")
    page.get_by_role("button", name="Paden zoeken").click()
    expect(page.get_by_role("status")).to_have_text("1 kortste pad van 3 stappen getekend.")
    chooser.select_option(label="Cor Veroordeeld is partij in Parket 01/123")
    expect(detail.get_by_text("2 vastleggingen")).to_be_visible()  # the evidence, one choice away
    evidence = detail.get_by_role("link", name="De relatie met de herkomst van elke waarde")
    expect(evidence).to_be_visible()
    chooser.select_option(label="Cor Veroordeeld (Persoon)")
    expect(detail.get_by_text("partij in een strafzaak")).to_be_visible()

    with page.expect_download() as gexf:
        page.get_by_role("link", name="GEXF (Gephi)").click()
    text = Path(gexf.value.path()).read_text(encoding="utf-8")
    assert 'id="c1"' in text  # the expanded neighbourhood is part of the exported view
    with page.expect_download() as png:
        page.get_by_role("button", name="PNG (de tekening)").click()
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    chooser.select_option(label="Anna Eigenaar is eigenaar van Eigenaar BV")
    evidence.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ownership")
    values = page.get_by_role("table", name="Elke waarde met de levering")
    expect(values).to_contain_text("d_netwerk")


def test_an_analyst_filters_the_signals_queue_and_marks_a_hit(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser)
    log_in(page, served)
    page.get_by_role("link", name="Signalen").click()
    expect(page.locator("#aantal")).to_have_text("2 van 2 signalen die u voor dit doel mag zien.")
    page.get_by_label("Plaats").select_option("Tilburg")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#aantal")).to_have_text("1 van 2 signalen die u voor dit doel mag zien.")
    hit = page.locator(".signaal").filter(has_text="Bestuurder veroordeeld")
    hit.get_by_label("relevant", exact=True).check()
    hit.get_by_label("Reden").fill("bestuurder bekend uit de casus")
    hit.get_by_role("button", name="Oordeel vastleggen").click()
    expect(page.get_by_role("status")).to_have_text("Oordeel vastgelegd: relevant.")
    expect(page.get_by_label("Plaats")).to_have_value("Tilburg")  # the filter is kept
    expect(page.locator(".oordeel")).to_contain_text("bestuurder bekend uit de casus")


@pytest.mark.skipif(not AXE.exists() and not REQUIRED, reason="axe-core not fetched (make)")
def test_every_main_page_passes_axe_cores_wcag_21_aa_rules(
    served: str, browser: "playwright_api.Browser"
) -> None:
    # axe is injected as a script, which the pages' own CSP would rightly refuse.
    page = new_page(browser, bypass_csp=True)
    found = {}
    for name, visit in (
        ("inloggen", lambda: page.goto(served + "/inloggen")),
        ("doel", lambda: log_in_until_purpose(page, served)),
        ("zoeken", lambda: (choose_purpose(page), search(page, "Jan in d_kvk"))),
        ("entiteit", lambda: page.locator("#resultaten a").first.click()),
        ("netwerk", lambda: draw(page, served + "/entiteit/a1/netwerk?stappen=3")),
        ("paden", lambda: page.goto(served + "/netwerk/paden?van=a1&naar=cc1")),
        ("signalen", lambda: page.goto(served + "/signalen")),
    ):
        visit()
        found[name] = check_and_keep(page, name)
    assert found == {name: [] for name in found}


def draw(page: "playwright_api.Page", url: str) -> None:
    """Open a network page and wait until the script drew it (its chooser is filled)."""
    page.goto(url)
    expect(page.locator("#kies-element option")).not_to_have_count(0)
    expect(page.locator("#kies-element option")).not_to_have_count(1)


def check_and_keep(page: "playwright_api.Page", name: str) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page (and its screenshot, when asked)."""
    page.wait_for_load_state()
    page.add_script_tag(path=str(AXE))
    violations: list[str] = page.evaluate(
        "async tags => (await axe.run(document, {runOnly: tags})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        WCAG_21_AA,
    )
    shots = os.environ.get("VERWEVEN_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"{name}.png", full_page=True)
    return violations


def log_in_until_purpose(page: "playwright_api.Page", served: str, user: str = USER) -> None:
    """Log in (from the login page, or where it led), up to the page that asks the purpose."""
    if "/inloggen" not in page.url:
        page.goto(served + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(user)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Waarvoor leest u?")).to_be_visible()


def work_a_case(page: "playwright_api.Page", served: str, ref: str) -> None:
    """As the coordinator: open a case, make the resident a subject, move it to the advice."""
    log_in_until_purpose(page, served, COORDINATOR)
    choose_purpose(page, "", user=COORDINATOR)
    page.get_by_role("link", name="Casussen").click()
    page.get_by_label("Casusnummer").fill(ref)
    page.get_by_label("Titel").fill("Hennep Oost")
    page.get_by_label("Typologie").select_option("cannabis_farm")
    page.get_by_label("Reden: het signaal waar de casus mee begint").fill("energie x3")
    page.get_by_role("button", name="Casus openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{ref}: Hennep Oost")
    expect(page.locator("#wie-casus")).to_have_text(ref)
    page.get_by_label("Subject toevoegen: id van de entiteit (zie de entiteitpagina)").fill("a1")
    page.get_by_label("Reden", exact=True).fill("eigenaar van het pand")
    page.get_by_role("button", name="Subject toevoegen").click()
    expect(page.get_by_role("link", name="Anna Eigenaar")).to_be_visible()
    for state in ("weging", "hit/no-hit", "casusoverleg", "interventieadvies"):
        page.get_by_label("Reden van de stap").fill(f"naar {state}")
        page.get_by_role("button", name=f"Naar {state}").click()
    expect(page.locator("#toestand")).to_have_text("Interventieadvies")


def test_a_coordinator_opens_a_case_moves_it_and_sees_the_barrier_in_preparation(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser)
    work_a_case(page, served, "RIEC-BROWSER-1")
    barrier = page.locator('[data-barriere="pand_sluiten"]')
    expect(barrier).to_have_text("open")
    page.get_by_label(
        "Interventie adviseren: instrument tegen een barrière die het opwerpt"
    ).select_option("sluiting_13b:pand_sluiten")
    page.locator("#advies-reden").fill("kwekerij in woning")
    page.get_by_role("button", name="Interventie adviseren").click()
    expect(barrier).to_have_text("in voorbereiding")
    expect(
        page.get_by_role("table", name="Elke interventie met haar laatste stand")
    ).to_contain_text("Geadviseerd")
    # Only the one legal move is offered now; the page says so by its buttons.
    expect(page.get_by_role("button", name="Naar uitvoering")).to_be_visible()
    expect(page.get_by_role("button", name="Naar afgewezen")).to_have_count(0)


def test_a_coordinator_picks_a_subject_by_name_and_finds_the_plan_on_the_board(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser)
    work_a_case(page, served, "RIEC-BROWSER-2")
    field = page.get_by_label(
        "Subject zoeken: naam, BSN, KvK-nummer of adres, precies zoals geleverd"
    )
    field.fill("Eigenaar BV")
    field.press("Enter")
    expect(page.get_by_role("heading", name="1 resultaat voor “Eigenaar BV”")).to_be_visible()
    page.get_by_label("Reden voor Eigenaar BV").fill("bedrijf van de eigenaar")
    page.get_by_role("button", name="Eigenaar BV toevoegen").click()
    expect(page.get_by_role("link", name="Eigenaar BV").first).to_be_visible()
    page.get_by_label(
        "Interventie adviseren: instrument tegen een barrière die het opwerpt"
    ).select_option("sluiting_13b:pand_sluiten")
    page.locator("#advies-reden").fill("kwekerij in woning")
    page.get_by_role("button", name="Interventie adviseren").click()
    page.goto(served + "/casussen")
    page.get_by_role("link", name="Open interventies per partner").click()
    board = page.get_by_role("table", name="gemeente")
    expect(board).to_contain_text("RIEC-BROWSER-2")
    expect(board).to_contain_text("Geadviseerd")


def test_a_bibob_officer_screens_an_applicant_and_opens_the_report(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser)
    screen_applicant(page, served)
    expect(page.get_by_role("heading", name="Horeca BV")).to_be_visible()
    expect(page.get_by_role("link", name="Frits Geldschieter")).to_be_visible()
    expect(page.locator("#beslistermijn-einde")).to_have_text("27-10-2026")
    page.get_by_role("link", name="Bevindingenrapport (afdrukbaar)").click()
    expect(page.get_by_role("cell", name="Frits Geldschieter").first).to_be_visible()


def screen_applicant(page: "playwright_api.Page", served: str) -> None:
    log_in_until_purpose(page, served, OFFICER)
    choose_purpose(page, "BIBOB-2026-3", "Bibob-onderzoek door een bestuursorgaan (bibob)",
                   OFFICER)  # fmt: skip
    page.get_by_role("link", name="Bibob", exact=True).click()
    page.get_by_label("KvK-nummer of id van de aanvrager").fill("12345678")
    page.get_by_label("Aanvraag ontvangen op (voor de termijnen; optioneel)").fill("2026-09-01")
    page.get_by_role("button", name="Onderzoeken").click()


@pytest.mark.skipif(not AXE.exists() and not REQUIRED, reason="axe-core not fetched (make)")
def test_the_casework_and_bibob_pages_pass_axe_cores_wcag_21_aa_rules(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser, bypass_csp=True)
    work_a_case(page, served, "RIEC-AXE-1")
    found = {"casus": check_and_keep(page, "casus")}
    page.goto(served + "/casus/RIEC-AXE-1?zoek=Anna+Eigenaar")
    expect(page.get_by_role("heading", name="1 resultaat voor “Anna Eigenaar”")).to_be_visible()
    found["casus-zoeken"] = check_and_keep(page, "casus-zoeken")
    page.goto(served + "/casussen")
    found["casussen"] = check_and_keep(page, "casussen")
    page.goto(served + "/interventies")
    found["interventies"] = check_and_keep(page, "interventies")
    officer = new_page(browser, bypass_csp=True)
    screen_applicant(officer, served)
    expect(officer.get_by_role("heading", name="Horeca BV")).to_be_visible()
    found["bibob"] = check_and_keep(officer, "bibob")
    keeper = new_page(browser, bypass_csp=True)
    keep_a_file(keeper, served, "BIBOB-AXE-1")
    found["bibob-dossier"] = check_and_keep(keeper, "bibob-dossier")
    keeper.get_by_role("link", name="Bibob-dossiers").click()
    found["bibob-dossiers"] = check_and_keep(keeper, "bibob-dossiers")
    assert found == {name: [] for name in found}


def keep_a_file(page: "playwright_api.Page", served: str, ref: str) -> None:
    """A Bibob officer opens a file by the form, records the LBB's answer and decides."""
    log_in_until_purpose(page, served, OFFICER)
    choose_purpose(page, "", "Bibob-onderzoek door een bestuursorgaan (bibob)", OFFICER)
    page.get_by_role("link", name="Bibob-dossiers").click()
    page.get_by_label("Dossiernummer").fill(ref)
    page.get_by_label("Bestuursorgaan").fill("burgemeester van Venlo")
    page.get_by_label("Instrument").select_option("vergunning")
    page.get_by_label("Wat wordt aangevraagd").fill("exploitatievergunning horeca")
    page.get_by_label("KvK-nummer of id van de aanvrager").fill("12345678")
    page.get_by_label("Volledige aanvraag ontvangen op").fill("2026-09-01")
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bibob-dossier {ref}")
    page.get_by_label("Over wie (KvK-nummer of id)").fill("hf")
    page.get_by_label("hit: bekend bij het LBB").check()
    page.get_by_label("Gevraagd op").fill("2026-09-02")
    page.get_by_label("Beantwoord op").fill("2026-09-04")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator("ul.lbb")).to_contain_text("Frits Geldschieter: hit")
    page.get_by_label("Uw besluit").select_option("lbb_advies")
    page.get_by_label("Motivering").fill("zeggenschap via de holding onduidelijk")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#besluit")).to_have_text("lbb advies")


def test_a_bibob_officer_keeps_a_file_and_decides_with_reasons(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser)
    keep_a_file(page, served, "BIBOB-WEB-9")
    expect(page.get_by_role("img", name="Netwerkbeeld van de kring van Horeca BV")).to_be_visible()
    expect(page.get_by_text("Holding BV: aandeelhouder van Horeca BV").first).to_be_visible()
    page.get_by_role("link", name="Bevindingenrapport (afdrukbaar)").click()
    expect(page.get_by_text("bekend bij het LBB (hit)")).to_be_visible()


@pytest.mark.skipif(not AXE.exists() and not REQUIRED, reason="axe-core not fetched (make)")
def test_the_beheerder_makes_a_token_and_the_management_pages_pass_axe_core(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser, bypass_csp=True)
    log_in_until_purpose(page, served, MANAGER)
    page.get_by_role("link", name="Leveringen").click()
    expect(page.get_by_role("table", name="Leveringen met partner")).to_contain_text("d_kvk")
    found = {"leveringen": check_and_keep(page, "leveringen")}
    page.get_by_role("link", name="Beheer").click()
    found["beheer"] = check_and_keep(page, "beheer")  # before a token is shown on it
    page.get_by_label("Label").fill("koppeling")
    page.get_by_label("Voor gebruiker (leeg: uzelf)").fill(USER)
    page.get_by_role("button", name="Token maken").click()
    expect(page.locator("#nieuw-token")).to_have_text(re.compile(r"^vw_"))
    page.get_by_role("link", name="Het beleid dat geldt (alleen lezen)").click()
    expect(page.get_by_role("heading", name="casework.cedar")).to_be_visible()
    found["beleid"] = check_and_keep(page, "beleid")
    assert found == {name: [] for name in found}
