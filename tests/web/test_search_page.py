"""Search that forgives typing errors, over the real app and store (DuckDB and PostgreSQL):
a misspelt name finds the person, a KvK number with spaces or a BSN without its leading
zero finds its entity — and a BSN only in deliveries the reader may read."""

import pytest

from tests.factories import load, make_dataset, make_entity, register
from tests.web.conftest import Site, logged_in
from verweven.model import Sensitivity


@pytest.fixture(scope="module")
def numbered(site: Site) -> Site:
    """A person with a BSN in a secret police delivery (read only for a named case)."""
    register(
        site.store,
        make_dataset("d_bsn", "politie", ("riec_casus",), sensitivity=Sensitivity.SECRET),
    )
    load(site.store, make_entity("bsn1", "d_bsn", name="Bert Nummer", idNumber="012345672"),
         dataset="d_bsn")  # fmt: skip
    return site


def test_a_misspelt_name_finds_the_person(site: Site) -> None:
    page = " ".join(logged_in(site).get("/zoeken?q=Ana%20Eigenar").text.split())
    assert "1 resultaat voor “Ana Eigenar”" in page
    assert 'href="/entiteit/a1">Anna Eigenaar</a>' in page and "2 verschillen" in page


def test_a_kvk_number_with_spaces_finds_the_company(site: Site) -> None:
    page = " ".join(logged_in(site).get("/zoeken?q=1234%205678").text.split())
    assert 'href="/entiteit/ha">Horeca BV</a>' in page and "gevonden als 12345678" in page


def test_a_bsn_is_found_only_where_the_policy_lets_the_reader_read(numbered: Site) -> None:
    # A spreadsheet dropped the leading zero; the police's delivery is read for a case only.
    without_case = logged_in(numbered).get("/zoeken?q=12345672").text
    assert "0 resultaten" in without_case and "Bert Nummer" not in without_case
    with_case = logged_in(numbered, case="C-9").get("/zoeken?q=12345672").text
    assert "Bert Nummer" in with_case and "gevonden als 012345672" in with_case


def test_the_search_api_gives_what_matched(site: Site) -> None:
    client = logged_in(site)
    found = client.get(
        "/api/v1/search?q=Eigenar%20BV", headers={"X-Verweven-Purpose": "riec_casus"}
    )
    [match] = found.json()["items"]
    assert (match["id"], match["matched"], match["distance"]) == ("b1", "Eigenaar BV", 1)
