"""Dutch identifiers: validators and normalisers. Pure functions, no I/O.

The ingest (validation, quarantine), resolution (deterministic keys) and the synthetic region
generator all use these, so one definition of "valid" holds everywhere. python-stdnum is used
where it knows the identifier (BSN, IBAN, postcode, EAN check digits); the rest follows the
registers' published formats:

- BSN and RSIN: 9 digits, 11-check (weights 9..2 and -1); all zeros is not a number.
- KvK number: 8 digits; no check digit (the KvK dropped it).
- vestigingsnummer (KvK branch number): 12 digits.
- IBAN, any country: its country's length and account format, mod-97 check (python-stdnum
  knows every country's format; a German or Belgian IBAN is as valid as a Dutch one).
- VAT number (btw-nummer and other EU countries'), LEI and BIC: python-stdnum, per country
  where the number has one.
- postcode: 4 digits (first not 0) + 2 letters; SA, SD and SS are never issued.
- kenteken: one of the RDW side codes 1-14, letters from the consonants without C and Q
  (no vowels: A, E, I, O, U; the RDW has never issued C or Q), and none of the letter groups the
  RDW avoids (e.g. SS, SD, NSB, PVV, KKK).
- BAG id: 16 digits: municipality code (4, not 0000), object type code (2), sequence (10). Type
  codes: 01 verblijfsobject, 02 ligplaats, 03 standplaats, 10 pand, 20 nummeraanduiding,
  30 openbare ruimte.
- SBI code: 4 or 5 digits whose first two form a NACE rev. 2 division.
- EAN code of a grid connection: 18 digits starting with 871 and a GS1 check digit.
- kadastrale aanduiding: cadastral municipality (3 letters + 2 digits), section (1-2 letters),
  parcel number (1-5 digits), optionally ``A`` and an apartment index (1-4 digits).
"""

import re

from stdnum import bic as _bic
from stdnum import ean as _ean
from stdnum import iban as _iban
from stdnum import lei as _lei
from stdnum.eu import vat as _vat
from stdnum.nl import postcode as _postcode

__all__ = [
    "BAG_OBJECT_TYPES",
    "FIXED_LENGTH_NUMBERS",
    "KENTEKEN_SIDECODES",
    "format_kenteken",
    "is_valid_bag_id",
    "is_valid_bic",
    "is_valid_bsn",
    "is_valid_ean18",
    "is_valid_iban",
    "is_valid_kadastrale_aanduiding",
    "is_valid_kenteken",
    "is_valid_kvk",
    "is_valid_lei",
    "is_valid_postcode",
    "is_valid_rsin",
    "is_valid_sbi",
    "is_valid_vat",
    "is_valid_vestigingsnummer",
    "kenteken_sidecode",
    "normalise_iban",
    "normalise_kenteken",
    "normalise_postcode",
    "restore_leading_zeros",
]

BAG_OBJECT_TYPES: dict[str, str] = {
    "01": "verblijfsobject",
    "02": "ligplaats",
    "03": "standplaats",
    "10": "pand",
    "20": "nummeraanduiding",
    "30": "openbare ruimte",
}

# Identifiers of a fixed number of digits, which a spreadsheet stores as numbers and so strips
# of their leading zeros: (length, fewest digits a number can keep). A shorter number is more
# likely another number cut short than one whose zeros were dropped, so it is left for the
# validator to refuse. BSN and RSIN carry the 11-check, so a zero restored wrongly is caught;
# a KvK number's first two digits were the chamber's code (01, 02, ...): one zero at most;
# a BAG id starts with a municipality code of 4 digits (0003-1999): three zeros at most.
FIXED_LENGTH_NUMBERS: dict[str, tuple[int, int]] = {
    "bsn": (9, 7),
    "rsin": (9, 7),
    "kvk": (8, 7),
    "vestigingsnummer": (12, 6),
    "bag_id": (16, 13),
}

