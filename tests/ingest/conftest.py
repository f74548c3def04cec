"""A small delivery and its mapping file, written into a temporary folder for each test."""

from pathlib import Path

import pytest

from tests.factories import analyst, steward
from verweven.access import Actor
from verweven.store import Store

MAPPING = """
dataset:
  name: brp_personen
  partner: gemeente_voorbeeld
  title: BRP personen
  legal_basis: {article: "art. 2:7 WGS", text: "verstrekking aan het RIEC"}
  purposes: [riec_casus]
source:
  path: brp.csv
  format: csv
  delimiter: ";"
  encoding: utf-8
  date_formats: ["%Y%m%d"]
record_id: a_nummer
columns:
  bsn: {transform: digits, validate: bsn}
  geboortedatum: {transform: date}
  postcode: {transform: postcode, validate: postcode}
derive:
  huisnr: {from: huisnummer, transform: house_number}
  toevoeging: {from: huisnummer, transform: house_addition}
entities:
  person:
    schema: Person
    keys: [a_nummer]
    properties:
      name: {columns: [voornamen, voorvoegsel, geslachtsnaam], join: " "}
      firstName: {column: voornamen}
      lastName: {columns: [voorvoegsel, geslachtsnaam], join: " "}
      birthDate: {column: geboortedatum}
      idNumber: {column: bsn}
      addressEntity: {entity: address}
  address:
    schema: Address
    keys: [postcode, huisnr, toevoeging]
    properties:
      postalCode: {column: postcode}
      full: {template: "{{huisnr}}{{toevoeging}} {{postcode}}"}
"""

HEADER = "a_nummer;bsn;voornamen;voorvoegsel;geslachtsnaam;geboortedatum;postcode;huisnummer"
ROWS = [
    "1234567890;111222333;Jan;de;Vries;19700102;1234 ab;12a",
    "1234567891;123456782;Anna;;Bakker;19851130;5611AB;3",
]


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    """The mapping file; its delivery brp.csv lies beside it."""
    write_delivery(tmp_path, HEADER, ROWS)
    path = tmp_path / "brp.yml"
    path.write_text(MAPPING)
    return path


def write_delivery(folder: Path, header: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path = folder / "brp.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


def owner(store: Store) -> Actor:
    """The steward of the example delivery's partner: registers and imports it."""
    return steward(store, "gemeente_voorbeeld")


def inspector(store: Store) -> Actor:
    """The same steward reading its own deliveries' quarantine (data management)."""
    return owner(store).acting_for("gegevensbeheer")


def reader(store: Store) -> Actor:
    """An analyst reading what was imported."""
    return analyst(store)


@pytest.fixture
def empty_store(store: Store) -> Store:
    return store
