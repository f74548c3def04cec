"""Read a delivery file as records: (line number, column → text), whatever its format.

A file that cannot be read as declared (missing, empty, binary, wrong encoding, broken
workbook, header without the mapped columns) raises InputError before anything is written.
A row that cannot be read is yielded as a ``BadRow`` for quarantine, never dropped.
"""

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from python_calamine import CalamineError, CalamineWorkbook

from verweven.errors import InputError
from verweven.ingest.mapping import SourceSpec

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Record:
    """One row of a delivery, every value as text ("" for empty)."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be read as a record: kept whole, with the reason."""

    line: int
    reason: str
    raw: str


Row = Record | BadRow


def iter_rows(path: Path, source: SourceSpec, required: set[str]) -> Iterator[Row]:
    """Records of a delivery file, after checking it can be read and has the needed columns."""
    check_file(path)
    if source.format == "csv":
        yield from iter_csv(path, source, required)
    elif source.format == "xlsx":
        yield from iter_xlsx(path, source, required)
    else:
        yield from iter_jsonl(path, source)


def check_file(path: Path) -> None:
    """Refuse missing, empty and binary files up front."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise InputError(f"{path}: the file is empty; expected a header row and data rows")
    if b"\x00" in head and not head.startswith(b"PK"):
        raise InputError(f"{path}: binary content (NUL bytes); expected a text delivery")


def check_header(path: Path, header: list[str], required: set[str], source: SourceSpec) -> None:
    """Every column the mapping uses must be in the header; say what was found instead."""
    missing = sorted(required - set(header))
    if not missing:
        return
    hint = ""
    if len(header) == 1 and source.format == "csv":
        hint = f" (only one column found: is the delimiter {source.delimiter!r} right?)"
    raise InputError(
        f"{path}, line 1 (header): missing column(s) {', '.join(missing)}; "
        f"found {', '.join(header) or 'none'}{hint}"
    )


def iter_csv(path: Path, source: SourceSpec, required: set[str]) -> Iterator[Row]:
    csv.field_size_limit(sys.maxsize)  # huge fields are refused per value, not by the parser
    with path.open("rb") as handle:
        reader = csv.reader(
            decoded_lines(path, handle, source.encoding), delimiter=source.delimiter
        )
        try:
            header = [name.strip() for name in next(reader, [])]
            check_header(path, header, required, source)
            for fields in reader:
                line = reader.line_num
                if not any(field.strip() for field in fields):
                    continue
                if len(fields) != len(header):
                    reason = f"expected {len(header)} fields, got {len(fields)}"
                    yield BadRow(line, reason, source.delimiter.join(fields))
                    continue
                yield Record(line, dict(zip(header, fields, strict=True)))
        except csv.Error as error:
            raise InputError(f"{path}, line {reader.line_num}: unreadable CSV: {error}") from None


def decoded_lines(path: Path, handle: BinaryIO, encoding: str) -> Iterator[str]:
    """Decode line by line, so a wrong encoding is reported at the line where it shows."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(
                f"{path}, line {number}: cannot be read as {encoding} "
                f"({error.reason} at column {error.start + 1}); is the encoding right?"
            ) from None


def iter_xlsx(path: Path, source: SourceSpec, required: set[str]) -> Iterator[Row]:
    """Rows of the named sheet (or the first), read with calamine (Rust; openpyxl is ten
    times slower on the region's Kadaster workbooks)."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError) as error:
        raise InputError(f"{path}: not a readable XLSX workbook ({error})") from None
    try:
        if source.sheet is not None and source.sheet not in workbook.sheet_names:
            raise InputError(
                f"{path}: no sheet {source.sheet!r}; found {', '.join(workbook.sheet_names)}"
            )
        if not workbook.sheet_names:
            raise InputError(f"{path}: the workbook has no sheets")
        sheet = workbook.get_sheet_by_name(source.sheet or workbook.sheet_names[0])
        rows = sheet.iter_rows()
        header = [cell_text(cell).strip() for cell in next(rows, ())]
        check_header(path, header, required, source)
        for line, cells in enumerate(rows, start=2):
            values = [cell_text(cell) for cell in cells]
            if not any(v.strip() for v in values):
                continue
            values += [""] * (len(header) - len(values))
            yield Record(line, dict(zip(header, values[: len(header)], strict=True)))
    except CalamineError as error:
        raise InputError(f"{path}: the workbook cannot be read ({error})") from None
    finally:
        workbook.close()


def cell_text(cell: Any) -> str:
    """A workbook cell as text: dates as ISO, whole numbers without '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def iter_jsonl(path: Path, source: SourceSpec) -> Iterator[Row]:
    """One record per line (or per element of the ``explode`` list), nested keys dotted."""
    with path.open("rb") as handle:
        for line, raw in enumerate(handle, start=1):
            text = raw.decode(source.encoding, errors="replace").strip()
            if not text:
                continue
            try:
                data = json.loads(raw.decode(source.encoding))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                yield BadRow(line, f"not valid JSON: {error}", text)
                continue
            if not isinstance(data, dict):
                yield BadRow(line, "expected one JSON object per line", text)
                continue
            for values in explode(data, source.explode):
                yield Record(line, values)


def explode(data: dict[str, Any], field: str | None) -> Iterator[dict[str, str]]:
    """Flatten an object; with ``field``, one flat record per element of that list."""
    base = flatten(data, skip=field)
    if field is None:
        yield base
        return
    elements = data.get(field) or []
    if not elements:  # the record itself still counts, with an empty index
        yield {**base, f"{field}.#": ""}
    for index, element in enumerate(elements):
        item = flatten(element, prefix=f"{field}.") if isinstance(element, dict) else {}
        yield {**base, **item, f"{field}.#": str(index)}


def flatten(data: dict[str, Any], prefix: str = "", skip: str | None = None) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if key == skip:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, prefix=f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value if not isinstance(v, dict | list))
        elif value is None:
            flat[name] = ""
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = str(value)
    return flat