# Side code -> group pattern: L a letter, D a digit, groups separated by dashes.
KENTEKEN_SIDECODES: dict[int, str] = {
    1: "LL-DD-DD",
    2: "DD-DD-LL",
    3: "DD-LL-DD",
    4: "LL-DD-LL",
    5: "LL-LL-DD",
    6: "DD-LL-LL",
    7: "DD-LLL-D",
    8: "D-LLL-DD",
    9: "LL-DDD-L",
    10: "L-DDD-LL",
    11: "LLL-DD-L",
    12: "L-DD-LLL",
    13: "D-LL-DDD",
    14: "DDD-LL-D",
}
_SHAPE_TO_SIDECODE = {
    pattern.replace("-", ""): code for code, pattern in KENTEKEN_SIDECODES.items()
}
_KENTEKEN_FORBIDDEN_LETTERS = frozenset("AEIOUCQ")
_KENTEKEN_FORBIDDEN_GROUPS: tuple[str, ...] = (
    "SS",
    "SD",
    "SA",
    "GVD",
    "KKK",
    "KVT",
    "LPF",
    "NSB",
    "PKK",
    "PSV",
)
_KENTEKEN_FORBIDDEN_GROUPS += ("PVV", "SGP", "TBS", "VVD")

# NACE rev. 2 divisions (the first two digits of an SBI code).
_NACE_RANGES = "01-03 05-33 35-39 41-43 45-47 49-53 55-56 58-66 68-75 77-82 84-88 90-99"
_NACE_DIVISIONS = frozenset(
    division
    for span in _NACE_RANGES.split()
    for division in range(int(span[:2]), int(span[3:]) + 1)
)

_DIGITS = re.compile(r"[0-9]+")
_KADASTRALE_AANDUIDING = re.compile(r"[A-Z]{3}[0-9]{2} [A-Z]{1,2} [0-9]{1,5}( A [0-9]{1,4})?")


def _is_digits(value: str, length: int) -> bool:
    return len(value) == length and _DIGITS.fullmatch(value) is not None


def _passes_eleven_check(value: str) -> bool:
    """The 11-check of BSN and RSIN: 9 digits, weights 9..2 and -1, sum divisible by 11."""
    if not _is_digits(value, 9) or value == "000000000":
        return False
    weights = range(9, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(value[:8], weights, strict=True))
    return (total - int(value[8])) % 11 == 0


def is_valid_bsn(value: str) -> bool:
    """A burgerservicenummer: exactly 9 digits passing the 11-check."""
    return _passes_eleven_check(value)


def is_valid_rsin(value: str) -> bool:
    """An RSIN (legal entities' number): exactly 9 digits passing the 11-check."""
    return _passes_eleven_check(value)


def is_valid_kvk(value: str) -> bool:
    """A KvK (chamber of commerce) number: exactly 8 digits, not all zero."""
    return _is_digits(value, 8) and value != "00000000"


def is_valid_vestigingsnummer(value: str) -> bool:
    """A KvK branch number (vestigingsnummer): exactly 12 digits, not all zero."""
    return _is_digits(value, 12) and value != "000000000000"


def normalise_iban(value: str) -> str:
    """An IBAN without spaces, in upper case."""
    return value.replace(" ", "").strip().upper()


def is_valid_iban(value: str) -> bool:
    """An IBAN of any country: that country's length and account format, mod-97 check."""
    return bool(_iban.is_valid(normalise_iban(value)))


def is_valid_vat(value: str) -> bool:
    """A VAT number of an EU country (``NL004495445B01``, ``DE136695976``), checked by that
    country's rules."""
    return bool(_vat.is_valid(value))


def is_valid_lei(value: str) -> bool:
    """A Legal Entity Identifier: 20 characters, ISO 17442 check digits."""
    return bool(_lei.is_valid(value))


