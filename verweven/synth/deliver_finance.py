"""Rows of tax, FIU, grid operator and municipality: income and debts, unusual transactions,
energy anomalies, permits and Bibob questionnaires."""

from collections.abc import Iterator
from typing import Any

from verweven.synth.entities import Account, Address, Company, Holder, Person
from verweven.synth.names import render_bank, render_full, render_initials, render_salutation
from verweven.synth.noise import NameColumns, Noiser
from verweven.synth.reference import load_yaml
from verweven.synth.truth import Mention
from verweven.synth.world import Chunk

Row = tuple[str, dict[str, Any], list[Mention]]
TAX_YEAR_OFFSET = 1  # the last full tax year before the reference date


def _street_line(address: Address) -> str:
    return f"{address.street} {address.house_number}"


def build_belastingdienst(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per adult: declared income, box 3 assets and open tax debt of the last year."""
    year = chunk.reference.year - TAX_YEAR_OFFSET
    for person in chunk.adults():
        record_id = str(chunk.ids.count("dossier") + 700_000_000)
        noise.row(record_id)
        name = noise.name(
            person.name, NameColumns("naam", render=render_initials), ("typo", "particle")
        )
        address = noise.address("adres", person, person.current.address)
        account = person.accounts[0] if person.accounts else None
        iban = noise.digits("iban", account.iban, missing=True) if account else ""
        row = {
            "dossiernummer": record_id,
            "bsn": noise.digits("bsn", person.bsn),
            "naam": render_initials(name),
            "geboortedatum": noise.date("geboortedatum", person.birth_date),
            "adres": _street_line(address),
            "postcode": address.postcode,
            "woonplaats": address.city,
            "belastingjaar": year,
            "verzamelinkomen": float(person.income),
            "vermogen_box3": float(person.assets),
            "openstaande_schuld": float(person.tax_debt),
            "aantal_openstaande_aanslagen": person.open_assessments,
            "betalingsregeling": person.tax_debt > 0 and person.open_assessments < 3,
            "iban": iban,
        }
        mentions: list[Mention] = [("person", person), ("address", address)]
        if account is not None:
            mentions.append(("account", account))
        yield record_id, row, mentions


def _account_holder_name(holder: Holder) -> str:
    if isinstance(holder, Company):
        return holder.name.upper()
    return render_bank(holder.name, holder.gender)


def _account(
    side: str, role: str, account: Account | None, noise: Noiser
) -> tuple[dict[str, Any] | None, list[Mention]]:
    if account is None:
        return None, []
    holder = account.holder
    if isinstance(holder, Person):
        columns = NameColumns(
            f"{side}.tenaamstelling", render=lambda n: render_bank(n, holder.gender)
        )
        holder_name = render_bank(noise.name(holder.name, columns, ("typo",)), holder.gender)
    else:
        holder_name = _account_holder_name(holder)
    value = {"iban": noise.digits(f"{side}.iban", account.iban), "tenaamstelling": holder_name}
    return value, [(f"{role}_account", account), (f"{role}_holder", holder)]


def build_fiu(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One JSON object per reported unusual transaction."""
    data = load_yaml("events.yml")
    banks, kinds = data["banks"], data["fiu_kinds"]
    for report in chunk.fiu:
        noise.row(report.id)
        source, source_mentions = _account("van_rekening", "source", report.source, noise)
        target, target_mentions = _account("naar_rekening", "target", report.target, noise)
        reporter = report.target or report.source
        persons, person_mentions = [], []
        for number, person in enumerate(report.persons):
            born = noise.date(
                f"betrokkenen[{number}].geboortedatum", person.birth_date, missing=True
            )
            persons.append(
                {"naam": render_full(person.name), "geboortedatum": born, "rol": "betrokkene"}
            )
            person_mentions.append((f"involved[{number}]", person))
        row = {
            "meldingnummer": report.id,
            "datum_melding": report.reported,
            "datum_transactie": report.when,
            "meldende_instelling": banks[reporter.bank]["name"] if reporter else "Onbekend",
            "soort_transactie": kinds[report.kind]["description"],
            "indicator": kinds[report.kind]["indicator"],
            "bedrag": report.amount,
            "valuta": "EUR",
            "van_rekening": source,
            "naar_rekening": target,
            "betrokkenen": persons,
            "toelichting": report.reason,
        }
        yield report.id, row, [*source_mentions, *target_mentions, *person_mentions]


def salutation_columns(gender: str) -> NameColumns:
    """The energy company's one-column customer name (``Dhr. J. de Vries``)."""
    return NameColumns("aansluitinghouder", render=lambda name: render_salutation(name, gender))


def build_netbeheerder(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per connection with an anomaly."""
    kinds = load_yaml("events.yml")["anomaly_kinds"]
    for anomaly in chunk.anomalies:
        noise.row(anomaly.id)
        address, customer = anomaly.address, anomaly.customer
        mentions: list[Mention] = [("address", address)]
        holder_name = ""
        if isinstance(customer, Person):
            columns = salutation_columns(customer.gender)
            name = noise.name(customer.name, columns, ("typo", "particle"))
            holder_name = render_salutation(name, customer.gender)
            mentions.append(("customer", customer))
        elif isinstance(customer, Company):
            holder_name = customer.name
            mentions.append(("customer", customer))
        row = {
            "melding_id": anomaly.id,
            "ean_code": noise.digits("ean_code", address.ean),
            "straat": address.street,
            "huisnummer": address.number,
            "toevoeging": f"{address.letter}{address.addition}",
            "postcode": noise.missing("postcode", address.postcode),
            "plaats": address.city,
            "aansluitinghouder": holder_name,
            "soort_afwijking": kinds[anomaly.kind]["description"],
            "verbruik_kwh": anomaly.consumption,
            "verwacht_kwh": anomaly.expected,
            "datum_constatering": anomaly.found,
        }
        yield anomaly.id, row, mentions


def build_vergunningen(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One row per permit application."""
    kinds = load_yaml("events.yml")["permit_kinds"]
    municipality = chunk.hood.municipality.name
    for permit in chunk.permits:
        noise.row(permit.id)
        kvk = noise.digits("kvk_nummer", permit.company.kvk)
        row = {
            "zaaknummer": permit.id,
            "gemeente": municipality,
            "soort_vergunning": kinds[permit.kind]["description"],
            "aanvrager": noise.text("aanvrager", permit.company.name),
            "kvk_nummer": int(kvk) if kvk else None,
            "adres_inrichting": _street_line(permit.address),
            "postcode": noise.missing("postcode", permit.address.postcode),
            "plaats": permit.address.city,
            "datum_aanvraag": permit.applied,
            "datum_besluit": permit.decided,
            "besluit": permit.decision,
            "bibob_toets": permit.bibob,
        }
        yield permit.id, row, [("applicant", permit.company), ("establishment", permit.address)]


def build_bibob(chunk: Chunk, noise: Noiser) -> Iterator[Row]:
    """One JSON object per Bibob questionnaire, holding only what the applicant declared."""
    kinds = load_yaml("events.yml")["permit_kinds"]
    for application in chunk.bibob:
        noise.row(application.id)
        permit, company = application.permit, application.permit.company
        address = permit.address
        mentions: list[Mention] = [("applicant", company), ("establishment", address)]
        managers = _managers(application.managers, noise)
        mentions += [
            (f"manager[{n}]", person) for n, (person, _) in enumerate(application.managers)
        ]
        financiers = []
        for number, (holder, label, amount) in enumerate(application.financiers):
            financiers.append(_financier(holder, label, amount))
            if holder is not None:
                mentions.append((f"financier[{number}]", holder))
        landlord, seat = application.landlord, company.branches[0].address
        if landlord is not None:
            mentions.append(("landlord", landlord))
        row = {
            "dossiernummer": application.id,
            "zaaknummer": permit.id,
            "datum_ontvangst": application.received,
            "soort_vergunning": kinds[permit.kind]["description"],
            "aanvrager": {
                "naam": company.name,
                "kvk_nummer": company.kvk,
                "rechtsvorm": company.legal_form,
                "adres": f"{_street_line(seat)}, {seat.city}",
            },
            "inrichting": {
                "naam": company.branches[0].trade_name,
                "adres": _street_line(address),
                "postcode": address.postcode,
                "plaats": address.city,
            },
            "leidinggevenden": managers,
            "vermogensverschaffers": financiers,
            "pand": {
                "relatie": application.premises_relation,
                "verhuurder": None if landlord is None else _holder_name(landlord),
            },
        }
        yield application.id, row, mentions


def _managers(managers: list[tuple[Person, str]], noise: Noiser) -> list[dict[str, Any]]:
    """The declared directors and managers, full names as written on the form."""
    declared = []
    for number, (person, role) in enumerate(managers):
        columns = NameColumns(f"leidinggevenden[{number}].naam", render=render_full)
        name = noise.name(person.name, columns, ("typo", "particle"))
        declared.append(
            {"naam": render_full(name), "geboortedatum": person.birth_date, "functie": role}
        )
    return declared


def _financier(holder: Holder | None, label: str, amount: int) -> dict[str, Any]:
    if holder is None:
        kind = "eigen middelen" if label == "eigen middelen" else "bank"
        return {"naam": label, "soort": kind, "kvk_nummer": None, "bedrag": amount}
    if isinstance(holder, Company):
        return {
            "naam": holder.name,
            "soort": "onderneming",
            "kvk_nummer": holder.kvk,
            "bedrag": amount,
        }
    return {
        "naam": render_full(holder.name),
        "soort": "persoon",
        "kvk_nummer": None,
        "bedrag": amount,
    }


def _holder_name(holder: Holder) -> str:
    return holder.name if isinstance(holder, Company) else render_full(holder.name)
