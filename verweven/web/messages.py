"""The chrome of every page — banner and menu — in Dutch (the default) or English, from one
small catalogue (``berichten.yml``); the choice is kept in a cookie."""

from functools import cache
from pathlib import Path

import yaml
from fastapi import Request

CATALOGUE = Path(__file__).parent / "berichten.yml"
LANGUAGE_COOKIE = "verweven_taal"
DEFAULT = "nl"


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    missing = {
        f"{language}.{key}"
        for language in loaded
        for key in loaded[DEFAULT].keys() ^ loaded[language].keys()
    }
    if missing:
        raise ValueError(f"{CATALOGUE}: not every language has every message: {sorted(missing)}")
    return loaded


def languages() -> list[str]:
    return list(_catalogue())


def language_of(request: Request) -> str:
    """The language the visitor chose, else Dutch."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, DEFAULT)
    return chosen if chosen in _catalogue() else DEFAULT


def messages(language: str) -> dict[str, str]:
    return _catalogue()[language]


def other_language(language: str) -> str:
    """The language the switch in the banner offers (of two: the other one)."""
    return next(code for code in _catalogue() if code != language)