def is_valid_bic(value: str) -> bool:
    """A BIC (SWIFT code): 8 or 11 characters, with a known country code."""
    return bool(_bic.is_valid(value))


def restore_leading_zeros(value: str, identifier: str) -> str:
    """A fixed-length number whose leading zeros a spreadsheet dropped, with them back
    (``12345672`` as a BSN is ``012345672``); anything else as it is."""
    length, fewest = FIXED_LENGTH_NUMBERS.get(identifier, (0, 0))
    if fewest <= len(value) < length and value.isdigit():
        return value.zfill(length)
    return value


def normalise_postcode(value: str) -> str:
    """A postcode as ``1234AB``: without spaces, letters in upper case."""
    return value.replace(" ", "").strip().upper()


def is_valid_postcode(value: str) -> bool:
    """A Dutch postcode: 4 digits (first not 0) and 2 letters, never SA, SD or SS."""
    number = normalise_postcode(value)
    return len(number) == 6 and bool(_postcode.is_valid(number))


def normalise_kenteken(value: str) -> str:
    """A kenteken in upper case without dashes or spaces (the RDW's own form)."""
    return value.replace("-", "").replace(" ", "").strip().upper()


def kenteken_sidecode(value: str) -> int | None:
    """The RDW side code (1-14) whose letter/digit pattern the kenteken has, or None."""
    plate = normalise_kenteken(value)
    if len(plate) != 6 or not plate.isalnum() or not plate.isascii():
        return None
    shape = "".join("D" if char.isdigit() else "L" for char in plate)
    return _SHAPE_TO_SIDECODE.get(shape)


def is_valid_kenteken(value: str) -> bool:
    """A kenteken in one of side codes 1-14, without vowels, C, Q or avoided letter groups."""
    sidecode = kenteken_sidecode(value)
    if sidecode is None:
        return False
    plate = normalise_kenteken(value)
    if any(char in _KENTEKEN_FORBIDDEN_LETTERS for char in plate):
        return False
    groups = format_kenteken(plate).split("-")
    return not any(group in _KENTEKEN_FORBIDDEN_GROUPS for group in groups)


def format_kenteken(value: str) -> str:
    """The kenteken with dashes where its side code puts them (``GZ-123-X``); as is if unknown."""
    plate = normalise_kenteken(value)
    sidecode = kenteken_sidecode(plate)
    if sidecode is None:
        return plate
    sizes = [len(group) for group in KENTEKEN_SIDECODES[sidecode].split("-")]
    parts, start = [], 0
    for size in sizes:
        parts.append(plate[start : start + size])
        start += size
    return "-".join(parts)


def is_valid_bag_id(value: str, object_type: str | None = None) -> bool:
    """A 16-digit BAG id: municipality code, a known object type code, a sequence number.

    ``object_type`` (e.g. ``"01"``) additionally requires that type code.
    """
    if not _is_digits(value, 16) or value[:4] == "0000":
        return False
    code = value[4:6]
    if code not in BAG_OBJECT_TYPES:
        return False
    return object_type is None or code == object_type


def is_valid_sbi(value: str) -> bool:
    """An SBI activity code: 4 or 5 digits starting with a NACE rev. 2 division."""
    if _DIGITS.fullmatch(value) is None or len(value) not in (4, 5):
        return False
    return int(value[:2]) in _NACE_DIVISIONS


def is_valid_ean18(value: str) -> bool:
    """The EAN code of a Dutch grid connection: 18 digits, starting 871, GS1 check digit."""
    if not _is_digits(value, 18) or not value.startswith("871"):
        return False
    return bool(_ean.calc_check_digit(value[:-1]) == value[-1])


def is_valid_kadastrale_aanduiding(value: str) -> bool:
    """A cadastral designation such as ``BKV00 A 1234`` or ``BKV00 A 1234 A 12``."""
    return _KADASTRALE_AANDUIDING.fullmatch(value.strip()) is not None
