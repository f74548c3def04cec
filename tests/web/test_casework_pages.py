"""The casework pages over the real app and store: the coordinator's list, opening a case,
the case page with its forms, moves refused with the store's message, the barrier turning
to "in voorbereiding", and what an analyst may and may not do there."""

import re
from datetime import datetime

from fastapi.testclient import TestClient

from tests.factories import make_actor
from tests.web.conftest import COORDINATOR, Site, form_csrf, logged_in
from verweven.access import Role
from verweven.store import SignalHitRecord


def coordinator(site: Site, case: str = "") -> TestClient:
    return logged_in(site, "riec_casus", case, user=COORDINATOR)


def open_case(client: TestClient, ref: str) -> str:
    csrf = form_csrf(client.get("/casussen").text)
    form = {"casus": ref, "titel": "Hennep", "typologie": "cannabis_farm", "reden": "energie x3"}
    answer = client.post("/casussen", data={"csrf": csrf, **form})
    assert answer.status_code == 200 and f"{ref}: Hennep" in answer.text, answer.text
    return answer.text


def post(client: TestClient, path: str, **data: str) -> str:
    """Send a form of the case page (``path`` is /casus/{ref}/...) as the browser would."""
    case_page = "/".join(path.split("/")[:3])
    answer = client.post(path, data={"csrf": form_csrf(client.get(case_page).text), **data})
    assert answer.status_code == 200, answer.text
    return answer.text


def buttons(html: str) -> list[str]:
    return re.findall(r'name="naar" value="([^"]+)"', html)


def test_a_coordinator_opens_a_case_and_works_for_it(site: Site) -> None:
    client = coordinator(site)
    page = open_case(client, "RIEC-WEB-1")
    assert 'id="wie-casus">RIEC-WEB-1<' in page  # the banner names the case now
    assert buttons(page) == ["weging", "afgewezen"]  # only the moves the process allows
    listed = client.get("/casussen").text
    assert "RIEC-WEB-1" in listed and "Signaal" in listed


def test_a_case_runs_to_advice_and_the_barrier_is_in_preparation(site: Site) -> None:
    client = coordinator(site)
    open_case(client, "RIEC-WEB-2")
    page = post(client, "/casus/RIEC-WEB-2/subject", entiteit="a1", reden="eigenaar")
    assert 'href="/entiteit/a1">Anna Eigenaar</a>' in page
    for state in ("weging", "hit_no_hit", "casusoverleg", "interventieadvies"):
        page = post(client, "/casus/RIEC-WEB-2/stap", naar=state, reden=f"naar {state}")
    assert 'id="toestand" class="toestand">Interventieadvies<' in page
    assert 'data-barriere="pand_sluiten">open<' in page
    page = post(client, "/casus/RIEC-WEB-2/advies", maatregel="sluiting_13b:pand_sluiten",
                reden="kwekerij in woning")  # fmt: skip
    assert 'data-barriere="pand_sluiten">in voorbereiding<' in page
    assert "Geadviseerd" in page


def test_an_illegal_move_is_refused_with_the_stores_message(site: Site) -> None:
    client = coordinator(site)
    open_case(client, "RIEC-WEB-3")
    csrf = form_csrf(client.get("/casus/RIEC-WEB-3").text)
    form = {"csrf": csrf, "naar": "monitoring", "reden": "te vroeg"}
    answer = client.post("/casus/RIEC-WEB-3/stap", data=form)
    assert answer.status_code == 400
    assert "cannot move to monitoring; it can move to weging, afgewezen" in answer.text


def test_a_form_without_the_sessions_token_changes_nothing(site: Site) -> None:
    client = coordinator(site)
    open_case(client, "RIEC-WEB-4")
    answer = client.post("/casus/RIEC-WEB-4/stap",
                         data={"csrf": "vervalst", "naar": "weging", "reden": "x"})  # fmt: skip
    assert answer.status_code == 401
    assert 'class="toestand">Signaal<' in client.get("/casus/RIEC-WEB-4").text


def test_another_case_is_read_only_after_choosing_to_work_for_it(site: Site) -> None:
    client = coordinator(site)
    open_case(client, "RIEC-WEB-5")
    other = coordinator(site, case="RIEC-ANDERS")
    page = other.get("/casus/RIEC-WEB-5").text
    assert "Werken voor casus RIEC-WEB-5" in page and "Besluiten" not in page
    csrf = form_csrf(page)
    answer = other.post("/casus/RIEC-WEB-5/stap", data={"csrf": csrf, "naar": "weging",
                                                        "reden": "x"})  # fmt: skip
    assert answer.status_code == 400 and "u werkt voor casus RIEC-ANDERS" in answer.text


def test_an_analyst_reads_the_case_without_forms_and_may_not_move_it(site: Site) -> None:
    open_case(coordinator(site), "RIEC-WEB-6")
    analyst = logged_in(site, "riec_casus", "RIEC-WEB-6")
    page = analyst.get("/casus/RIEC-WEB-6").text
    assert "Besluiten" in page and buttons(page) == []
    form = {"csrf": form_csrf(page), "naar": "weging", "reden": "x"}
    answer = analyst.post("/casus/RIEC-WEB-6/stap", data=form)
    assert answer.status_code == 403
    assert analyst.get("/casussen").status_code == 403  # the overview is the coordinator's


