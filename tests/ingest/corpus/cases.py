"""The hostile corpus: what partners really send, and what verweven must do with each file.

Every case is a small delivery made from a clean one (``deliveries``) plus its mapping, and the
outcome it must have: rows imported, rows and values quarantined with their reason, or the
whole file refused with a message. ``tests/ingest/test_corpus.py`` runs every case on DuckDB
and on PostgreSQL, twice (an identical re-run adds nothing); the table in ``docs/ingest.md``
("What happens to a bad file") is generated from these cases and checked against them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tests.ingest.corpus.deliveries import (
    BRP_COLUMNS,
    TRANSACTION_COLUMNS,
    brp_mapping,
    brp_rows,
    bsn,
    csv_text,
    jsonl_bytes,
    person_id,
    transaction_rows,
    transactions_mapping,
    xlsx_bytes,
    zip_bytes,
)

ROWS = brp_rows()
CLEAN = csv_text(ROWS)
LINES = CLEAN.splitlines(keepends=True)  # header + 10 rows, each ended by \n
HUGE = 20_000  # characters: over the 10,000 a value may have


@dataclass(frozen=True)
class Expected:
    """What a case must end in. ``rows`` and ``values`` hold one reason fragment per
    quarantined row or value ("column: fragment" for a value); ``stored`` holds (entity id,
    property, value) triples that must be in the store afterwards."""

    imported: int = 0
    rows: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    refused: str | None = None
    stored: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Case:
    """One hostile delivery: its files, its mapping, and what must happen."""

    name: str
    sent: str  # what the partner sent, for the docs table
    result: str  # what verweven does with it, for the docs table
    files: Callable[[], dict[str, bytes]]
    expected: Expected
    mapping: Callable[[str], str] = field(default=lambda path: brp_mapping(path=path))


def brp(text: str, encoding: str = "utf-8") -> Callable[[], dict[str, bytes]]:
    return lambda: {"brp.csv": text.encode(encoding)}


def with_line(number: int, line: str) -> str:
    """The clean file with data row ``number`` (1-based) replaced by ``line``."""
    lines = list(LINES)
    lines[number] = line
    return "".join(lines)


def row_line(row: dict[str, str], **changes: str) -> str:
    return ";".join({**row, **changes}[column] for column in BRP_COLUMNS) + "\n"


def with_extra_columns(*names: str) -> str:
    """The clean file with columns added at the end of every line (values "x1", "x2", ...)."""
    header, *rows = LINES
    added = [header.replace("\n", "".join(f";{name}" for name in names) + "\n")]
    values = "".join(f";x{number}" for number in range(1, len(names) + 1))
    return "".join(added + [row.replace("\n", values + "\n") for row in rows])


def stored_name(number: int, value: str) -> tuple[str, str, str]:
    return (person_id(ROWS[number - 1]), "firstName", value)


def transactions(rows: list[dict[str, str]]) -> Callable[[], dict[str, bytes]]:
    return lambda: {"transacties.csv": csv_text(rows, TRANSACTION_COLUMNS).encode("utf-8")}


def transactions_with(**changes: str) -> list[dict[str, str]]:
    """The clean transactions, the first one changed."""
    rows = transaction_rows()
    rows[0] = {**rows[0], **changes}
    return rows


def brp_jsonl() -> dict[str, bytes]:
    lines = jsonl_bytes(ROWS[:5]).decode().splitlines(keepends=True)
    lines[2] = lines[2][: len(lines[2]) // 2] + "\n"  # a line cut in half: not JSON
    return {"brp.jsonl": "".join(lines).encode()}


def brp_xlsx() -> dict[str, bytes]:
    """Persons as Excel keeps them: BSN and dates of birth as numbers or date cells."""
    rows: list[list[object]] = []
    for row in ROWS[:4]:
        born = row["geboortedatum"]
        cells: dict[str, object] = {
            **row,
            "bsn": float(row["bsn"]),  # a number cell: 100079192.0
            "geboortedatum": date(int(born[:4]), int(born[4:6]), int(born[6:])),
        }
        rows.append([cells[column] for column in BRP_COLUMNS])
    rows[1][1] = int(bsn(1_234_567))  # 012345674 stored as the number 12345674
    return {"brp.xlsx": xlsx_bytes(BRP_COLUMNS, rows)}


def cut_xlsx() -> dict[str, bytes]:
    data = brp_xlsx()["brp.xlsx"]
    return {"brp.xlsx": data[: len(data) // 2]}


def brp_zip() -> dict[str, bytes]:
    first, second = csv_text(ROWS[:6]), csv_text(ROWS[6:])
    members = {
        "levering/personen_1.csv": first.encode(),
        "levering/personen_2.csv": second.encode(),
        "levering/toelichting.pdf": b"%PDF-1.4 not read",
    }
    return {"levering.zip": zip_bytes(members)}


SERIAL_DATES = with_line(1, row_line(ROWS[0], geboortedatum="22007"))  # 1960-04-01
BSN_LOST_ZERO = bsn(1_234_567)  # 012345674
DE = "DE89370400440532013000"
COMPANY = "bank_transacties.company.T0001"
DE_BAD_CHECK = "DE89370400440532013001"

CASES: tuple[Case, ...] = (
    Case(
        "clean",
        "a clean delivery (10 persons)",
        "every row imported",
        brp(CLEAN),
        Expected(imported=10, stored=(stored_name(2, "José"),)),
    ),
    Case(
        "stray_quote",
        'a stray quote: first name `"Bertje` in row 3',
        "that one row quarantined; reading goes on at the next line",
        brp(with_line(3, row_line(ROWS[2], voornamen='"Bertje'))),
        Expected(imported=9, rows=("a quote",), stored=(stored_name(4, "Fatima"),)),
    ),
    Case(
        "two_stray_quotes",
        "a quote opened in row 3 and one closed in row 6",
        "row 3 quarantined; rows 4-6 still imported, none swallowed",
        brp(
            with_line(3, row_line(ROWS[2], voornamen='"Bertje')).replace(
                row_line(ROWS[5]), row_line(ROWS[5], voornamen='Johannes"')
            )
        ),
        Expected(imported=9, rows=("a quote",), stored=(stored_name(4, "Fatima"),)),
    ),
    Case(
        "text_after_quote",
        'text after a closing quote: `"Bert"je`',
        "that row quarantined (bad quoting)",
        brp(with_line(3, row_line(ROWS[2], voornamen='"Bert"je'))),
        Expected(imported=9, rows=("bad quoting",)),
    ),
    Case(
        "quoted_line_break",
        'a quoted field with a line break in it (`"Den\\nBosch"`)',
        "imported; the line break becomes a space",
        brp(with_line(2, row_line(ROWS[1], geboorteplaats='"Den\nBosch"'))),
        Expected(imported=10, stored=((person_id(ROWS[1]), "birthPlace", "Den Bosch"),)),
    ),
    Case(
        "cut_in_last_field",
        'a file cut off inside its last field ("Reh" for "Rehorst")',
        "the cut row quarantined (the file ends without a line end)",
        brp(CLEAN[: CLEAN.rindex("Rehorst") + 3]),
        Expected(imported=9, rows=("the file ends inside this row",)),
    ),
    Case(
        "utf8_declared_cp1252",
        'a UTF-8 file ("José") under a mapping that declares cp1252',
        "refused: the bytes are UTF-8 (byte offset and line given)",
        brp(CLEAN),
        Expected(refused=r"line 3 \(byte \d+\): bytes C3 A9 are UTF-8 for 'é'.*declare"),
        mapping=lambda path: brp_mapping(path=path, encoding="cp1252"),
    ),
    Case(
        "cp1252_declared_utf8",
        "a cp1252 file under a mapping that declares UTF-8",
        "refused: the byte that is no UTF-8, with its offset and line",
        brp(CLEAN, encoding="cp1252"),
        Expected(refused=r"line 3 \(byte \d+\): byte\(s\) E9 cannot be read as utf-8"),
    ),
    Case(
        "bom_declared_utf8",
        "UTF-8 with a byte order mark, declared `utf-8`",
        "every row imported (the mark is skipped, not read into `a_nummer`)",
        brp(CLEAN, encoding="utf-8-sig"),
        Expected(imported=10),
    ),
    Case(
        "bom_declared_cp1252",
        "UTF-8 with a byte order mark, declared cp1252",
        "refused: the file is UTF-8",
        brp(CLEAN, encoding="utf-8-sig"),
        Expected(refused="starts with a UTF-8 byte order mark"),
        mapping=lambda path: brp_mapping(path=path, encoding="cp1252"),
    ),
    Case(
        "utf16",
        "a UTF-16 export, declared UTF-8",
        "refused: the UTF-16 byte order mark is named",
        brp(CLEAN, encoding="utf-16"),
        Expected(refused="starts with a UTF-16 byte order mark"),
    ),
    Case(
        "double_encoded_value",
        'one value already mangled by the partner\'s system ("JosÃ©")',
        "that value quarantined (what it meant is shown), the rest imported",
        brp(CLEAN.replace("José", "JosÃ©")),
        Expected(imported=10, values=("voornamen: encoded once",)),
    ),
    Case(
        "trailing_spaces",
        'values with spaces around them ("Venlo ", "  Jan ")',
        "imported with the spaces removed: one place, not two",
        brp(with_line(1, row_line(ROWS[0], geboorteplaats="Venlo ", voornamen="  Jan "))),
        Expected(
            imported=10,
            stored=(stored_name(1, "Jan"), (person_id(ROWS[0]), "birthPlace", "Venlo")),
        ),
    ),
    Case(
        "nul_in_value",
        "a NUL byte inside a first name",
        "that value quarantined (control character), the rest of the row imported",
        brp(with_line(4, row_line(ROWS[3], voornamen="Fat\x00ima"))),
        Expected(imported=10, values=("voornamen: control characters",)),
    ),
    Case(
        "mixed_line_ends",
        "rows ended by `\\r\\n`, `\\n` and `\\r` in one file",
        "every row imported",
        brp(
            "".join(
                line.replace("\n", ("\r\n", "\n", "\r")[number % 3])
                for number, line in enumerate(LINES)
            )
        ),
        Expected(imported=10),
    ),
    Case(
        "blank_lines",
        "empty lines and lines of only delimiters between rows",
        "skipped (counted as blank), every row imported",
        brp("".join(LINES[:4]) + "\n;;;;;;;\n" + "".join(LINES[4:])),
        Expected(imported=10),
    ),
    Case(
        "header_repeated",
        "the header again in the middle (two exports joined)",
        "that line quarantined as a repeated header",
        brp("".join(LINES[:6]) + LINES[0] + "".join(LINES[6:])),
        Expected(imported=10, rows=("the header row again",)),
    ),
    Case(
        "summary_line",
        'a closing summary line "Totaal: 10"',
        "quarantined (1 field where 8 were expected)",
        brp(CLEAN + "Totaal: 10\n"),
        Expected(imported=10, rows=("expected 8 fields, got 1",)),
    ),
    Case(
        "summary_row",
        'a closing summary row "Totaal: 10;;;;;;;"',
        "quarantined (only the record id has a value)",
        brp(CLEAN + "Totaal: 10;;;;;;;\n"),
        Expected(imported=10, rows=("only the record id has a value",)),
    ),
    Case(
        "extra_field",
        "a row with one field too many",
        "that row quarantined whole, with its raw text",
        brp(with_line(5, row_line(ROWS[4]).replace("\n", ";extra\n"))),
        Expected(imported=9, rows=("expected 8 fields, got 9",)),
    ),
    Case(
        "duplicate_mapped_column",
        "a mapped column twice in the header (`geboortedatum`)",
        "refused: which column holds the data is ambiguous",
        brp(with_extra_columns("geboortedatum")),
        Expected(refused=r"'geboortedatum' in columns 5, 9.*ambiguous"),
    ),
    Case(
        "duplicate_other_column",
        "an unmapped column twice in the header (`opmerking`)",
        "every row imported (neither copy is read)",
        brp(with_extra_columns("opmerking", "opmerking")),
        Expected(imported=10),
    ),
    Case(
        "empty_record_id",
        "a row without its record id (`a_nummer`)",
        "that row quarantined whole",
        brp(with_line(2, row_line(ROWS[1], a_nummer=""))),
        Expected(imported=9, rows=("record id column 'a_nummer' is empty",)),
    ),
    Case(
        "huge_record_id",
        f"a record id of {HUGE:,} characters",
        "that row quarantined whole, with its raw row kept",
        brp(with_line(2, row_line(ROWS[1], a_nummer="9" * HUGE))),
        Expected(imported=9, rows=(f"the record id is {HUGE:,} characters long",)),
    ),
    Case(
        "huge_value",
        f"a last name of {HUGE:,} characters",
        "that value quarantined, the rest of the row imported",
        brp(with_line(2, row_line(ROWS[1], geslachtsnaam="x" * HUGE))),
        Expected(imported=10, values=("geslachtsnaam: at most 10000 characters",)),
    ),
    Case(
        "bsn_checksum",
        "a BSN failing the 11-check",
        "that value quarantined, never used for matching",
        brp(with_line(1, row_line(ROWS[0], bsn=ROWS[0]["bsn"][:-1] + "0"))),
        Expected(imported=10, values=("bsn: 11-check",)),
    ),
    Case(
        "bsn_lost_zero",
        f"a BSN whose leading zero a spreadsheet dropped ({BSN_LOST_ZERO[1:]})",
        f"imported with the zero restored ({BSN_LOST_ZERO})",
        brp(with_line(1, row_line(ROWS[0], bsn=BSN_LOST_ZERO[1:]))),
        Expected(imported=10, stored=((person_id(ROWS[0]), "idNumber", BSN_LOST_ZERO),)),
    ),
    Case(
        "numbers_as_floats",
        'a BSN written as a float by a spreadsheet ("100079192.0")',
        "imported as 100079192 (not 1000791920)",
        brp(with_line(1, row_line(ROWS[0], bsn=ROWS[0]["bsn"] + ".0"))),
        Expected(imported=10, stored=((person_id(ROWS[0]), "idNumber", ROWS[0]["bsn"]),)),
    ),
    Case(
        "serial_dates",
        'a date of birth as an Excel serial number ("22007")',
        "that value quarantined, with the hint to declare `excel` dates",
        brp(SERIAL_DATES),
        Expected(imported=10, values=("geboortedatum: Excel serial date",)),
    ),
    Case(
        "serial_dates_declared",
        'the same, with `date_formats: ["%Y%m%d", "excel"]`',
        "imported: 22007 is 1960-04-01",
        brp(SERIAL_DATES),
        Expected(imported=10, stored=((person_id(ROWS[0]), "birthDate", "1960-04-01"),)),
        mapping=lambda path: brp_mapping(path=path, date_formats=["%Y%m%d", "excel"]),
    ),
    Case(
        "xlsx_export",
        "an Excel workbook: BSNs as number cells (one lost its zero), dates as date cells",
        "every row imported, the BSN with its zero",
        brp_xlsx,
        Expected(imported=4, stored=((person_id(ROWS[1]), "idNumber", BSN_LOST_ZERO),)),
        mapping=lambda path: brp_mapping(path=path, format="xlsx"),
    ),
    Case(
        "xlsx_cut",
        "a workbook cut off half-way",
        "refused: not a readable workbook",
        cut_xlsx,
        Expected(refused="not a readable XLSX workbook"),
        mapping=lambda path: brp_mapping(path=path, format="xlsx"),
    ),
    Case(
        "jsonl_broken_line",
        "JSON lines, one of them cut in half",
        "that line quarantined, the other lines imported",
        brp_jsonl,
        Expected(imported=4, rows=("not valid JSON",)),
        mapping=lambda path: brp_mapping(path=path, format="jsonl"),
    ),
    Case(
        "zip_archive",
        "a zip with two CSV files and a PDF",
        "both CSV files imported, each in a run of its own; the PDF named as not read",
        brp_zip,
        Expected(imported=10),
    ),
    Case(
        "decimal_comma",
        'semicolon CSV with decimal commas ("1.234,56")',
        "imported: 1234.56",
        transactions(transaction_rows()),
        Expected(
            imported=5,
            stored=(("bank_transacties.payment.T0001", "amount", "1234.56"),),
        ),
        mapping=lambda path: transactions_mapping(path=path),
    ),
    Case(
        "decimal_mark_mismatch",
        '"1.234,56" under a mapping that declares a decimal point',
        "those values quarantined: never read as 1.23",
        transactions(transaction_rows()),
        Expected(imported=5, values=("bedrag: decimal mark '.'",) * 5),
        mapping=lambda path: transactions_mapping(path=path, decimal="."),
    ),
    Case(
        "foreign_ibans",
        "IBANs of Germany, Belgium and France beside Dutch ones",
        "imported: each checked by its own country's rules",
        transactions(transaction_rows()),
        Expected(imported=5, stored=((f"bank_transacties.account.{DE}", "iban", DE),)),
        mapping=lambda path: transactions_mapping(path=path),
    ),
    Case(
        "iban_checksum",
        "a German IBAN with a wrong check digit",
        "that value quarantined",
        transactions(transactions_with(iban=DE_BAD_CHECK)),
        Expected(imported=5, values=("iban: an IBAN",)),
        mapping=lambda path: transactions_mapping(path=path),
    ),
    Case(
        "kvk_as_float",
        'a KvK number written as a float that lost its zero ("1234567.0")',
        "imported as 01234567",
        transactions(transactions_with(kvk_nummer="1234567.0")),
        Expected(
            imported=5,
            stored=(("bank_transacties.company.T0001", "registrationNumber", "01234567"),),
        ),
        mapping=lambda path: transactions_mapping(path=path),
    ),
    Case(
        "kvk_scientific",
        'a KvK number in scientific notation ("1.23457E+7")',
        "that value quarantined: its digits are already lost",
        transactions(transactions_with(kvk_nummer="1.23457E+7")),
        Expected(imported=5, values=("kvk_nummer: scientific notation",)),
        mapping=lambda path: transactions_mapping(path=path),
    ),
    Case(
        "header_only",
        "a header and no rows",
        "nothing imported, nothing refused",
        brp(LINES[0]),
        Expected(imported=0),
    ),
    Case(
        "empty_file",
        "an empty file",
        "refused: empty",
        brp(""),
        Expected(refused="the file is empty"),
    ),
    Case(
        "binary_file",
        "a binary file named .csv",
        "refused: binary content",
        lambda: {"brp.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50},
        Expected(refused="binary content"),
    ),
)


def markdown_table() -> str:
    """The docs table "What happens to a bad file", one line per case."""
    lines = ["| the partner sent | verweven | case |", "|---|---|---|"]
    lines += [f"| {case.sent} | {case.result} | `{case.name}` |" for case in CASES]
    return "\n".join(lines)
