"""The network pages without a browser: the list view with Dutch relationship names and
marks, the drawing's elements, the paths between two entities, and the exports (GEXF, FtM
lines) as audited exports — over the real app on DuckDB and PostgreSQL."""

import json
import xml.etree.ElementTree as ET

from tests.web.conftest import Site, logged_in


def test_the_list_view_names_relationships_in_dutch_and_marks_a_party_in_a_court_case(
    site: Site,
) -> None:
    page = " ".join(logged_in(site).get("/entiteit/b1/netwerk").text.split())
    assert "<td>is eigenaar van</td>" in page and "<td>is bestuurder van</td>" in page
    assert 'Cor Veroordeeld</a> <span class="markering markering-strafzaak">' not in page
    page = " ".join(logged_in(site).get("/entiteit/c1/netwerk").text.split())
    assert "<td>is partij in</td>" in page
    assert 'Cor Veroordeeld</a> <span class="markering markering-strafzaak">' in page


def test_the_drawing_has_each_edge_with_its_evidence_and_each_node_with_its_marks(
    site: Site,
) -> None:
    answer = logged_in(site).get("/entiteit/a1/netwerk.json?stappen=3")
    assert answer.status_code == 200
    drawing = answer.json()
    nodes = {n["data"]["id"]: n["data"] for n in drawing["nodes"]}
    assert nodes["a1"]["afstand"] == 0 and nodes["cc1"]["afstand"] == 3
    assert nodes["c1"]["strafzaak"] and not nodes["a1"]["strafzaak"]
    assert nodes["a1"]["soort"] == "Persoon" and nodes["b1"]["soort"] == "Bedrijf"
    [owns] = [e["data"] for e in drawing["edges"] if e["data"]["entiteit"] == "o1"]
    assert owns["zin"] == "Anna Eigenaar is eigenaar van Eigenaar BV"
    assert owns["leveringen"] == ["d_netwerk"] and len(owns["vastleggingen"]) == 2
    assert drawing["rubricering"] == "confidential"


def test_the_drawing_of_an_unknown_entity_is_a_404_and_without_session_a_401(
    site: Site,
) -> None:
    assert logged_in(site).get("/entiteit/onbekend/netwerk.json").status_code == 404
    assert logged_in(site, purpose=None).get("/entiteit/a1/netwerk.json").status_code == 401


def test_the_paths_page_follows_every_step_with_its_evidence(site: Site) -> None:
    page = " ".join(logged_in(site).get("/netwerk/paden?van=a1&naar=cc1").text.split())
    assert "1 kortste pad van 3 stappen" in page
    assert "Anna Eigenaar is eigenaar van Eigenaar BV" in page
    assert "Cor Veroordeeld is bestuurder van Eigenaar BV" in page
    drawing = logged_in(site).get("/netwerk/paden.json?van=a1&naar=cc1").json()
    assert drawing["lengte"] == 3 and drawing["paden"][0][:4] == ["a1", "b1", "c1", "cc1"]


def test_the_view_exports_as_gexf_with_the_expanded_neighbourhoods_and_is_audited(
    site: Site,
) -> None:
    client = logged_in(site, case="C-1")  # a case's data leaves only for a named case
    answer = client.get("/entiteit/a1/netwerk/export?formaat=gexf&stappen=1")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    ids = {n.get("id") for n in ET.fromstring(answer.text).findall(".//{*}node")}
    assert ids == {"a1", "b1"}
    grown = client.get("/entiteit/a1/netwerk/export?formaat=gexf&stappen=1&uit=b1").text
    assert {n.get("id") for n in ET.fromstring(grown).findall(".//{*}node")} == {"a1", "b1", "c1"}
    exports = site.store._fetchall(
        "SELECT count(*) FROM audit_events WHERE action = 'export' AND target LIKE ?",
        ("web %/entiteit/a1/netwerk/export?formaat=gexf%",),
    )
    assert exports[0][0] == 2


def test_the_view_exports_as_ftm_lines_through_the_stores_export(site: Site) -> None:
    answer = logged_in(site, case="C-2").get("/entiteit/a1/netwerk/export?formaat=ftm&stappen=1")
    assert answer.status_code == 200
    entities = [json.loads(line) for line in answer.text.splitlines()]
    assert sorted(e["id"] for e in entities) == ["a1", "b1", "o1"]
    events = site.store._fetchall(
        "SELECT action FROM audit_events WHERE target LIKE ?",
        ("web %/entiteit/a1/netwerk/export?formaat=ftm%",),
    )
    assert [row[0] for row in events] == ["export"]


def test_an_unknown_export_format_is_refused(site: Site) -> None:
    answer = logged_in(site).get("/entiteit/a1/netwerk/export?formaat=pdf")
    assert answer.status_code == 400 and "kies gexf of ftm" in answer.text


def test_an_export_without_a_named_case_is_refused_and_audited(site: Site) -> None:
    answer = logged_in(site).get("/entiteit/b1/netwerk/export?formaat=gexf")
    assert answer.status_code == 403 and "may not export d_netwerk" in answer.text
    refused = site.store._fetchall(
        "SELECT decision FROM audit_events WHERE action = 'export' AND target LIKE ?",
        ("web %/entiteit/b1/netwerk/export?formaat=gexf%",),
    )
    assert [row[0] for row in refused] == ["deny"]
    ftm = logged_in(site).get("/entiteit/b1/netwerk/export?formaat=ftm")
    assert ftm.status_code == 403 and "may not export d_netwerk" in ftm.text
