"""Validators and normalisers of Dutch identifiers."""

from collections.abc import Callable

import pytest

from verweven.model.identifiers import (
    format_kenteken,
    is_valid_bag_id,
    is_valid_bsn,
    is_valid_ean18,
    is_valid_iban,
    is_valid_kadastrale_aanduiding,
    is_valid_kenteken,
    is_valid_kvk,
    is_valid_lei,
    is_valid_postcode,
    is_valid_rsin,
    is_valid_sbi,
    is_valid_vat,
    is_valid_vestigingsnummer,
    kenteken_sidecode,
    normalise_iban,
    normalise_kenteken,
    normalise_postcode,
    restore_leading_zeros,
)


@pytest.mark.parametrize("value", ["111222333", "123456782", "999999990"])
def test_bsn_passing_the_eleven_check_is_valid(value: str) -> None:
    assert is_valid_bsn(value)


@pytest.mark.parametrize("value", ["111222334", "12345678", "1234567820", "000000000", "11122233a"])
def test_bsn_failing_check_or_length_is_invalid(value: str) -> None:
    assert not is_valid_bsn(value)


def test_bsn_with_transposed_adjacent_digits_fails_the_check() -> None:
    assert not is_valid_bsn("112122333")


def test_rsin_uses_the_eleven_check() -> None:
    assert is_valid_rsin("111222333")
    assert not is_valid_rsin("111222332")


@pytest.mark.parametrize(("value", "valid"), [("01234567", True), ("1234567", False)])
def test_kvk_number_is_eight_digits(value: str, valid: bool) -> None:
    assert is_valid_kvk(value) is valid


def test_kvk_number_of_zeros_is_invalid() -> None:
    assert not is_valid_kvk("00000000")


def test_vestigingsnummer_is_twelve_digits() -> None:
    assert is_valid_vestigingsnummer("000012345678")
    assert not is_valid_vestigingsnummer("12345678")


def test_dutch_iban_with_good_check_digits_is_valid() -> None:
    assert is_valid_iban("NL91ABNA0417164300")
    assert is_valid_iban("nl91 abna 0417 1643 00")


@pytest.mark.parametrize(
    "value", ["DE89370400440532013000", "BE71096123456769", "GB82WEST12345698765432"]
)
def test_foreign_iban_is_checked_by_its_own_country(value: str) -> None:
    assert is_valid_iban(value)


@pytest.mark.parametrize(
    "value",
    [
        "NL91ABNA0417164301",  # check digits
        "DE89370400440532013001",  # check digits
        "NL91ABNA041716430",  # one digit short for NL
        "DE8937040044053201300",  # one digit short for DE
        "XX89370400440532013000",  # no such country
    ],
)
def test_iban_wrong_check_country_or_length_is_invalid(value: str) -> None:
    assert not is_valid_iban(value)


@pytest.mark.parametrize(
    ("value", "identifier", "restored"),
    [
        ("12345672", "bsn", "012345672"),
        ("1234567", "kvk", "01234567"),
        ("17432510", "vestigingsnummer", "000017432510"),
        ("363010000123456", "bag_id", "0363010000123456"),
        ("123456", "kvk", "123456"),  # too short to be a KvK number that lost a zero
        ("12a4567", "kvk", "12a4567"),  # not a number: for the validator to judge
        ("1234567", "postcode", "1234567"),  # not a fixed-length number
    ],
)
def test_leading_zeros_come_back_for_fixed_length_numbers(
    value: str, identifier: str, restored: str
) -> None:
    assert restore_leading_zeros(value, identifier) == restored


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (is_valid_vat, "NL004495445B01"),
        (is_valid_vat, "DE136695976"),
        (is_valid_lei, "7LTWFZYICNSX8D621K86"),
    ],
)
def test_foreign_identifiers_are_checked_by_stdnum(
    check: Callable[[str], bool], value: str
) -> None:
    assert check(value)
    assert not check(value[:-1] + ("0" if value[-1] != "0" else "1"))


