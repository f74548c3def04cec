"""Where the person records to encode come from: the store (what the acting user may see) or a
CSV file of a partner that has no store."""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from verweven.access import Actor
from verweven.errors import InputError
from verweven.pprl.fields import PersonRecord, split_full_name
from verweven.resolve.records import (
    ADDRESS_PROPS,
    PERSON_PROPS,
    build_address_records,
    build_person_records,
)
from verweven.store import Store, create_table, scratch_connection

# A record's first name: its first given name, else its first initial (police, tax, banks).
STORE_RECORDS_SQL = """
SELECT unique_id, coalesce(first_name, substr(initials, 1, 1)) AS first_name,
    surname_full, birth_date, postcode
FROM records_person ORDER BY unique_id
"""


def read_store_records(
    store: Store, reader: Actor, datasets: Sequence[str] = ()
) -> list[PersonRecord]:
    """The Person records this reader may see (of ``datasets`` if given), as resolution builds
    them: the store's one audited bulk read per schema, then the shared record builders."""
    chosen = list(datasets)
    with scratch_connection() as con:
        for schema, props, name in (
            ("Address", ADDRESS_PROPS, "address_statements"),
            ("Person", PERSON_PROPS, "person_statements"),
        ):
            table = store.read_statement_table(reader, [schema], props=props, ordered=False)
            create_table(con, name, table)
            if chosen:
                con.execute(
                    f"DELETE FROM {name} WHERE NOT list_contains(?, CAST(dataset AS VARCHAR))",
                    [chosen],
                )
        build_address_records(con, "address_statements")
        build_person_records(con, "person_statements")
        rows = con.sql(STORE_RECORDS_SQL).fetchall()
    return [
        PersonRecord(str(row[0]), *(None if v is None else str(v) for v in row[1:])) for row in rows
    ]


@dataclass(frozen=True)
class CsvColumns:
    """Which columns of a partner's CSV hold what (a full name, or first and last name)."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    birth_date: str | None = None
    date_format: str = "%Y-%m-%d"
    postcode: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8-sig"


@dataclass(frozen=True)
class CsvRecords:
    """The records of a CSV file and what was skipped."""

    records: list[PersonRecord]
    duplicate_ids: int
    bad_dates: int


def compile_date_pattern(date_format: str) -> re.Pattern[str]:
    """A pattern for a date format of %Y, %m and %d that also takes 00 for unknown parts."""
    parts = {"%Y": r"(?P<Y>[0-9]{4})", "%m": r"(?P<m>[0-9]{1,2})", "%d": r"(?P<d>[0-9]{1,2})"}
    pattern = "".join(
        parts.get(token, re.escape(token)) for token in re.split(r"(%[Ymd])", date_format)
    )
    if not all(code in date_format for code in parts):
        raise InputError(f"date format {date_format!r} needs %Y, %m and %d")
    return re.compile(f"^{pattern}$")


def read_csv_records(path: Path, columns: CsvColumns) -> CsvRecords:
    """Person records from a CSV file; a repeated id keeps its first row (duplicate rows)."""
    pattern = compile_date_pattern(columns.date_format)
    try:
        handle = path.open(encoding=columns.encoding, newline="")
    except (OSError, LookupError) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    records: dict[str, PersonRecord] = {}
    duplicates = bad_dates = 0
    with handle:
        reader = csv.DictReader(handle, delimiter=columns.delimiter)
        _check_columns(path, reader.fieldnames or [], columns)
        for number, row in enumerate(reader, start=2):
            record_id = (row.get(columns.id) or "").strip()
            if not record_id:
                raise InputError(f"{path}: row {number}: column {columns.id!r} (the id) is empty")
            if record_id in records:
                duplicates += 1
                continue
            birth_date = _parse_date(pattern, _cell(row, columns.birth_date))
            bad_dates += birth_date is None and bool(_cell(row, columns.birth_date))
            first, last = _names(row, columns)
            records[record_id] = PersonRecord(
                record_id, first, last, birth_date, _cell(row, columns.postcode)
            )
    return CsvRecords(list(records.values()), duplicates, bad_dates)


def _check_columns(path: Path, header: Sequence[str], columns: CsvColumns) -> None:
    named = [columns.id, columns.first_name, columns.last_name, columns.full_name,
             columns.birth_date, columns.postcode]  # fmt: skip
    missing = [name for name in named if name and name not in header]
    if missing:
        raise InputError(
            f"{path}: row 1: no column {', '.join(map(repr, missing))}; the header has "
            f"{', '.join(header)} (is the delimiter {columns.delimiter!r} right?)"
        )
    if not (columns.full_name or columns.last_name):
        raise InputError(f"{path}: name a last-name column or a full-name column")


def _cell(row: dict[str, str], column: str | None) -> str | None:
    value = (row.get(column) or "").strip() if column else ""
    return value or None


def _names(row: dict[str, str], columns: CsvColumns) -> tuple[str | None, str | None]:
    if columns.full_name:
        given, surname = split_full_name(_cell(row, columns.full_name))
        return _cell(row, columns.first_name) or given, _cell(row, columns.last_name) or surname
    return _cell(row, columns.first_name), _cell(row, columns.last_name)


def _parse_date(pattern: re.Pattern[str], value: str | None) -> str | None:
    match = pattern.match(value or "")
    if match is None:
        return None
    return f"{match['Y']}{int(match['m']):02d}{int(match['d']):02d}"
