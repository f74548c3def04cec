"""The undermining picture in a real browser: the maps drawn, a click on a buurt leads behind
its number, and both pages pass axe-core's WCAG 2.1 AA rules."""

from collections.abc import Iterator

import pytest

from tests.picture.test_build import deliver, write_areas
from tests.web.conftest import make_site
from tests.web.test_browser import (
    AXE,
    CHROMIUM,
    REQUIRED,
    check_and_keep,
    choose_purpose,
    expect,
    log_in_until_purpose,
    new_page,
    playwright_api,
    serving,
)
from verweven.settings import get_settings

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
PICTURE = "Regionaal ondermijningsbeeld (alleen geaggregeerd) (ondermijningsbeeld)"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("beeld")
    site = make_site(str(folder / "web.duckdb"), None)
    deliver(site.store, ("riec_casus", "ondermijningsbeeld"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VERWEVEN_GEO_DIR", str(write_areas(folder / "geo")))
        get_settings.cache_clear()
        with serving(site) as address:
            yield address
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator["playwright_api.Browser"]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.mark.skipif(not AXE.exists() and not REQUIRED, reason="axe-core not fetched (make)")
def test_the_picture_and_what_lies_behind_a_number_in_the_browser(
    served: str, browser: "playwright_api.Browser"
) -> None:
    page = new_page(browser, bypass_csp=True)  # axe is injected as a script
    log_in_until_purpose(page, served)
    choose_purpose(page, "", PICTURE)
    page.get_by_role("link", name="Ondermijningsbeeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ondermijningsbeeld Regio")
    maps = page.locator("figure.map")
    assert maps.count() >= 7
    for index in range(maps.count()):  # every buurt drawn on every map, with a size
        for code in ("BU20010000", "BU20010001"):
            box = maps.nth(index).locator(f'path[data-code="{code}"]').bounding_box()
            assert box is not None and box["width"] > 10 and box["height"] > 10
    found = {"beeld": check_and_keep(page, "beeld")}
    page.locator('#hennepkwekerij path[data-code="BU20010001"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Achter het getal")
    expect(page.get_by_role("link", name="Ander doel kiezen")).to_be_visible()
    found["beeld-achter"] = check_and_keep(page, "beeld-achter")
    assert found == {"beeld": [], "beeld-achter": []}
