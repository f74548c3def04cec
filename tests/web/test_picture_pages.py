"""The undermining picture's pages: the published picture for purpose ondermijningsbeeld, and
behind each number only what the visitor's purpose and case may read (both backends)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.picture.test_build import deliver, write_areas
from tests.web.conftest import OFFICER, Site, logged_in
from verweven.settings import get_settings


@pytest.fixture(scope="module")
def beeld_site(site: Site) -> Site:
    deliver(site.store, ("riec_casus", "ondermijningsbeeld"))
    return site


@pytest.fixture
def geo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = write_areas(tmp_path / "geo")
    monkeypatch.setenv("VERWEVEN_GEO_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_the_published_picture_draws_every_buurt_and_shows_no_record(
    beeld_site: Site, geo: Path
) -> None:
    page = logged_in(beeld_site, "ondermijningsbeeld").get("/beeld")
    assert page.status_code == 200
    assert "Patroon, geen bewijs" in page.text and "Ondermijningsbeeld" in page.text
    figures = page.text.count("<figure")
    assert figures >= 7
    assert page.text.count('data-code="BU20010001"') == figures  # every map draws every buurt
    assert "/beeld/achter?indicator=hennepkwekerij" in page.text
    assert "hk.kwekerij" not in page.text and "5001BB" not in page.text


def test_the_aggregate_purpose_is_sent_to_choose_another_behind_a_number(
    beeld_site: Site, geo: Path
) -> None:
    browser = logged_in(beeld_site, "ondermijningsbeeld")
    behind = browser.get("/beeld/achter?indicator=hennepkwekerij&gebied=GM2001&periode=totaal")
    assert behind.status_code == 403
    assert "Ander doel kiezen" in behind.text and "hk.kwekerij" not in behind.text


def test_an_analyst_for_a_case_sees_the_records_behind_a_number(
    beeld_site: Site, geo: Path
) -> None:
    browser = logged_in(beeld_site, "riec_casus", case="CASE-1")
    behind = browser.get("/beeld/achter?indicator=hennepkwekerij&gebied=GM2001&periode=2026")
    assert behind.status_code == 200, behind.text
    assert "2 feiten zichtbaar" in behind.text
    assert behind.text.count('href="/entiteit/hk.kwekerij.') == 2


def test_a_purpose_that_may_not_read_the_deliveries_sees_nothing_behind_a_number(
    beeld_site: Site, geo: Path
) -> None:
    browser = logged_in(beeld_site, "bibob", case="BIBOB-1", user=OFFICER)
    behind = browser.get("/beeld/achter?indicator=hennepkwekerij&gebied=GM2001&periode=totaal")
    assert behind.status_code == 200
    assert "0 feiten zichtbaar" in behind.text
    assert "politie_hennepkwekerijen" in behind.text and "/entiteit/" not in behind.text
    assert "Niet te lezen voor uw doel" in behind.text and "Niet aangeleverd" not in behind.text


def test_a_delivery_never_delivered_is_named_so_behind_a_number(
    beeld_site: Site, geo: Path
) -> None:
    browser = logged_in(beeld_site, "riec_casus", case="CASE-1")
    behind = browser.get("/beeld/achter?indicator=overbewoning&gebied=GM2001&periode=stand")
    assert behind.status_code == 200, behind.text
    assert "Niet aangeleverd" in behind.text and "brp_verblijfplaatsen" in behind.text
    assert "Niet te lezen voor uw doel" not in behind.text


def test_without_boundary_files_the_page_names_the_setting(beeld_site: Site) -> None:
    get_settings.cache_clear()
    page = logged_in(beeld_site, "ondermijningsbeeld").get("/beeld")
    assert page.status_code >= 400 and "VERWEVEN_GEO_DIR" in page.text


def test_the_api_gives_the_published_tables_and_refuses_records_to_the_picture(
    beeld_site: Site, geo: Path
) -> None:
    browser = logged_in(beeld_site, "ondermijningsbeeld")
    published = browser.get("/api/v1/picture", headers={"X-Verweven-Purpose": "ondermijningsbeeld"})
    assert published.status_code == 200, published.text
    farms = next(t for t in published.json()["tables"] if t["indicator"] == "hennepkwekerij")
    assert {c["count"] for c in farms["cells"]} <= {None, 0}  # 1, 2 and 3 farms are hidden
    refused = browser.get(
        "/api/v1/picture/drilldown?indicator=hennepkwekerij&area=GM2001",
        headers={"X-Verweven-Purpose": "ondermijningsbeeld"},
    )
    assert refused.status_code == 403