def test_normalise_iban_removes_spaces_and_uppercases() -> None:
    assert normalise_iban(" nl91 abna 0417 1643 00") == "NL91ABNA0417164300"


@pytest.mark.parametrize("value", ["1234AB", "1234 ab", "9999ZZ"])
def test_valid_postcodes(value: str) -> None:
    assert is_valid_postcode(value)


@pytest.mark.parametrize("value", ["0123AB", "1234SA", "1234SD", "1234SS", "123AB", "1234A1"])
def test_invalid_postcodes(value: str) -> None:
    assert not is_valid_postcode(value)


def test_normalise_postcode_gives_digits_and_capitals() -> None:
    assert normalise_postcode(" 1234 ab") == "1234AB"


PLATES_BY_SIDECODE = {
    1: "BD-12-34", 2: "12-34-BD", 3: "12-BD-34", 4: "BD-12-FG", 5: "BD-FG-12", 6: "12-BD-FG",
    7: "12-BDF-3", 8: "1-BDF-23", 9: "GZ-123-X", 10: "G-123-XZ", 11: "GZB-12-K", 12: "G-12-BZK",
    13: "1-GZ-123", 14: "123-GZ-1",
}  # fmt: skip


@pytest.mark.parametrize(("sidecode", "plate"), PLATES_BY_SIDECODE.items())
def test_kenteken_in_each_sidecode_is_valid(plate: str, sidecode: int) -> None:
    assert kenteken_sidecode(plate) == sidecode
    assert is_valid_kenteken(plate)


@pytest.mark.parametrize("plate", ["AB-12-34", "12-BCD-3", "GQ-123-X", "BDFGHJ", "1234567"])
def test_kenteken_with_vowels_c_q_or_no_sidecode_is_invalid(plate: str) -> None:
    assert not is_valid_kenteken(plate)


def test_kenteken_with_an_avoided_letter_group_is_invalid() -> None:
    assert not is_valid_kenteken("12-NSB-3")
    assert not is_valid_kenteken("SS-12-34")


def test_kenteken_normalises_and_formats_by_sidecode() -> None:
    assert normalise_kenteken("gz-123-x") == "GZ123X"
    assert format_kenteken("gz123x") == "GZ-123-X"
    assert format_kenteken("123gz1") == "123-GZ-1"


@pytest.mark.parametrize("value", ["0363010000000001", "2001200000123456", "0796100000000042"])
def test_bag_id_with_municipality_and_type_code_is_valid(value: str) -> None:
    assert is_valid_bag_id(value)


@pytest.mark.parametrize("value", ["0000010000000001", "0363990000000001", "036301000000001"])
def test_bag_id_without_municipality_known_type_or_16_digits_is_invalid(value: str) -> None:
    assert not is_valid_bag_id(value)


def test_bag_id_can_require_an_object_type() -> None:
    assert is_valid_bag_id("0363010000000001", object_type="01")
    assert not is_valid_bag_id("0363010000000001", object_type="20")


@pytest.mark.parametrize(("code", "valid"), [("96021", True), ("4711", True), ("0401", False)])
def test_sbi_code_starts_with_a_nace_division(code: str, valid: bool) -> None:
    assert is_valid_sbi(code) is valid


def test_sbi_code_has_four_or_five_digits() -> None:
    assert not is_valid_sbi("962")
    assert not is_valid_sbi("960210")


def test_ean18_of_a_grid_connection_has_a_gs1_check_digit() -> None:
    assert is_valid_ean18("871687140000123459")
    assert not is_valid_ean18("871687140000123458")
    assert not is_valid_ean18("123687140000123459")


def test_kadastrale_aanduiding_with_and_without_apartment_index() -> None:
    assert is_valid_kadastrale_aanduiding("BKV00 A 1234")
    assert is_valid_kadastrale_aanduiding("BKV00 AB 12 A 3")
    assert not is_valid_kadastrale_aanduiding("BKV0 A 1234")
