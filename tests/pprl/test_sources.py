"""Where records come from: a partner's CSV file, or the persons a reader may see in the store."""

from pathlib import Path

import pytest

from tests.factories import analyst, load, make_dataset, make_entity, register
from verweven.errors import InputError
from verweven.pprl import CsvColumns, PersonRecord, read_csv_records, read_store_records
from verweven.store import Store

POLICE = CsvColumns(id="nr", first_name="voornaam", last_name="achternaam",
                    birth_date="geboortedatum", date_format="%d-%m-%Y", delimiter=";")  # fmt: skip
TAX = CsvColumns(id="nr", full_name="naam", birth_date="geb", date_format="%Y%m%d",
                 postcode="pc")  # fmt: skip


def test_a_csv_with_separate_name_columns(tmp_path: Path) -> None:
    path = tmp_path / "verdachten.csv"
    path.write_text("nr;voornaam;achternaam;geboortedatum\n7;Jan;van der Berg;03-12-1970\n")
    records = read_csv_records(path, POLICE).records
    assert records == [PersonRecord("7", "Jan", "van der Berg", "19701203", None)]


def test_a_csv_with_the_whole_name_in_one_column(tmp_path: Path) -> None:
    path = tmp_path / "belasting.csv"
    path.write_text('nr,naam,geb,pc\n1,J.P. van der Berg,19780000,5011 AB\n2,"Berg, J. van",,\n')
    records = read_csv_records(path, TAX).records
    assert records[0] == PersonRecord("1", "j p", "van der berg", "19780000", "5011 AB")
    assert (records[1].first_name, records[1].last_name) == ("j", "Berg")


def test_repeated_ids_are_kept_once_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "verdachten.csv"
    row = "7;Jan;Berg;03-12-1970\n"
    path.write_text("nr;voornaam;achternaam;geboortedatum\n" + row + row + "8;Piet;Pol;31-02\n")
    read = read_csv_records(path, POLICE)
    assert [r.id for r in read.records] == ["7", "8"]
    assert (read.duplicate_ids, read.bad_dates) == (1, 1)


def test_a_missing_column_is_named_with_the_header(tmp_path: Path) -> None:
    path = tmp_path / "verdachten.csv"
    path.write_text("nr,voornaam,achternaam,geboortedatum\n7,Jan,Berg,03-12-1970\n")
    with pytest.raises(InputError, match=r"row 1: no column 'nr', 'voornaam'.*delimiter ';'"):
        read_csv_records(path, POLICE)


def _deliver(store: Store, dataset: str, purposes: tuple[str, ...], *people: list) -> None:  # type: ignore[type-arg]
    register(store, make_dataset(dataset, purposes=purposes))
    load(store, [stmt for person in people for stmt in person], dataset=dataset)


def test_store_records_are_those_the_reader_may_see(store: Store) -> None:
    _deliver(store, "brp", ("riec_casus",),
             make_entity("brp.1", "brp", firstName="Jan Pieter", lastName="de Vries",
                         birthDate="1970-03-12", address="Kerkstraat 12, 5011 AB Oss"),
             make_entity("brp.2", "brp", name="Piet Bakker", birthDate="1985-07-01"))  # fmt: skip
    _deliver(store, "fiod", ("bibob",),
             make_entity("fiod.1", "fiod", name="Kees Jansen"))  # fmt: skip
    records = read_store_records(store, analyst(store))
    assert records == [
        PersonRecord("brp.1", "jan", "de vries", "1970-03-12", "5011AB"),
        PersonRecord("brp.2", "piet", "bakker", "1985-07-01", None),
    ]


def test_store_records_of_chosen_datasets_only(store: Store) -> None:
    _deliver(store, "brp", ("riec_casus",), make_entity("brp.1", "brp", name="Jan Pol"))
    _deliver(store, "politie", ("riec_casus",), make_entity("pol.1", "politie", name="Ed Ko"))
    records = read_store_records(store, analyst(store), ["politie"])
    assert [r.id for r in records] == ["pol.1"]
