"""Rows of the base registers: BAG addresses, BRP persons and residences, KvK companies/officers.

Each builder yields ``(record_id, row, mentions)``: the row as the partner delivers it (noise
applied through the ``Noiser``) and the real entities it mentions, for truth/records.csv.
"""

from collections.abc import Iterator
from typing import Any

from verweven.synth.entities import Address, Company, Person
from verweven.synth.noise import NameColumns, Noiser
from verweven.synth.reference import sbi_codes
from verweven.synth.truth import Mention
from verweven.synth.world import Chunk

Row = tuple[str, dict[str, Any], list[Mention]]
BRP_NAME = NameColumns(surname="geslachtsnaam", particle="voorvoegsel", first="voornamen")
STATUS = {
    "verblijfsobject": "Verblijfsobject in gebruik",
    "ligplaats": "Plaats aangewezen",
    "standplaats": "Plaats aangewezen",
}


def build_bag(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per object: each address's object, and every chalet on a holiday park."""
    for address in chunk.book.addresses:
        yield (
            address.object_id,
            bag_row(address, address.object_id, address.area),
            [("address", address)],
        )
        for object_id, area in address.park_objects:
            row = bag_row(address, object_id, area)
            row["pand_id"] = ""  # chalets often have no registered building of their own
            yield object_id, row, [("address", address)]


def bag_row(address: Address, object_id: str, area: int) -> dict[str, Any]:
    """The BAG row of one object on an address."""
    return {
        "verblijfsobject_id": object_id,
        "objecttype": address.object_type,
        "nummeraanduiding_id": address.nummeraanduiding,
        "openbare_ruimte_id": address.openbare_ruimte,
        "pand_id": address.pand_id,
        "straatnaam": address.street,
        "huisnummer": address.number,
        "huisletter": address.letter,
        "huisnummertoevoeging": address.addition,
        "postcode": address.postcode,
        "woonplaats": address.city,
        "gemeentecode": address.municipality,
        "buurtcode": address.neighbourhood,
        "gebruiksdoel": address.purpose,
        "oppervlakte": area,
        "bouwjaar": address.build_year,
        "status": STATUS[address.object_type],
        "x_rd": address.x,
        "y_rd": address.y,
        "documentdatum": address.document_date,
    }


def build_brp_personen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per person: the BRP's own spelling; birth dates with 00 where unknown."""
    for person in chunk.persons:
        noise.row(person.anummer)
        name = noise.name(person.name, BRP_NAME, ("typo",))
        born: Any = f"{person.birth_date.year}0000"  # day and month unknown
        if not person.unknown_birth_day:
            born = noise.date("geboortedatum", person.birth_date)
        first = person.residences[0]
        row = {
            "a_nummer": person.anummer,
            "bsn": noise.digits("bsn", person.bsn),
            "geslachtsnaam": name.surname,
            "voorvoegsel": name.particle,
            "voornamen": name.first_names,
            "geslachtsaanduiding": person.gender,
            "geboortedatum": born,
            "geboorteplaats": noise.missing("geboorteplaats", person.birth_place),
            "geboorteland": person.birth_country,
            "nationaliteit": person.nationality,
            "datum_inschrijving": first.start,
            "gemeente_inschrijving": person.current.address.municipality,
        }
        yield person.anummer, row, [("person", person)]


def build_brp_verblijfplaatsen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per residence period of every person, oldest first."""
    for person in chunk.persons:
        for residence in person.residences:
            record_id = str(chunk.ids.count("adreshistorie") + 500_000_000)
            noise.row(record_id)
            address = residence.address
            addition = residence.chalet or address.addition
            row = {
                "adreshistorie_id": record_id,
                "a_nummer": person.anummer,
                "bsn": noise.digits("bsn", person.bsn),
                "straatnaam": address.street,
                "huisnummer": address.number,
                "huisletter": address.letter,
                "huisnummertoevoeging": addition,
                "postcode": address.postcode,
                "woonplaats": address.city,
                "gemeentecode": address.municipality,
                "nummeraanduiding_id": noise.missing(
                    "nummeraanduiding_id", address.nummeraanduiding
                ),
                "functie_adres": "B" if residence.postal else "W",
                "datum_aanvang": residence.start,
                "datum_einde": residence.end,
            }
            yield record_id, row, [("person", person), ("address", address)]


def build_kvk_inschrijvingen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per branch of every company."""
    for company in chunk.companies:
        sbi = sbi_codes()[company.sbi]
        for branch in company.branches:
            noise.row(branch.number)
            address = branch.address
            row = {
                "kvk_nummer": noise.digits("kvk_nummer", company.kvk),
                "vestigingsnummer": branch.number,
                "rsin": noise.missing("rsin", company.rsin),
                "statutaire_naam": company.name,
                "handelsnaam": noise.text("handelsnaam", branch.trade_name),
                "rechtsvorm": company.legal_form,
                "hoofdvestiging": branch.main,
                "sbi_code": company.sbi,
                "sbi_omschrijving": sbi.description,
                "straatnaam": address.street,
                "huisnummer": address.number,
                "huisletter": address.letter,
                "huisnummertoevoeging": address.addition,
                "postcode": address.postcode,
                "plaats": address.city,
                "datum_oprichting": noise.date("datum_oprichting", company.incorporated),
                "datum_inschrijving": branch.start,
                "datum_opheffing": company.dissolved,
                "werkzame_personen": branch.employees,
            }
            yield branch.number, row, [("company", company), ("address", address)]


def build_kvk_functionarissen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per officer function, past and present, of every company."""
    for company in chunk.companies:
        for officer in company.officers:
            noise.row(officer.id)
            row = {
                "functionaris_id": officer.id,
                "kvk_nummer": noise.digits("kvk_nummer", company.kvk),
                "naam_onderneming": company.name,
                "functie": officer.role,
                "bevoegdheid": "alleen/zelfstandig bevoegd"
                if officer.role != "aandeelhouder"
                else "",
                "datum_aanvang": officer.start,
                "datum_einde": officer.end,
                **officer_fields(officer.holder, noise),
            }
            yield officer.id, row, [("company", company), ("officer", officer.holder)]


def officer_fields(holder: Person | Company, noise: Noiser) -> dict[str, Any]:
    """The officer's own columns: a person's name and birth, or a legal entity's number and name."""
    if isinstance(holder, Company):
        return {
            "functionaris_soort": "rechtspersoon",
            "geslachtsnaam": "",
            "voorvoegsel": "",
            "voornamen": "",
            "geboortedatum": None,
            "geboorteplaats": "",
            "functionaris_kvk_nummer": noise.digits("functionaris_kvk_nummer", holder.kvk),
            "functionaris_naam": holder.name,
        }
    name = noise.name(holder.name, BRP_NAME, ("typo", "initials", "particle"))
    return {
        "functionaris_soort": "natuurlijk persoon",
        "geslachtsnaam": name.surname,
        "voorvoegsel": name.particle,
        "voornamen": name.first_names,
        "geboortedatum": noise.date("geboortedatum", holder.birth_date),
        "geboorteplaats": noise.missing("geboorteplaats", holder.birth_place),
        "functionaris_kvk_nummer": "",
        "functionaris_naam": "",
    }
