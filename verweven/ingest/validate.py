"""Validators for Dutch identifiers and values, by the name a mapping file uses."""

from collections.abc import Callable
from dataclasses import dataclass

from verweven.model import identifiers as ids


@dataclass(frozen=True)
class Validator:
    """A check and a sentence saying what a valid value looks like."""

    check: Callable[[str], bool]
    expected: str


VALIDATORS: dict[str, Validator] = {
    "bsn": Validator(ids.is_valid_bsn, "a BSN: 9 digits passing the 11-check"),
    "rsin": Validator(ids.is_valid_rsin, "an RSIN: 9 digits passing the 11-check"),
    "kvk": Validator(ids.is_valid_kvk, "a KvK number: 8 digits"),
    "vestigingsnummer": Validator(ids.is_valid_vestigingsnummer, "a branch number: 12 digits"),
    "iban": Validator(
        ids.is_valid_iban,
        "an IBAN: country code, check digits and an account number in that country's format "
        "(NL91ABNA0417164300, DE89370400440532013000)",
    ),
    "vat": Validator(ids.is_valid_vat, "a VAT number of an EU country (NL004495445B01)"),
    "lei": Validator(ids.is_valid_lei, "an LEI: 20 characters with valid check digits"),
    "bic": Validator(ids.is_valid_bic, "a BIC: 8 or 11 characters (ABNANL2A)"),
    "postcode": Validator(
        ids.is_valid_postcode,
        "a postcode: 4 digits (not starting with 0) and 2 letters, not SA, SD or SS",
    ),
    "kenteken": Validator(ids.is_valid_kenteken, "a kenteken in an RDW side code, no vowels"),
    "bag_id": Validator(ids.is_valid_bag_id, "a BAG id: 16 digits with a known type code"),
    "sbi": Validator(ids.is_valid_sbi, "an SBI code: 4 or 5 digits of a known NACE division"),
    "ean": Validator(ids.is_valid_ean18, "an EAN code: 18 digits with a valid check digit"),
    "kadastraal": Validator(
        ids.is_valid_kadastrale_aanduiding, "a cadastral designation such as BKV00 A 1234"
    ),
}
