"""Cleaning values and checking bytes: each rule that keeps a value from being corrupted."""

from pathlib import Path

import pytest

from verweven.errors import InputError
from verweven.ingest.encoding import check_text
from verweven.ingest.text import double_encoded, normalise_space, unreadable_character
from verweven.ingest.transforms import Context, amount, date, digits

COMMA = Context(("%d-%m-%Y",), ",")
POINT = Context(("%d-%m-%Y",), ".")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234.56.789", "123456789"), ("1234567.0", "1234567"), (" 111 222 333 ", "111222333")],
)
def test_digits_reads_separators_and_whole_floats(value: str, expected: str) -> None:
    assert digits(value, POINT) == expected


def test_digits_refuses_scientific_notation_that_lost_digits() -> None:
    with pytest.raises(ValueError, match="scientific notation"):
        digits("1.23457E+11", POINT)


@pytest.mark.parametrize(
    ("value", "context", "expected"),
    [
        ("1.234,56", COMMA, "1234.56"),
        ("1234,5", COMMA, "1234.50"),
        ("1.000.000", COMMA, "1000000.00"),
        ("1,234.56", POINT, "1234.56"),
        ("-12.5", POINT, "-12.50"),
    ],
)
def test_amount_reads_the_declared_decimal_mark(
    value: str, context: Context, expected: str
) -> None:
    assert amount(value, context) == expected


@pytest.mark.parametrize(
    ("value", "context"),
    [("1.234,56", POINT), ("1,5", POINT), ("1.234.5", COMMA), ("12,34,5", COMMA)],
)
def test_amount_contradicting_the_decimal_mark_is_refused(value: str, context: Context) -> None:
    with pytest.raises(ValueError, match="decimal mark"):
        amount(value, context)


def test_excel_serial_dates_only_when_declared() -> None:
    assert date("22007", Context(("%d-%m-%Y", "excel"))) == "1960-04-01"
    assert date("44562.5", Context(("excel",))) == "2022-01-01"
    with pytest.raises(ValueError, match="Excel serial date"):
        date("22007", COMMA)
    with pytest.raises(ValueError):
        date("1978", Context(("excel",)))  # a year, never taken for a serial


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Venlo ", "Venlo"),
        ("  Jan\t de\u00a0Vries ", "Jan de Vries"),
        ("\ufeffa_nummer", "a_nummer"),
    ],
)
def test_whitespace_is_normalised(value: str, expected: str) -> None:
    assert normalise_space(value) == expected


def test_unreadable_and_double_encoded_text_is_found() -> None:
    assert unreadable_character("Jan\x00") == "character U+0000 at position 4"
    assert unreadable_character("José Zoë") is None
    found = double_encoded("JosÃ© Zoë")
    assert found is not None and "meant 'é'" in found
    assert double_encoded("José") is None


def test_line_ends_of_every_kind_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"a\r\nb\nc\rd")
    text = check_text(path, "utf-8")
    assert (text.lines, text.ends_with_line_end, text.encoding) == (4, False, "utf-8")


def test_a_utf8_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"\xef\xbb\xbfa_nummer\n")
    assert check_text(path, "utf-8").encoding == "utf-8-sig"


def test_a_utf8_file_is_not_taken_for_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("naam\nJan\nJosé\n".encode())
    with pytest.raises(InputError, match=r"line 3 \(byte 12\): bytes C3 A9 are UTF-8 for 'é'"):
        check_text(path, "cp1252")
    path.write_bytes("naam\nJan\nJosé\n".encode("cp1252"))
    assert check_text(path, "cp1252").lines == 3