def to_advice(client: TestClient, ref: str) -> None:
    open_case(client, ref)
    post(client, f"/casus/{ref}/subject", entiteit="a1", reden="eigenaar")
    for state in ("weging", "hit_no_hit", "casusoverleg", "interventieadvies"):
        post(client, f"/casus/{ref}/stap", naar=state, reden="verder")


def test_a_case_in_monitoring_shows_what_changed_around_its_subjects(site: Site) -> None:
    client = coordinator(site)
    to_advice(client, "RIEC-WEB-7")
    page = post(client, "/casus/RIEC-WEB-7/advies", maatregel="sluiting_13b:pand_sluiten",
                reden="pand")  # fmt: skip
    post(client, "/casus/RIEC-WEB-7/stap", naar="uitvoering", reden="advies vastgesteld")
    step = re.search(r'action="/casus/RIEC-WEB-7/interventie/([^"]+)"', client.get(
        "/casus/RIEC-WEB-7").text)  # fmt: skip
    assert step, "no report form in uitvoering"
    path = f"/casus/RIEC-WEB-7/interventie/{step.group(1)}"
    post(client, path, status="aanvaard", reden="akkoord")
    post(client, path, status="gepland", reden="gepland", gepland_op="2027-02-01")
    page = post(client, path, status="uitgevoerd", reden="gesloten")
    assert 'data-barriere="pand_sluiten">opgeworpen<' in page
    page = post(client, "/casus/RIEC-WEB-7/stap", naar="monitoring", reden="gesloten pand")
    assert "Monitoring sinds" in page and "Niets nieuws rond de subjecten." in page


def test_a_verdict_on_a_signal_hit_is_recorded_from_the_case_page(site: Site) -> None:
    reader = make_actor(site.store, Role.ANALIST, purpose="riec_casus", case="RIEC-WEB-8")
    hit = SignalHitRecord("energy_anomaly_drugs_record", 1, "a1", 3.0, "Verbruik x3",
                          ("s1",), ("d_netwerk",))  # fmt: skip
    site.store.record_signal_hits(reader, [hit], datetime(2026, 10, 1))
    client = coordinator(site)
    to_advice(client, "RIEC-WEB-8")
    page = client.get("/casus/RIEC-WEB-8").text
    assert "Verbruik x3" in page
    hit_id = re.search(r'name="signaal" value="([^"]+)"', page)
    assert hit_id
    page = post(client, "/casus/RIEC-WEB-8/terugkoppeling", signaal=hit_id.group(1),
                oordeel="relevant", reden="kwekerij gevonden")  # fmt: skip
    assert "oordeel: relevant (coordinator.web)" in page


def test_the_case_file_is_a_printable_export(site: Site) -> None:
    client = coordinator(site)
    to_advice(client, "RIEC-WEB-9")
    answer = client.get("/casus/RIEC-WEB-9/dossier")
    assert answer.status_code == 200 and "Anna Eigenaar" in answer.text
    assert "style-src 'sha256-" in answer.headers["content-security-policy"]
    exports = site.store._fetchall(
        "SELECT count(*) FROM audit_events WHERE action = 'export' "
        "AND target = 'web /casus/RIEC-WEB-9/dossier'"
    )
    assert exports[0][0] == 1


def test_the_subject_picker_finds_by_name_and_adds_the_entity(site: Site) -> None:
    client = coordinator(site)
    open_case(client, "RIEC-WEB-20")
    found = client.get("/casus/RIEC-WEB-20", params={"zoek": "Anna Eigenaar"}).text
    assert "1 resultaat voor “Anna Eigenaar”" in found
    assert 'name="entiteit" value="a1"' in found
    page = post(client, "/casus/RIEC-WEB-20/subject", entiteit="a1", reden="eigenaar")
    assert 'href="/entiteit/a1">Anna Eigenaar</a>' in page
    again = client.get("/casus/RIEC-WEB-20", params={"zoek": "Anna Eigenaar"}).text
    assert "al subject" in again and 'name="entiteit" value="a1"' not in again


def test_the_case_list_shows_planned_dates_and_the_board_waits_per_partner(site: Site) -> None:
    client = coordinator(site)
    to_advice(client, "RIEC-WEB-21")
    post(client, "/casus/RIEC-WEB-21/advies", maatregel="sluiting_13b:pand_sluiten", reden="pand")
    post(client, "/casus/RIEC-WEB-21/stap", naar="uitvoering", reden="advies vastgesteld")
    step = re.search(r'action="/casus/RIEC-WEB-21/interventie/([^"]+)"',
                     client.get("/casus/RIEC-WEB-21").text)  # fmt: skip
    assert step
    path = f"/casus/RIEC-WEB-21/interventie/{step.group(1)}"
    post(client, path, status="aanvaard", reden="akkoord")
    post(client, path, status="gepland", reden="gepland", gepland_op="2027-02-01")
    assert "01-02-2027 sluiting_13b" in client.get("/casussen").text
    board = client.get("/interventies").text
    assert '<h2 id="partner-1">gemeente</h2>' in board
    assert 'href="/casus/RIEC-WEB-21">RIEC-WEB-21</a>' in board
    assert "01-02-2027" in board and "Gepland" in board
    post(client, path, status="uitgevoerd", reden="gesloten")
    assert 'href="/casus/RIEC-WEB-21">RIEC-WEB-21</a>' not in client.get("/interventies").text
