"""Streaming writers for deliveries: CSV, JSON lines and XLSX, byte-for-byte deterministic.

The XLSX writer is our own (about 100 lines of SpreadsheetML): openpyxl's write-only mode costs
about 250 µs a row here and stamps the current time into the file (zip entries and
docProps/core.xml), while this one streams rows straight into the zip entry at a few µs a row,
with fixed timestamps, so the same seed gives the same bytes. openpyxl reads the result.
"""

import csv
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from verweven.synth.catalog import DeliverySpec, format_date

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
EXCEL_EPOCH = date(1899, 12, 30)
MAX_SHEET_ROWS = 1_048_576


class RowWriter(Protocol):
    """Writes rows (dicts keyed by column) of one delivery."""

    rows: int

    def write(self, row: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def _ordered(spec: DeliverySpec, row: dict[str, Any]) -> list[Any]:
    if len(row) != len(spec.columns):
        extra = sorted(set(row) - set(spec.column_names))
        missing = sorted(set(spec.column_names) - set(row))
        raise ValueError(
            f"{spec.name}: row does not match the catalogue (extra {extra}, missing {missing})"
        )
    return [row[name] for name in spec.column_names]


class CsvWriter:
    """Delimited text in the delivery's encoding (unencodable characters become '?')."""

    def __init__(self, path: Path, spec: DeliverySpec) -> None:
        self.spec, self.rows = spec, 0
        self.stream = path.open("w", encoding=spec.encoding, errors="replace", newline="")
        self.writer = csv.writer(self.stream, delimiter=spec.delimiter, lineterminator=spec.newline)
        self.writer.writerow(spec.column_names)

    def write(self, row: dict[str, Any]) -> None:
        """One row, each value formatted as the delivery formats it."""
        fmt = self.spec.format_value
        values = _ordered(self.spec, row)
        self.writer.writerow([v if type(v) is str else fmt(v) for v in values])
        self.rows += 1

    def close(self) -> None:
        """Flush and close the file."""
        self.stream.close()


def _json_default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class JsonlWriter:
    """One JSON object per line, UTF-8, keys in catalogue order."""

    def __init__(self, path: Path, spec: DeliverySpec) -> None:
        self.spec, self.rows = spec, 0
        self.stream = path.open("w", encoding="utf-8", newline="\n")

    def write(self, row: dict[str, Any]) -> None:
        """One object."""
        ordered = dict(zip(self.spec.column_names, _ordered(self.spec, row), strict=True))
        self.stream.write(json.dumps(ordered, ensure_ascii=False, default=_json_default) + "\n")
        self.rows += 1

    def close(self) -> None:
        """Flush and close the file."""
        self.stream.close()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_CONTROL = {chr(code): "" for code in range(32) if code not in (9, 10, 13)}
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **_CONTROL})


def _cell(ref: str, value: Any, text_dates: str | None) -> str:
    kind = type(value)
    if kind is str:
        if not value:
            return ""
        return f'<c r="{ref}" t="inlineStr"><is><t>{value.translate(_ESCAPES)}</t></is></c>'
    if value is None:
        return ""
    if kind is bool:
        return _cell(ref, "ja" if value else "nee", text_dates)
    if kind is date:
        if text_dates is not None:
            return _cell(ref, format_date(value, text_dates), text_dates)
        return f'<c r="{ref}" s="1"><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if kind is int or kind is float:
        return f'<c r="{ref}"><v>{value}</v></c>'
    return _cell(ref, str(value), text_dates)


