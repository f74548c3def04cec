"""Read a delivery file as records: (line number, column → text), whatever its format.

A file that cannot be read as declared (missing, empty, binary, bytes that contradict the
declared encoding, broken workbook, header without the mapped columns) raises InputError
before anything is written. A row that cannot be read is yielded as a ``BadRow`` for
quarantine, never dropped, and every line is counted in the file's ``ReadTally``.
"""

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from verweven.errors import InputError
from verweven.ingest.csvfile import iter_csv
from verweven.ingest.encoding import check_text
from verweven.ingest.mapping import SourceSpec
from verweven.ingest.rows import (
    BadRow,
    ReadTally,
    Record,
    Row,
    check_header,
    is_blank,
    is_header_again,
    unique_names,
)

__all__ = ["BadRow", "ReadTally", "Record", "Row", "iter_rows"]

SNIFF_BYTES = 8192
EXACT_FLOAT = 2**53  # beyond it a number cell has lost digits (an 18-digit EAN, say)


def iter_rows(
    path: Path, source: SourceSpec, required: set[str], tally: ReadTally | None = None
) -> Iterator[Row]:
    """Records of a delivery file, after checking it can be read and has the needed columns."""
    tally = tally if tally is not None else ReadTally()
    check_file(path)
    if source.format == "xlsx":
        yield from iter_xlsx(path, source, required, tally)
        return
    text = check_text(path, source.encoding, universal_newlines=source.format == "csv")
    tally.lines_in_file = text.lines
    # newline="": lines end at \n, \r\n or \r, and the ends are kept (csv needs them).
    newline = "" if source.format == "csv" else "\n"
    with path.open(encoding=text.encoding, newline=newline) as stream:
        if source.format == "csv":
            yield from iter_csv(path, stream, source, required, tally)
        else:
            yield from iter_jsonl(stream, source, tally)


def check_file(path: Path) -> None:
    """Refuse missing, empty and binary files up front."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise InputError(f"{path}: the file is empty; expected a header row and data rows")
    # Binary files are full of NUL bytes; a stray one in a text file is a bad value, and
    # UTF-16 text (which has them too) is judged by the encoding check.
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if head.count(b"\x00") > len(head) // 100 and not head.startswith(b"PK") and not utf16:
        raise InputError(f"{path}: binary content (NUL bytes); expected a text delivery")


def iter_xlsx(
    path: Path, source: SourceSpec, required: set[str], tally: ReadTally
) -> Iterator[Row]:
    """Rows of the named sheet (or the first), read with calamine (Rust; openpyxl is ten
    times slower on the region's Kadaster workbooks)."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable XLSX workbook ({error})") from None
    try:
        if source.sheet is not None and source.sheet not in workbook.sheet_names:
            raise InputError(
                f"{path}: no sheet {source.sheet!r}; found {', '.join(workbook.sheet_names)}"
            )
        if not workbook.sheet_names:
            raise InputError(f"{path}: the workbook has no sheets")
        sheet = workbook.get_sheet_by_name(source.sheet or workbook.sheet_names[0])
        tally.lines_in_file = sheet.height
        yield from iter_sheet_rows(path, sheet.iter_rows(), source, required, tally)
    except (CalamineError, ValueError) as error:
        raise InputError(f"{path}: the workbook cannot be read ({error})") from None
    finally:
        workbook.close()


def iter_sheet_rows(
    path: Path, rows: Iterator[list[Any]], source: SourceSpec, required: set[str], tally: ReadTally
) -> Iterator[Row]:
    header = [cell_text(cell, source.decimal).strip() for cell in next(rows, ())]
    check_header(path, header, required, source)
    tally.header_lines = tally.lines_read = 1
    names = unique_names(header)
    for line, cells in enumerate(rows, start=2):
        tally.lines_read += 1
        values = [cell_text(cell, source.decimal) for cell in cells]
        if is_blank(values):
            tally.blank_lines += 1
            continue
        tally.rows += 1
        tally.row_lines += 1
        extra = [value for value in values[len(header) :] if value.strip()]
        values = (values + [""] * len(header))[: len(header)]
        if extra:
            raw = "\t".join(values + extra)
            yield BadRow(line, f"expected {len(header)} columns, got values beyond them", raw)
        elif is_header_again(values, header):
            yield BadRow(
                line, "the header row again (were several sheets joined?)", "\t".join(values)
            )
        else:
            yield Record(line, dict(zip(names, values, strict=True)))


def cell_text(cell: Any, decimal: str = ".") -> str:
    """A workbook cell as text: dates as ISO, numbers as ``number_text``."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return number_text(cell, decimal)
    return str(cell)


def number_text(number: float, decimal: str, whole_as_integer: bool = True) -> str:
    """A float from a typed source (a number cell, a JSON number) as the source's text would
    write it: with its decimal mark, whole numbers without '.0' (``whole_as_integer``). A
    number too large for a float to hold exactly keeps its exponent, so that a transform
    refuses it instead of reading made-up digits."""
    if abs(number) >= EXACT_FLOAT or number != number:  # beyond 2**53, or NaN
        return repr(number)
    if whole_as_integer and number.is_integer():
        return str(int(number))
    return repr(number).replace(".", decimal)


def iter_jsonl(stream: Any, source: SourceSpec, tally: ReadTally) -> Iterator[Row]:
    """One record per line (or per element of the ``explode`` list), nested keys dotted."""
    for line, text in enumerate(stream, start=1):
        tally.lines_read += 1
        if not text.strip():
            tally.blank_lines += 1
            continue
        tally.row_lines += 1
        raw = text.rstrip("\r\n")
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            tally.rows += 1
            yield BadRow(line, f"not valid JSON: {error}", raw)
            continue
        if not isinstance(data, dict):
            tally.rows += 1
            yield BadRow(line, "expected one JSON object per line", raw)
            continue
        for values in explode(data, source.explode, source.decimal):
            tally.rows += 1
            yield Record(line, values)


def explode(
    data: dict[str, Any], field: str | None, decimal: str = "."
) -> Iterator[dict[str, str]]:
    """Flatten an object; with ``field``, one flat record per element of that list."""
    base = flatten(data, decimal, skip=field)
    if field is None:
        yield base
        return
    elements = data.get(field) or []
    if not isinstance(elements, list):
        elements = [elements]
    if not elements:  # the record itself still counts, with an empty index
        yield {**base, f"{field}.#": ""}
    for index, element in enumerate(elements):
        item = flatten(element, decimal, f"{field}.") if isinstance(element, dict) else {}
        yield {**base, **item, f"{field}.#": str(index)}


def flatten(
    data: dict[str, Any], decimal: str = ".", prefix: str = "", skip: str | None = None
) -> dict[str, str]:
    """Nested objects as dotted keys; lists of plain values joined with "; "."""
    flat: dict[str, str] = {}
    for key, value in data.items():
        if key == skip:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, decimal, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value if not isinstance(v, dict | list))
        elif value is None:
            flat[name] = ""
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        elif isinstance(value, float):
            flat[name] = number_text(value, decimal, whole_as_integer=False)
        else:
            flat[name] = str(value)
    return flat
