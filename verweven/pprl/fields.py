"""Person records as PPRL reads them, their normalisation and their q-grams.

Both partners must normalise alike, or the same person gets different encodings: the rules are
the resolution's (``verweven.resolve.normalise``): accents and case folded, surname particles
stripped ("van der Berg" and "Berg" are one surname, as in Dutch registers), the first given
name only (police write one, the BRP all), birth dates as digits with 00 for unknown parts.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from verweven.resolve.normalise import PARTICLE_GROUP, fold

_LEADING_PARTICLES = re.compile(rf"^(?:{PARTICLE_GROUP} +)+")
_TRAILING_PARTICLES = re.compile(rf"(?: {PARTICLE_GROUP})+$")
_SPLIT_FULL_NAME = re.compile(rf"^(.*?) ((?:{PARTICLE_GROUP} +)*[^ ]+)$")
_ABBREVIATED_VD = re.compile(r" v ?d ")
_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_DATE_DIGITS = re.compile(r"^[0-9]{8}$")
PAD = "_"


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as a partner has it; any field may be missing (None)."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    birth_date: str | None = None  # yyyymmdd or yyyy-mm-dd; 00 for an unknown month or day
    postcode: str | None = None


def _folded(value: str | None) -> str:
    """Folded text with "v.d." and "vd" written out as "van der"."""
    if not value:
        return ""
    return _ABBREVIATED_VD.sub(" van der ", f" {fold(value)} ").strip()


def normalise_first_name(value: str | None) -> str:
    """The first given name ("Jan Pieter" -> "jan"; initials "J.P." -> "j")."""
    tokens = _folded(value).split()
    return tokens[0] if tokens else ""


def normalise_last_name(value: str | None) -> str:
    """The surname without particles ("van der Berg", "Berg" and "vd Berg" -> "berg")."""
    return _LEADING_PARTICLES.sub("", _folded(value)).strip()


def normalise_birth_date(value: str | None) -> str:
    """A birth date as eight digits (19780512), or "" when it is not a date."""
    digits = re.sub(r"[^0-9]", "", value or "")
    return digits if _DATE_DIGITS.match(digits) else ""


def normalise_postcode(value: str | None) -> str:
    """A Dutch postcode as 1234AB, or "" when it is not one."""
    compact = re.sub(r"\s+", "", value or "").upper()
    return compact if _POSTCODE.match(compact) else ""


def split_full_name(value: str | None) -> tuple[str | None, str | None]:
    """(given names, surname) of a name in one field: "J.P. van der Berg" or "Berg, J.P. van"."""
    if not value:
        return None, None
    if "," in value:
        surname, given = value.split(",", 1)
        return _TRAILING_PARTICLES.sub("", _folded(given)) or None, surname.strip() or None
    match = _SPLIT_FULL_NAME.match(" " + _folded(value))
    if match is None:
        return None, value.strip() or None
    return match[1].strip() or None, match[2]


NORMALISERS = {
    "first_name": normalise_first_name,
    "last_name": normalise_last_name,
    "birth_date": normalise_birth_date,
    "postcode": normalise_postcode,
}


def normalise_fields(record: PersonRecord) -> dict[str, str]:
    """Every field of a record normalised ("" where missing)."""
    return {name: normalise(getattr(record, name)) for name, normalise in NORMALISERS.items()}


def split_qgrams(value: str, q: int) -> list[str]:
    """The q-grams of a value padded at both ends ("jan", 2 -> _j ja an n_); none for ""."""
    if not value:
        return []
    padded = PAD * (q - 1) + value + PAD * (q - 1)
    return [padded[i : i + q] for i in range(len(padded) - q + 1)]


def iter_tokens(
    values: dict[str, str], q_by_field: dict[str, int], salted: frozenset[str], salt: str
) -> Iterator[tuple[str, str]]:
    """(field, token) for each q-gram of each field; a salted field's tokens carry the salt, so
    the same q-gram with another salt hashes elsewhere. The field name is part of every token:
    "an" in a first name and in a surname set different bits."""
    for field, q in q_by_field.items():
        prefix = f"{field}\x1f{salt}\x1f" if field in salted else f"{field}\x1f"
        for gram in split_qgrams(values[field], q):
            yield field, prefix + gram


def pick_salt(values: dict[str, str], attribute: str) -> str:
    """The stable attribute a record's salted fields are hashed with ("" when unknown)."""
    if attribute == "birth_year":
        return values["birth_date"][:4]
    return ""