class XlsxWriter:
    """A workbook with one sheet (more if rows exceed Excel's limit), streamed into the zip."""

    def __init__(
        self, path: Path, spec: DeliverySpec, created: date, text_dates: str | None
    ) -> None:
        self.spec, self.created, self.text_dates, self.rows = spec, created, text_dates, 0
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self.letters = [column_letter(i) for i in range(len(spec.columns))]
        self.sheets = 0
        self.sheet: IO[bytes] | None = None
        self.sheet_rows = 0
        self.buffer: list[str] = []
        self._new_sheet()

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o644 << 16
        return info

    def _new_sheet(self) -> None:
        self._close_sheet()
        self.sheets += 1
        self.sheet = self.zip.open(
            self._info(f"xl/worksheets/sheet{self.sheets}.xml"), "w", force_zip64=True
        )
        self.sheet.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        self.sheet_rows = 0
        self._append(list(self.spec.column_names))

    def _append(self, values: list[Any]) -> None:
        self.sheet_rows += 1
        number = self.sheet_rows
        cells = [f'<row r="{number}">']
        for letter, value in zip(self.letters, values, strict=True):
            if type(value) is str:  # the common case, inline
                if value:
                    text = value.translate(_ESCAPES)
                    ref = f"{letter}{number}"
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
            elif value is not None:
                cells.append(_cell(f"{letter}{number}", value, self.text_dates))
        cells.append("</row>")
        self.buffer.append("".join(cells))
        if len(self.buffer) >= 2000:
            self._flush()

    def _flush(self) -> None:
        if self.sheet is not None and self.buffer:
            self.sheet.write("".join(self.buffer).encode("utf-8"))
        self.buffer = []

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self._flush()
            self.sheet.write(b"</sheetData></worksheet>")
            self.sheet.close()
            self.sheet = None

    def write(self, row: dict[str, Any]) -> None:
        """One row; dates become date cells (or text, for deliveries that type them as text)."""
        if self.sheet_rows >= MAX_SHEET_ROWS:
            self._new_sheet()
        self._append(_ordered(self.spec, row))
        self.rows += 1

    def close(self) -> None:
        """Finish the sheets and write the workbook parts."""
        self._close_sheet()
        for name, text in workbook_parts(
            self.spec.sheet, self.sheets, self.spec.partner, self.created
        ).items():
            self.zip.writestr(self._info(name), text.encode("utf-8"))
        self.zip.close()


_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f'{_HEAD}<Types xmlns="{_PACKAGE}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        f'package.core-properties+xml"/>{overrides}</Types>'
    )


def _core(creator: str, created: date) -> str:
    stamp = f"{created.isoformat()}T00:00:00Z"
    return (
        f'{_HEAD}<cp:coreProperties xmlns:cp="{_PACKAGE}/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{creator.translate(_ESCAPES)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def workbook_parts(sheet: str, sheets: int, creator: str, created: date) -> dict[str, str]:
    """The fixed parts of a workbook with ``sheets`` worksheets named after ``sheet``."""
    numbers = range(1, sheets + 1)
    names = [sheet if n == 1 else f"{sheet} ({n})" for n in numbers]
    sheet_list = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in zip(numbers, names, strict=True)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_OFFICE_REL}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in numbers
    )
    styles_rel = (
        f'<Relationship Id="rId{sheets + 1}" Type="{_OFFICE_REL}/styles" Target="styles.xml"/>'
    )
    return {
        "[Content_Types].xml": _content_types(sheets),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{_OFFICE_REL}/officeDocument" '
            'Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PACKAGE}/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/></Relationships>'
        ),
        "docProps/core.xml": _core(creator, created),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE_REL}">'
            f"<sheets>{sheet_list}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">{sheet_rels}{styles_rel}'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }


def open_writer(folder: Path, spec: DeliverySpec, created: date) -> RowWriter:
    """The writer of a delivery's format, writing ``folder/<file name>``."""
    path = folder / spec.filename
    if spec.format == "csv":
        return CsvWriter(path, spec)
    if spec.format == "jsonl":
        return JsonlWriter(path, spec)
    text_dates = None if spec.date_format == "cell" else spec.date_format
    return XlsxWriter(path, spec, created, text_dates)


class Writers:
    """All delivery writers of a region, open for the whole run."""

    def __init__(self, folder: Path, specs: tuple[DeliverySpec, ...], created: date) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.by_name = {spec.name: open_writer(folder, spec, created) for spec in specs}

    def __enter__(self) -> "Writers":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for writer in self.by_name.values():
            writer.close()
