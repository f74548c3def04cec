"""Named clean-up steps a mapping file applies to a column, in order.

Each takes the text of a cell and the source's reading context and returns the cleaned text,
``None`` for "no value", or raises ``ValueError`` saying what was expected (the value is then
quarantined, the rest of the row imported).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from verweven.model import identifiers as ids


@dataclass(frozen=True)
class Context:
    """How the delivery writes dates and decimals."""

    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    decimal: str = "."


Transform = Callable[[str, Context], str | None]
HOUSE_NUMBER = re.compile(r"^\s*(\d+)\s*[-\s]?\s*(.*?)\s*$")
EIGHT_DIGIT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
FLOAT_WRITTEN_WHOLE = re.compile(r"\d+[.,]0")  # 1234567.0: a float that is whole
SCIENTIFIC = re.compile(r"[-+]?\d+([.,]\d+)?[eE][-+]?\d+")
EXCEL_SERIAL = re.compile(r"\d{5}([.,]\d+)?")  # days since 1899-12-30: 10000 is 1927-05-18
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Amounts by decimal mark: plain, or with thousands grouped by the other mark.
AMOUNT = {
    ".": re.compile(r"-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?"),
    ",": re.compile(r"-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?"),
}


def strip(value: str, _: Context) -> str | None:
    return value.strip() or None


def collapse_spaces(value: str, _: Context) -> str | None:
    """Names as reported: single spaces, no padding."""
    return " ".join(value.split()) or None


def upper(value: str, _: Context) -> str | None:
    return value.strip().upper() or None


def digits(value: str, _: Context) -> str | None:
    """Identifiers written with spaces, dots or dashes (``1234.56.789``) as bare digits.

    A spreadsheet that stored the identifier as a number writes it as a float: ``1234567.0``
    is read as 1234567 (removing the dot would make it 12345670, another valid-looking
    number), and ``1.23457E+11`` is refused — that notation has already lost digits.
    """
    text = value.strip()
    if FLOAT_WRITTEN_WHOLE.fullmatch(text):
        text = text[:-2]
    elif SCIENTIFIC.fullmatch(text):
        raise ValueError(
            "digits, not a number in scientific notation (the spreadsheet has rounded it: "
            "export the column as text)"
        )
    cleaned = re.sub(r"[\s.\-]", "", text)
    if cleaned and not cleaned.isdigit():
        raise ValueError("digits only (spaces, dots and dashes are ignored)")
    return cleaned or None


def kvk_number(value: str, context: Context) -> str | None:
    """A KvK number as 8 digits, with the leading zero a spreadsheet dropped back (every
    fixed-length number validated as such gets its zeros back: see ``Mapper.clean``)."""
    cleaned = digits(value, context)
    return ids.restore_leading_zeros(cleaned, "kvk") if cleaned is not None else None


def postcode(value: str, _: Context) -> str | None:
    return ids.normalise_postcode(value) or None


def kenteken(value: str, _: Context) -> str | None:
    return ids.normalise_kenteken(value) or None


def iban(value: str, _: Context) -> str | None:
    return ids.normalise_iban(value) or None


def date(value: str, context: Context) -> str | None:
    """A date in one of the source's formats as ISO; unknown month or day (00) stays unknown."""
    text = value.strip()
    if not text:
        return None
    if match := EIGHT_DIGIT_DATE.match(text):
        year, month, day = match.groups()
        if month == "00":
            return year
        if day == "00":
            return f"{year}-{month}"
    for form in (*context.date_formats, "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        parsed = parse_excel_serial(text) if form == "excel" else parse_date(text, form)
        if parsed is None:
            continue
        if not 1850 <= parsed.year <= 2100:
            raise ValueError(f"a plausible date (year 1850-2100), got year {parsed.year}")
        return parsed.isoformat()
    hint = ""
    if EXCEL_SERIAL.fullmatch(text) and "excel" not in context.date_formats:
        hint = ' (a 5-digit number is an Excel serial date: add "excel" to date_formats)'
    raise ValueError(f"a date in one of the formats {', '.join(context.date_formats)}{hint}")


def parse_excel_serial(text: str) -> dt.date | None:
    """An Excel serial date (days since 1899-12-30; a time of day after the decimal mark is
    dropped), only in the 5-digit range so no year or yyyymmdd is taken for one."""
    if not EXCEL_SERIAL.fullmatch(text):
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(text[:5]))


def parse_date(text: str, form: str) -> dt.date | None:
    """``text`` in strptime format ``form``, or None. Day-month-year formats are matched with a
    compiled pattern first: strptime is a third of an ingest's time otherwise."""
    pattern = date_pattern(form)
    if pattern is not None:
        match = pattern.fullmatch(text)
        if match is None:
            return None
        try:
            return dt.date(int(match["Y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
    try:
        return datetime.strptime(text, form).date()
    except ValueError:
        return None


@lru_cache(maxsize=64)
def date_pattern(form: str) -> re.Pattern[str] | None:
    """A regex for formats made of %d, %m, %Y and punctuation (with an optional time part)."""
    if not re.fullmatch(r"(%[dmY]|[-/. ])+(T%H:%M:%S| %H:%M:%S)?", form):
        return None
    body = form.split("T%H")[0].split(" %H")[0]
    regex = re.escape(body)
    for code, group in (
        ("%d", r"(?P<d>\d{1,2})"),
        ("%m", r"(?P<m>\d{1,2})"),
        ("%Y", r"(?P<Y>\d{4})"),
    ):
        regex = regex.replace(re.escape(code), group)
    if len(body) < len(form):
        regex += r"[ T]\d{2}:\d{2}:\d{2}"
    return re.compile(regex)


def amount(value: str, context: Context) -> str | None:
    """A money amount as plain decimal text (``1.234,56`` with decimal comma → ``1234.56``)."""
    text = value.strip().replace("€", "").replace(" ", "")
    if not text:
        return None
    # An amount that does not fit the source's decimal mark is refused, not guessed: read
    # with the wrong one, "1.234,56" would become 1.23 or 123456.00.
    if not AMOUNT[context.decimal].fullmatch(text):
        example = "1.234,56" if context.decimal == "," else "1,234.56"
        raise ValueError(f"an amount with decimal mark {context.decimal!r}, e.g. {example}")
    if context.decimal == ",":
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    return f"{float(text):.2f}"


def house_number(value: str, _: Context) -> str | None:
    """The number part of a combined house number (``12a-3`` → ``12``)."""
    match = HOUSE_NUMBER.match(value)
    if not value.strip():
        return None
    if match is None:
        raise ValueError("a house number starting with digits, e.g. 12 or 12a-3")
    return match.group(1)


def house_addition(value: str, _: Context) -> str | None:
    """The letter/addition part of a combined house number (``12a-3`` → ``A-3``)."""
    match = HOUSE_NUMBER.match(value)
    if match is None:
        return None
    return match.group(2).upper() or None


def boolean(value: str, _: Context) -> str | None:
    text = value.strip().lower()
    if text in ("ja", "j", "yes", "true", "1", "y"):
        return "true"
    if text in ("nee", "n", "no", "false", "0"):
        return "false"
    if not text:
        return None
    raise ValueError("ja/nee (or yes/no, true/false, 1/0)")


TRANSFORMS: dict[str, Transform] = {
    "strip": strip,
    "name": collapse_spaces,
    "upper": upper,
    "digits": digits,
    "kvk_number": kvk_number,
    "postcode": postcode,
    "kenteken": kenteken,
    "iban": iban,
    "date": date,
    "amount": amount,
    "house_number": house_number,
    "house_addition": house_addition,
    "boolean": boolean,
}
