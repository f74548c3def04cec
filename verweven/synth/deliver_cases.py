"""Rows of police and prosecution: incidents, suspects, cannabis farms, convictions.

Police write names as they are told them: one string, the given name (or initials), particles
as heard; BSN only when someone checked an ID. The OM has the person's registered name and,
mostly, the BSN.
"""

from collections.abc import Iterator
from typing import Any

from verweven.synth.entities import Address, Company, Holder, Involvement, Person
from verweven.synth.events import address_on
from verweven.synth.names import PersonName, render_as_heard, render_full, surname_with_particle
from verweven.synth.noise import NameColumns, Noiser
from verweven.synth.reference import load_yaml
from verweven.synth.truth import Mention
from verweven.synth.world import Chunk

Row = tuple[str, dict[str, Any], list[Mention]]
OM_NAME = NameColumns(surname="achternaam", particle="tussenvoegsel", first="voornamen")


def reported_first_name(name: PersonName) -> str:
    """The given name, or the initials if that is all the police were told."""
    return name.first_names if "." in name.first_names else name.given_name


SUSPECT_NAME = NameColumns(
    surname="achternaam",
    particle="achternaam",
    first="voornaam",
    render_surname=surname_with_particle,
    render_first=reported_first_name,
)
UNIT = "Oost-Brabant"


def _offence(key: str) -> dict[str, Any]:
    offences: dict[str, dict[str, Any]] = load_yaml("events.yml")["offences"]
    return offences[key]


def _place(address: Address) -> dict[str, Any]:
    return {
        "straat": address.street,
        "huisnummer": address.house_number,
        "postcode": address.postcode,
    }


def build_politie_incidenten(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One JSON object per incident, with its location and everyone involved."""
    kinds = load_yaml("events.yml")["incident_kinds"]
    for incident in chunk.incidents:
        noise.row(incident.id)
        address = incident.address
        location = {
            "straat": address.street,
            "huisnummer": address.number,
            "toevoeging": f"{address.letter}{address.addition}" or None,
            "postcode": noise.missing("locatie.postcode", address.postcode),
            "plaats": address.city,
        }
        involved: list[dict[str, Any]] = []
        mentions: list[Mention] = [("location", address)]
        for number, involvement in enumerate(incident.involved):
            involved.append(_involved(involvement, f"betrokkenen[{number}]", noise))
            mentions.append((f"involved[{number}]", involvement.person))
        row = {
            "registratienummer": incident.id,
            "pleegdatum": incident.when,
            "soort_incident": incident.kind,
            "omschrijving": kinds[incident.kind]["description"],
            "locatie": location,
            "betrokkenen": involved,
            "eenheid": UNIT,
        }
        yield incident.id, row, mentions


def _involved(involvement: Involvement, path: str, noise: Noiser) -> dict[str, Any]:
    person = involvement.person
    columns = NameColumns(surname=f"{path}.naam", render=render_as_heard)
    name = noise.name(person.name, columns, ("typo", "initials", "particle"))
    born = (
        noise.date(f"{path}.geboortedatum", person.birth_date)
        if involvement.with_birth_date
        else None
    )
    bsn = noise.digits(f"{path}.bsn", person.bsn) if involvement.with_bsn else None
    return {
        "rol": involvement.role,
        "naam": render_as_heard(name),
        "geboortedatum": born,
        "bsn": bsn,
    }


def build_politie_verdachten(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per suspect of an incident."""
    for incident in chunk.incidents:
        for involvement in incident.involved:
            if involvement.role != "verdachte":
                continue
            person, record_id = involvement.person, involvement.suspect_id
            noise.row(record_id)
            name = noise.name(person.name, SUSPECT_NAME, ("typo", "initials", "particle"))
            home = noise.address("straat", person, address_on(person, incident.when.date()))
            offence = _offence(involvement.offence) if involvement.offence else None
            row = {
                "verdachtenummer": record_id,
                "registratienummer": incident.id,
                "achternaam": surname_with_particle(name),
                "voornaam": reported_first_name(name),
                "geboortedatum": noise.date("geboortedatum", person.birth_date, missing=True)
                if involvement.with_birth_date
                else None,
                "geboorteplaats": person.birth_place if involvement.with_bsn else "",
                "bsn": noise.digits("bsn", person.bsn) if involvement.with_bsn else "",
                "straat": home.street,
                "woonplaats": home.city,
                **{k: v for k, v in _place(home).items() if k != "straat"},
                "feit": offence["description"] if offence else incident.kind,
                "wetsartikel": offence["article"] if offence else "",
                "pleegdatum": incident.when.date(),
            }
            yield record_id, row, [("suspect", person), ("address", home)]


def build_politie_hennepkwekerijen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per dismantled cannabis farm."""
    for farm in chunk.farms:
        noise.row(farm.id)
        address, occupant = farm.address, farm.occupant
        mentions: list[Mention] = [("address", address)]
        row: dict[str, Any] = {
            "ontmantelingsnummer": farm.id,
            "registratienummer": farm.incident.id,
            "datum_ontmanteling": farm.when,
            **_place(address),
            "plaats": address.city,
            "soort_pand": farm.premises,
            "aantal_planten": farm.plants,
            "aantal_lampen": farm.lamps,
            "stroomdiefstal": "J" if farm.theft else "N",
            "bewoner_naam": "",
            "bewoner_geboortedatum": None,
            "eigenaar_pand": "",
        }
        if occupant is not None:
            name = noise.name(
                occupant.name,
                NameColumns("bewoner_naam", render=render_as_heard),
                ("typo", "initials", "particle"),
            )
            row["bewoner_naam"] = render_as_heard(name)
            row["bewoner_geboortedatum"] = noise.date(
                "bewoner_geboortedatum", occupant.birth_date, missing=True
            )
            mentions.append(("occupant", occupant))
        if farm.owner is not None:
            row["eigenaar_pand"] = _holder_name(farm.owner)
            mentions.append(("owner", farm.owner))
        yield farm.id, row, mentions


def _holder_name(holder: Holder) -> str:
    return holder.name if isinstance(holder, Company) else render_full(holder.name)


def build_om_veroordelingen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per final conviction."""
    for conviction in chunk.convictions:
        noise.row(conviction.id)
        person: Person = conviction.person
        offence = _offence(conviction.offence)
        name = noise.name(person.name, OM_NAME, ("typo", "initials", "particle"))
        row = {
            "parketnummer": conviction.id,
            "achternaam": name.surname,
            "tussenvoegsel": name.particle,
            "voornamen": name.first_names,
            "geboortedatum": noise.date("geboortedatum", person.birth_date),
            "geboorteplaats": noise.missing("geboorteplaats", person.birth_place),
            "bsn": noise.digits("bsn", person.bsn) if conviction.with_bsn else "",
            "feit_omschrijving": offence["description"],
            "wetsartikel": offence["article"],
            "delictcategorie": offence["category"],
            "pleegdatum": conviction.committed,
            "datum_uitspraak": conviction.judged,
            "datum_onherroepelijk": conviction.final,
            "instantie": conviction.court,
            "strafsoort": conviction.sentence,
            "strafmaat": conviction.amount,
        }
        yield conviction.id, row, [("convicted", person)]
