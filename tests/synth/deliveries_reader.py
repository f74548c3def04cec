"""Reading a generated region back: delivery rows, truth files, manifest (test helpers)."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl

from verweven.synth.catalog import DeliverySpec, delivery_specs


@dataclass(frozen=True)
class Region:
    """A generated region on disk."""

    out: Path

    def path(self, spec: DeliverySpec) -> Path:
        return self.out / "deliveries" / spec.filename

    def rows(self, spec: DeliverySpec) -> list[dict[str, Any]]:
        return read_rows(self.path(spec), spec)

    def rows_named(self, name: str) -> list[dict[str, Any]]:
        """The rows of the delivery named ``name`` (file stem)."""
        return self.rows(next(spec for spec in delivery_specs() if spec.name == name))

    def truth(self, name: str) -> list[dict[str, str]]:
        path = self.out / "truth" / name
        return list(_cached_truth(path, path.stat().st_mtime))

    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))
        return data

    def files(self) -> list[Path]:
        return sorted(p for p in self.out.rglob("*") if p.is_file())


@cache
def _cached_truth(path: Path, mtime: float) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as stream:
        return tuple(csv.DictReader(stream))


@cache
def _cached_rows(path: Path, name: str, mtime: float) -> tuple[dict[str, Any], ...]:
    spec = next(s for s in delivery_specs() if s.name == name)
    return tuple(_iter_rows(path, spec))


def read_rows(path: Path, spec: DeliverySpec) -> list[dict[str, Any]]:
    """All rows of a delivery file as dicts (values as read: text, numbers, dates, JSON)."""
    return list(_cached_rows(path, spec.name, path.stat().st_mtime))


def _iter_rows(path: Path, spec: DeliverySpec) -> Iterator[dict[str, Any]]:
    if spec.format == "csv":
        with path.open(encoding=spec.encoding, newline="") as stream:
            yield from csv.DictReader(stream, delimiter=spec.delimiter)
    elif spec.format == "jsonl":
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                yield json.loads(line)
    else:
        workbook = openpyxl.load_workbook(path, read_only=True)
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [str(cell) for cell in next(rows)]
            for values in rows:
                yield dict(zip(header, values, strict=True))
        workbook.close()


def field_values(row: dict[str, Any], field: str) -> list[Any]:
    """Values of a possibly nested field: ``bsn``, ``locatie.postcode``, ``betrokkenen[].bsn``."""
    values: list[Any] = [row]
    for part in field.split("."):
        found: list[Any] = []
        for value in values:
            if not isinstance(value, dict):
                continue
            if part.endswith("[]"):
                found.extend(value.get(part[:-2]) or [])
            else:
                found.append(value.get(part))
        values = found
    return values
