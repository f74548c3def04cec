"""The delivery catalogue (``data/deliveries.yml``): file, format, encoding, dates, columns.

Writers format every value through its delivery's spec, so the files and docs/data-formats.md
agree on the form of every field.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from verweven.synth.reference import load_yaml

DATE_FORMATS = {
    "jjjjmmdd": "%Y%m%d",
    "dd-mm-jjjj": "%d-%m-%Y",
    "jjjj-mm-dd": "%Y-%m-%d",
    "dd/mm/jjjj": "%d/%m/%Y",
    "cell": "%Y-%m-%d",
    "iso": "%Y-%m-%d",
}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl"}


@dataclass(frozen=True)
class Column:
    """One column (or top-level JSON field) of a delivery."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class DeliverySpec:
    """How one partner delivers one file."""

    name: str
    partner: str
    description: str
    format: str
    encoding: str
    delimiter: str
    newline: str
    date_format: str
    decimal: str
    thousands: str
    noise_weight: float
    record_id: str
    sheet: str
    columns: tuple[Column, ...]
    column_names: tuple[str, ...]

    @property
    def filename(self) -> str:
        """The file name inside ``deliveries/``."""
        return f"{self.name}.{EXTENSIONS[self.format]}"

    def format_value(self, value: Any) -> str:
        """A value as this delivery writes it in a text file (and in truth/noise.csv)."""
        kind = type(value)
        if kind is str:
            return value  # type: ignore[no-any-return]
        if value is None:
            return ""
        if kind is int:
            return str(value)
        if kind is date:
            return format_date(value, self.date_format)
        if kind is bool:
            return "ja" if value else "nee"
        if kind is datetime:
            return value.isoformat()  # type: ignore[no-any-return]
        if kind is float:
            text = f"{value:,.2f}" if self.thousands else f"{value:.2f}"
            if self.decimal == ",":
                text = text.replace(",", "\0").replace(".", ",").replace("\0", self.thousands)
            return text
        return str(value)


def format_date(value: date, style: str) -> str:
    """A date in one of the catalogue's date formats (faster than ``strftime``)."""
    day, month, year = value.day, value.month, value.year
    if style == "jjjjmmdd":
        return f"{year:04d}{month:02d}{day:02d}"
    if style == "dd-mm-jjjj":
        return f"{day:02d}-{month:02d}-{year:04d}"
    if style == "dd/mm/jjjj":
        return f"{day:02d}/{month:02d}/{year:04d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@cache
def delivery_specs() -> tuple[DeliverySpec, ...]:
    """All deliveries, in catalogue order."""
    specs = []
    for name, row in load_yaml("deliveries.yml")["deliveries"].items():
        columns = tuple(Column(c["name"], c["type"], str(c["description"])) for c in row["columns"])
        specs.append(
            DeliverySpec(
                name=name,
                partner=row["partner"],
                description=row["description"],
                format=row["format"],
                encoding=row.get("encoding", "utf-8"),
                delimiter=row.get("delimiter", ";"),
                newline=row.get("newline", "\n"),
                date_format=row["date_format"],
                decimal=row.get("decimal", "."),
                thousands=row.get("thousands", ""),
                noise_weight=float(row["noise_weight"]),
                record_id=row["record_id"],
                sheet=row.get("sheet", ""),
                columns=columns,
                column_names=tuple(column.name for column in columns),
            )
        )
    return tuple(specs)


def spec_named(name: str) -> DeliverySpec:
    """The spec of one delivery by its name (file stem)."""
    for spec in delivery_specs():
        if spec.name == name:
            return spec
    raise KeyError(name)
