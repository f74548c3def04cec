"""The clean deliveries the hostile corpus is made from, and the mappings that read them.

Persons come as the region's BRP person list (``examples/mappings/region/brp_personen.yml``,
only its ``source`` changed per case); payments as a bank's transaction list with IBANs,
amounts with a decimal comma, dates and KvK numbers. Everything is built in memory and is
byte-for-byte the same on every run.
"""

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import yaml

REGION_BRP = Path(__file__).resolve().parents[3] / "examples/mappings/region/brp_personen.yml"
BRP_COLUMNS = (
    "a_nummer", "bsn", "voornamen", "voorvoegsel", "geboortedatum", "geboorteplaats",
    "datum_inschrijving", "geslachtsnaam",
)  # fmt: skip
FIRST_NAMES = (
    "Jan",
    "José",
    "Piet",
    "Fatima",
    "Zoë",
    "Johannes",
    "Sanne",
    "Mohamed",
    "Eva",
    "Kees",
)
SURNAMES = ("Jansen", "Vries", "Bakker", "Amrani", "Visser", "Smit", "Meijer", "Bouali", "Mulder")
PLACES = ("Venlo", "Tilburg", "'s-Hertogenbosch", "Eindhoven", "Helmond")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

TRANSACTION_COLUMNS = ("transactie_id", "iban", "naam", "kvk_nummer", "bedrag", "datum")
TRANSACTIONS_MAPPING: dict[str, Any] = {
    "dataset": {
        "name": "bank_transacties",
        "partner": "bank_voorbeeld",
        "title": "Transacties",
        "legal_basis": {"article": "art. 2:7 WGS", "text": "verstrekking aan het RIEC"},
        "purposes": ["riec_casus"],
    },
    "source": {
        "path": "transacties.csv",
        "format": "csv",
        "delimiter": ";",
        "encoding": "utf-8",
        "date_formats": ["%d-%m-%Y"],
        "decimal": ",",
    },
    "record_id": "transactie_id",
    "columns": {
        "iban": {"transform": "iban", "validate": "iban"},
        "kvk_nummer": {"transform": "digits", "validate": "kvk"},
        "bedrag": {"transform": "amount"},
        "datum": {"transform": "date"},
    },
    "entities": {
        "company": {
            "schema": "Company",
            "keys": ["transactie_id"],
            "properties": {
                "name": {"column": "naam"},
                "registrationNumber": {"column": "kvk_nummer"},
            },
        },
        "account": {
            "schema": "BankAccount",
            "keys": ["iban"],
            "properties": {"iban": {"column": "iban"}},
        },
        "payment": {
            "schema": "Payment",
            "keys": ["transactie_id"],
            "properties": {
                "amount": {"column": "bedrag"},
                "date": {"column": "datum"},
                "payer": {"entity": "company"},
                "payerAccount": {"entity": "account"},
            },
        },
    },
}
IBANS = (
    "NL91ABNA0417164300", "NL20INGB0001234567", "DE89370400440532013000",
    "BE71096123456769", "FR1420041010050500013M02606",
)  # fmt: skip


def bsn(number: int) -> str:
    """The first BSN (9 digits, 11-check) from ``number`` upwards."""
    while True:
        prefix = f"{number:08d}"
        check = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return prefix + str(check)
        number += 1


def brp_rows(count: int = 10) -> list[dict[str, str]]:
    """``count`` clean persons; the last one is called Rehorst (the file-cut case)."""
    rows = []
    for i in range(count):
        rows.append(
            {
                "a_nummer": str(1_000_000_000 + i),
                "bsn": bsn(10_000_000 + 7_919 * (i + 1) % 89_000_000),
                "voornamen": FIRST_NAMES[i % len(FIRST_NAMES)],
                "voorvoegsel": "de" if i % 4 == 1 else "",
                "geboortedatum": f"{1960 + i % 40}{(i % 12) + 1:02d}{(i % 27) + 1:02d}",
                "geboorteplaats": PLACES[i % len(PLACES)],
                "datum_inschrijving": f"{2010 + i % 16}0101",
                "geslachtsnaam": "Rehorst" if i == count - 1 else SURNAMES[i % len(SURNAMES)],
            }
        )
    return rows


def person_id(row: dict[str, str], dataset: str = "brp_personen") -> str:
    return f"{dataset}.person.{row['a_nummer']}"


def csv_text(
    rows: list[dict[str, str]],
    columns: tuple[str, ...] = BRP_COLUMNS,
    delimiter: str = ";",
    newline: str = "\n",
) -> str:
    """A header and rows, every line ended (values are written as they are: no quoting)."""
    lines = [delimiter.join(columns)]
    lines += [delimiter.join(row.get(column, "") for column in columns) for row in rows]
    return newline.join(lines) + newline


def brp_mapping(dataset: str = "brp_personen", **source: Any) -> str:
    """The region's BRP mapping with its ``source`` (and perhaps its dataset name) changed."""
    mapping = yaml.safe_load(REGION_BRP.read_text(encoding="utf-8"))
    mapping["dataset"]["name"] = dataset
    mapping["source"] = {**mapping["source"], "encoding": "utf-8", **source}
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


def transactions_mapping(**source: Any) -> str:
    mapping = {**TRANSACTIONS_MAPPING, "source": {**TRANSACTIONS_MAPPING["source"], **source}}
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


AMOUNTS = ("1.234,56", "250,00", "12.500,75", "0,99", "1.000.000,00")


def transaction_rows(count: int = 5) -> list[dict[str, str]]:
    """Payments with decimal-comma amounts (``AMOUNTS``) from accounts of several countries."""
    return [
        {
            "transactie_id": f"T{i + 1:04d}",
            "iban": IBANS[i % len(IBANS)],
            "naam": f"Handelsonderneming {SURNAMES[i]} B.V.",
            "kvk_nummer": f"{17_000_000 + 1_234 * i:08d}",
            "bedrag": AMOUNTS[i % len(AMOUNTS)],
            "datum": f"{(i % 27) + 1:02d}-0{(i % 9) + 1}-2025",
        }
        for i in range(count)
    ]


def jsonl_bytes(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def xlsx_bytes(columns: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    """A workbook with one sheet, as Excel stores it: numbers as numbers, dates as date cells.
    Entry timestamps are fixed so the same rows give the same bytes."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Personen"
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)
    workbook.properties.created = workbook.properties.modified = datetime(2026, 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return rezip(buffer.getvalue())


def rezip(data: bytes) -> bytes:
    """A zip's members again, with a fixed date on every entry."""
    members = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            members[info.filename] = archive.read(info)
    return zip_bytes(members)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), content)
    return buffer.getvalue()
