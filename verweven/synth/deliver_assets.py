"""Rows of the asset registers: Kadaster rights and transactions, RDW registrations."""

from collections.abc import Iterator
from typing import Any

from verweven.synth.entities import Address, Company, Holder, Person
from verweven.synth.events import address_on
from verweven.synth.names import PersonName, render_sortable, surname_with_particle
from verweven.synth.noise import NameColumns, Noiser
from verweven.synth.truth import Mention
from verweven.synth.world import Chunk

Row = tuple[str, dict[str, Any], list[Mention]]
KADASTER_NAME = NameColumns(surname="geslachtsnaam", particle="voorvoegsel", first="voornamen")


def rdw_surname(name: PersonName) -> str:
    """``VAN DER BERG``: the RDW writes the surname with particle in capitals."""
    return surname_with_particle(name).upper()


RDW_NAME = NameColumns(surname="houder_naam", particle="houder_naam", render_surname=rdw_surname)


def _object_address(address: Address) -> dict[str, Any]:
    return {
        "straatnaam": address.street,
        "huisnummer": address.number,
        "huisletter": address.letter,
        "huisnummertoevoeging": address.addition,
        "postcode": address.postcode,
        "woonplaats": address.city,
    }


def build_kadaster_eigendom(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per current right (owner and share) on every cadastral object."""
    for estate in chunk.estates:
        for right in estate.rights:
            noise.row(right.id)
            row = {
                "zakelijk_recht_id": right.id,
                "kadastraal_object_id": estate.object_id,
                "kadastrale_aanduiding": estate.designation,
                "soort_object": estate.kind,
                "soort_recht": "eigendom",
                "aandeel": right.share,
                **_right_holder(right.holder, noise),
                **_object_address(estate.address),
                "bag_verblijfsobject_id": estate.address.object_id,
                "grootte_m2": estate.size,
                "datum_verkrijging": right.acquired,
            }
            mentions: list[Mention] = [("realestate", estate), ("holder", right.holder)]
            yield right.id, row, [*mentions, ("address", estate.address)]


def _right_holder(holder: Holder, noise: Noiser) -> dict[str, Any]:
    if isinstance(holder, Company):
        return {
            "gerechtigde_soort": "niet-natuurlijk persoon",
            "bsn": "",
            "geslachtsnaam": "",
            "voorvoegsel": "",
            "voornamen": "",
            "geboortedatum": None,
            "kvk_nummer": noise.digits("kvk_nummer", holder.kvk),
            "statutaire_naam": holder.name,
        }
    name = noise.name(holder.name, KADASTER_NAME, ("typo", "particle"))
    return {
        "gerechtigde_soort": "natuurlijk persoon",
        "bsn": noise.digits("bsn", holder.bsn),
        "geslachtsnaam": name.surname,
        "voorvoegsel": name.particle,
        "voornamen": name.first_names,
        "geboortedatum": noise.date("geboortedatum", holder.birth_date),
        "kvk_nummer": "",
        "statutaire_naam": "",
    }


def _party(prefix: str, holder: Holder, noise: Noiser) -> dict[str, Any]:
    """Seller or buyer: 'Surname, initials particle' and birth date, or company name and KvK."""
    if isinstance(holder, Company):
        return {
            f"{prefix}_naam": holder.name,
            f"{prefix}_geboortedatum": None,
            f"{prefix}_kvk_nummer": noise.digits(f"{prefix}_kvk_nummer", holder.kvk),
        }
    columns = NameColumns(surname=f"{prefix}_naam", render=render_sortable)
    name = noise.name(holder.name, columns, ("typo", "particle"))
    return {
        f"{prefix}_naam": render_sortable(name),
        f"{prefix}_geboortedatum": noise.date(
            f"{prefix}_geboortedatum", holder.birth_date, missing=True
        ),
        f"{prefix}_kvk_nummer": "",
    }


def build_kadaster_transacties(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per transfer of a cadastral object."""
    for estate in chunk.estates:
        for deal in estate.transactions:
            noise.row(deal.id)
            row = {
                "transactie_id": deal.id,
                "kadastraal_object_id": estate.object_id,
                "kadastrale_aanduiding": estate.designation,
                "datum_transactie": deal.when,
                "koopsom": deal.price,
                "hypotheek": deal.mortgage,
                **_party("vervreemder", deal.seller, noise),
                **_party("verkrijger", deal.buyer, noise),
                **_object_address(estate.address),
            }
            yield (
                deal.id,
                row,
                [("realestate", estate), ("seller", deal.seller), ("buyer", deal.buyer)],
            )


def build_rdw_voertuigen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per registration (tenaamstelling) of every vehicle."""
    for vehicle in chunk.vehicles:
        for holding in vehicle.holdings:
            noise.row(holding.id)
            holder = holding.holder
            row: dict[str, Any] = {
                "tenaamstelling_id": holding.id,
                "kenteken": vehicle.kenteken,
                "voertuigsoort": vehicle.kind,
                "merk": vehicle.make,
                "handelsbenaming": vehicle.model,
                "eerste_kleur": vehicle.colour,
                "voertuigidentificatienummer": vehicle.vin,
                "datum_eerste_toelating": vehicle.first_admission,
                "datum_tenaamstelling": holding.start,
                "datum_einde_tenaamstelling": holding.end,
            }
            holder_row, address = _vehicle_holder(holder, holding.end, noise)
            row.update(holder_row)
            yield (
                holding.id,
                row,
                [("vehicle", vehicle), ("holder", holder), ("holder_address", address)],
            )


def _vehicle_holder(holder: Holder, until: Any, noise: Noiser) -> tuple[dict[str, Any], Address]:
    if isinstance(holder, Company):
        address = holder.branches[0].address
        fields: dict[str, Any] = {
            "houder_soort": "rechtspersoon",
            "houder_bsn": "",
            "houder_kvk_nummer": noise.digits("houder_kvk_nummer", holder.kvk),
            "houder_naam": holder.name.upper(),
            "houder_voorletters": "",
            "houder_geboortedatum": None,
        }
    else:
        address = address_on(holder, until) if until is not None else holder.current.address
        if until is None:
            address = noise.address("houder_straat", holder, address)
        name = noise.name(holder.name, RDW_NAME)
        fields = {
            "houder_soort": "natuurlijk persoon",
            "houder_bsn": noise.digits("houder_bsn", holder.bsn),
            "houder_kvk_nummer": "",
            "houder_naam": rdw_surname(name),
            "houder_voorletters": name.initials,
            "houder_geboortedatum": noise.date(
                "houder_geboortedatum", holder.birth_date, missing=True
            ),
        }
    fields.update(
        houder_straat=address.street,
        houder_huisnummer=address.house_number,
        houder_postcode=address.postcode,
        houder_woonplaats=address.city,
    )
    return fields, address


def is_person(holder: Holder) -> bool:
    """Whether a holder is a natural person."""
    return isinstance(holder, Person)
