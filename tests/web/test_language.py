"""The chrome of every page in English as a second language: Dutch by default, English once
chosen, the page's own content still Dutch (and marked so)."""

import re

from tests.web.conftest import Site, logged_in
from verweven.web.messages import _catalogue


def test_the_chrome_is_dutch_by_default_and_english_once_chosen(site: Site) -> None:
    client = logged_in(site)
    dutch = client.get("/zoeken").text
    assert ">Uitloggen<" in dutch and "<dt>Gebruiker</dt>" in dutch and 'lang="en"' in dutch
    answer = client.get("/taal?naar=en&terug=/zoeken", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/zoeken"
    english = client.get("/zoeken").text
    assert ">Log out<" in english and "<dt>User</dt>" in english and ">Skip to content<" in english
    assert re.search(r'<header class="banner" role="banner" lang="en">', english)
    assert "<h1>Zoeken</h1>" in english  # the content stays Dutch, under <html lang="nl">
    assert re.search(r'id="wie-rubricering"[^>]*data-secret="Secret"[^>]*>no data on this screen<',
                     english)  # fmt: skip
    client.get("/taal?naar=nl")
    assert ">Uitloggen<" in client.get("/zoeken").text


def test_an_unknown_language_or_a_foreign_return_falls_back(site: Site) -> None:
    client = logged_in(site)
    answer = client.get("/taal?naar=xx&terug=https://elders.example/", follow_redirects=False)
    assert answer.headers["location"] == "/zoeken"
    assert ">Uitloggen<" in client.get("/zoeken").text


def test_every_language_has_every_message() -> None:
    catalogue = _catalogue()
    assert all(catalogue[code].keys() == catalogue["nl"].keys() for code in catalogue)
