"""Inputs no signal may read: protected attributes and their proxies (DESIGN.md decision 7).

Checked twice: a definition's declared ``inputs`` may not name a forbidden property, and its
logic text (the SQL, or the source of its Python function) and the shared views may not mention
one. ``tests/signals/test_lawful.py`` fails the build when either happens.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Forbidden:
    """One forbidden input: a property (of any schema when ``schema`` is None) and why."""

    prop: str
    reason: str
    schema: str | None = None


PROTECTED = "protected ground (art. 1 Grondwet; art. 9 AVG where it reveals origin or belief)"
PROXY = "proxy of a protected attribute"
NAME_ORIGIN = "name parts reveal origin: signals work on resolved entities, never on names"
PLACE = "where someone lives is a proxy of origin (SyRI was aimed at chosen neighbourhoods)"

FORBIDDEN: tuple[Forbidden, ...] = (
    Forbidden("nationality", PROTECTED),
    Forbidden("citizenship", PROTECTED),
    Forbidden("gender", PROTECTED),
    Forbidden("ethnicity", PROTECTED),
    Forbidden("religion", PROTECTED),
    Forbidden("political", PROTECTED),
    Forbidden("birthCountry", PROXY),
    Forbidden("birthPlace", PROXY),
    Forbidden("spokenLanguage", PROXY),
    Forbidden("appearance", PROXY),
    Forbidden("eyeColor", PROXY),
    Forbidden("hairColor", PROXY),
    Forbidden("height", PROXY, "Person"),
    Forbidden("weight", PROXY, "Person"),
    Forbidden("country", "a person's country is a proxy of nationality", "Person"),
    Forbidden("name", NAME_ORIGIN, "Person"),
    Forbidden("alias", NAME_ORIGIN, "Person"),
    Forbidden("weakAlias", NAME_ORIGIN, "Person"),
    Forbidden("previousName", NAME_ORIGIN, "Person"),
    Forbidden("firstName", NAME_ORIGIN),
    Forbidden("secondName", NAME_ORIGIN),
    Forbidden("middleName", NAME_ORIGIN),
    Forbidden("lastName", NAME_ORIGIN),
    Forbidden("fatherName", NAME_ORIGIN),
    Forbidden("motherName", NAME_ORIGIN),
    Forbidden("nameSuffix", NAME_ORIGIN),
    Forbidden("title", NAME_ORIGIN, "Person"),
    Forbidden("region", PLACE, "Address"),
    Forbidden("postalCode", PLACE, "Address"),
)

# Words that may not occur in logic text, matched case-insensitively inside identifiers too
# (so `birthPlace`, `p.nationality` and `'geboorteland'` are all caught). Dutch source-column
# names are listed because a mapping could one day carry them into a value or a role.
FORBIDDEN_WORDS: tuple[str, ...] = (
    "nationality", "nationaliteit", "citizenship", "gender", "geslacht", "ethnicity",
    "etniciteit", "religion", "religie", "godsdienst", "political", "birthCountry",
    "geboorteland", "birthPlace", "geboorteplaats", "spokenLanguage", "country", "afkomst",
    "origin", "firstName", "voornaam", "voornamen", "lastName", "achternaam", "geslachtsnaam",
    "middleName", "fatherName", "motherName", "secondName", "nameSuffix", "eyeColor",
    "hairColor", "appearance", "buurtcode", "postalCode", "postcode",
)  # fmt: skip


def forbidden_inputs(pairs: set[tuple[str, str]]) -> list[str]:
    """Each declared (schema, property) input that is forbidden, with the reason."""
    found = []
    for schema, prop in sorted(pairs):
        for rule in FORBIDDEN:
            if rule.prop == prop and rule.schema in (None, schema):
                found.append(f"{schema}.{prop}: {rule.reason}")
    return found


def forbidden_words(text: str) -> list[str]:
    """The forbidden words that occur in a piece of logic text (case-insensitive)."""
    lowered = text.lower()
    return sorted({w for w in FORBIDDEN_WORDS if re.search(re.escape(w.lower()), lowered)})
