"""Events partners register: convictions, police incidents, FIU reports, energy anomalies,
permits and Bibob questionnaires; the factories typologies use, and the background rates."""

from datetime import date, datetime, time, timedelta
from typing import Any

from verweven.synth.dates import random_date, years_before
from verweven.synth.entities import (
    Account,
    Address,
    BibobApplication,
    Company,
    Conviction,
    EnergyAnomaly,
    FiuReport,
    Holder,
    Incident,
    Involvement,
    Permit,
    Person,
)
from verweven.synth.reference import load_yaml, sbi_codes
from verweven.synth.world import Chunk

CONVICTED_PER_ADULT = 0.012
INCIDENTS_PER_PERSON = 0.01
FIU_PER_ADULT = 0.004
ANOMALIES_PER_HOME = 0.002
BANK_FINANCIERS = ("Rabobank", "ING Bank", "ABN AMRO")


def _events() -> dict[str, Any]:
    return load_yaml("events.yml")


def address_on(person: Person, when: date) -> Address:
    """Where the person lived on a date (the earliest known address if before all of them)."""
    for residence in person.residences:
        if residence.start <= when and (residence.end is None or when < residence.end):
            return residence.address
    return person.residences[0].address


def _sentence(chunk: Chunk, offence: dict[str, Any]) -> tuple[str, str]:
    kind = chunk.rng.choice(offence["sentence"])
    amount = {
        "gevangenisstraf": f"{chunk.rng.choice((1, 2, 3, 6, 8, 12, 18, 24, 36, 48))} maanden",
        "taakstraf": f"{chunk.rng.choice((20, 40, 60, 80, 120, 180, 240))} uur",
        "geldboete": f"EUR {chunk.rng.choice((250, 500, 750, 1000, 1500, 2500, 5000)):,}".replace(
            ",", "."
        ),
        "ontzegging rijbevoegdheid": f"{chunk.rng.choice((3, 6, 9, 12, 18))} maanden",
    }[kind]
    return kind, amount


def add_conviction(
    chunk: Chunk, person: Person, offence: str, committed: date | None = None, incident: bool = True
) -> Conviction:
    """A final conviction (and, usually, the police registration that led to it)."""
    rng, reference = chunk.rng, chunk.reference
    adult_from = person.birth_date + timedelta(days=int(18 * 365.25))
    if committed is None:
        committed = random_date(
            rng, max(adult_from, years_before(reference, 10)), reference - timedelta(days=400)
        )
    judged = min(committed + timedelta(days=rng.randint(90, 400)), reference - timedelta(days=60))
    final = min(judged + timedelta(days=rng.randint(14, 120)), reference - timedelta(days=1))
    data = _events()
    kind, amount = _sentence(chunk, data["offences"][offence])
    number = chunk.ids.count("parket") + 100_000
    conviction = Conviction(
        id=f"01/{number:06d}-{committed.year % 100:02d}",
        person=person,
        offence=offence,
        committed=committed,
        judged=max(judged, committed + timedelta(days=30)),
        final=max(final, committed + timedelta(days=45)),
        court=rng.choice(data["courts"]),
        sentence=kind,
        amount=amount,
        with_bsn=rng.random() < 0.75,
    )
    chunk.convictions.append(conviction)
    if incident and rng.random() < 0.8:
        kind_of_incident = data["incident_for_offence"][offence]
        add_incident(
            chunk,
            kind_of_incident,
            address_on(person, committed),
            [(person, "verdachte", offence)],
            committed,
        )
    return conviction


def add_incident(
    chunk: Chunk, kind: str, address: Address, involved: list[tuple[Person, str, str]], when: date
) -> Incident:
    """A police registration at an address with the persons involved (role, offence)."""
    rng = chunk.rng
    moment = datetime.combine(when, time(rng.randint(0, 23), rng.choice((0, 10, 15, 30, 45, 50))))
    incident = Incident(
        f"PL2100-{when.year}{chunk.ids.count('incident'):06d}", moment, kind, address
    )
    for person, role, offence in involved:
        suspect_id = (
            str(chunk.ids.count("verdachte") + 2_100_000_000) if role == "verdachte" else ""
        )
        incident.involved.append(
            Involvement(person, role, rng.random() < 0.35, rng.random() < 0.8, suspect_id, offence)
        )
    chunk.incidents.append(incident)
    return incident


def add_fiu(
    chunk: Chunk,
    kind: str,
    amount: float,
    source: Account | None,
    target: Account | None,
    when: date,
    persons: list[Person] | None = None,
) -> FiuReport:
    """An unusual transaction reported to FIU-Nederland (reported some days after).

    The institution's reason is drawn from one pool per kind for planted and ordinary reports
    alike, so the free text does not give the planted cases away.
    """
    reported = min(when + timedelta(days=chunk.rng.randint(1, 30)), chunk.reference)
    reason = chunk.rng.choice(_events()["fiu_reasons"][kind])
    number = chunk.ids.count("fiu")
    report = FiuReport(
        f"FIU-{reported.year}-{number:07d}",
        when,
        reported,
        kind,
        round(amount, 2),
        source,
        target,
        persons or [],
        reason,
    )
    chunk.fiu.append(report)
    return report


def add_anomaly(
    chunk: Chunk, address: Address, customer: Holder | None, kind: str, found: date
) -> EnergyAnomaly:
    """A grid operator's anomaly at the connection of an address."""
    expected = max(1200, address.area * 28 + chunk.rng.randint(-300, 300))
    factor = {"hoog_verbruik": (3.0, 9.0), "nachtverbruik": (1.8, 4.0), "fraude_meter": (0.1, 0.4)}
    low, high = factor.get(kind, (0.0, 0.2))
    consumption = int(expected * chunk.rng.uniform(low, high))
    anomaly = EnergyAnomaly(
        f"AFW{chunk.ids.count('afwijking'):07d}",
        address,
        customer,
        kind,
        found,
        consumption,
        expected,
    )
    chunk.anomalies.append(anomaly)
    return anomaly


def add_permit(
    chunk: Chunk,
    kind: str,
    company: Company,
    address: Address,
    applied: date,
    decision: str,
    bibob: bool = False,
) -> Permit:
    """A permit application and its decision (none yet while pending)."""
    pending = decision == "in behandeling"
    decided = (
        None
        if pending
        else min(applied + timedelta(days=chunk.rng.randint(20, 120)), chunk.reference)
    )
    number = chunk.ids.count("zaak")
    permit = Permit(
        f"Z/{applied.year}/{number:06d}", kind, company, address, applied, decided, decision, bibob
    )
    chunk.permits.append(permit)
    return permit


def add_bibob(
    chunk: Chunk,
    permit: Permit,
    managers: list[tuple[Person, str]],
    financiers: list[tuple[Holder | None, str, int]],
    relation: str,
    landlord: Holder | None,
) -> BibobApplication:
    """The Bibob questionnaire of a permit application, as the applicant filled it in."""
    permit.bibob = True
    received = permit.applied + timedelta(days=chunk.rng.randint(0, 14))
    number = chunk.ids.count("bibob")
    application = BibobApplication(
        f"BIBOB-{received.year}-{number:05d}",
        permit,
        received,
        managers,
        financiers,
        relation,
        landlord,
    )
    chunk.bibob.append(application)
    return application


def add_background_events(chunk: Chunk) -> None:
    """Events of ordinary life at background rates, so planted evidence is not alone."""
    add_background_convictions(chunk)
    add_background_incidents(chunk)
    add_background_fiu(chunk)
    add_background_anomalies(chunk)
    add_background_permits(chunk)


def add_background_convictions(chunk: Chunk) -> None:
    """About 1 in 80 adults has a conviction in the last ten years."""
    offences = _events()["offences"]
    keys = [key for key in offences if offences[key]["weight"] > 0]
    weights = [offences[key]["weight"] for key in keys]
    for person in chunk.adults():
        if chunk.rng.random() < CONVICTED_PER_ADULT and person.age_on(chunk.reference) >= 20:
            add_conviction(chunk, person, chunk.rng.choices(keys, weights)[0])


def add_background_incidents(chunk: Chunk) -> None:
    """Burglaries, nuisance, accidents, ... with reporters, suspects and witnesses."""
    rng, adults = chunk.rng, chunk.adults()
    kinds = _events()["incident_kinds"]
    keys = [key for key in kinds if kinds[key]["weight"] > 0]
    weights = [kinds[key]["weight"] for key in keys]
    for _ in range(round(len(chunk.persons) * INCIDENTS_PER_PERSON)):
        reporter = rng.choice(adults)
        involved = [(reporter, "aangever", "")]
        if rng.random() < 0.5:
            involved.append((rng.choice(adults), "verdachte", ""))
        if rng.random() < 0.3:
            involved.append((rng.choice(adults), "getuige", ""))
        when = random_date(rng, years_before(chunk.reference, 5), chunk.reference)
        add_incident(chunk, rng.choices(keys, weights)[0], reporter.current.address, involved, when)


def add_background_fiu(chunk: Chunk) -> None:
    """Honest unusual transactions: a car paid in cash, an inheritance, a house deposit."""
    rng, adults = chunk.rng, chunk.adults()
    for person in adults:
        if rng.random() >= FIU_PER_ADULT or not person.accounts:
            continue
        when = random_date(
            rng, years_before(chunk.reference, 3), chunk.reference - timedelta(days=5)
        )
        if rng.random() < 0.5:
            amount = rng.uniform(10_000, 25_000)
            add_fiu(chunk, "contante_storting", amount, None, person.accounts[0], when, [person])
        else:
            other = rng.choice(adults)
            if other.accounts and other is not person:
                amount = rng.uniform(15_000, 60_000)
                add_fiu(
                    chunk,
                    "overboeking",
                    amount,
                    person.accounts[0],
                    other.accounts[0],
                    when,
                    [person],
                )


def add_background_anomalies(chunk: Chunk) -> None:
    """Heat pumps, charging cars and broken meters look like anomalies too."""
    rng = chunk.rng
    residents = {p.current.address.id: p for p in chunk.adults()}
    for address in chunk.book.addresses:
        if address.purpose == "woonfunctie" and rng.random() < ANOMALIES_PER_HOME:
            kind = rng.choice(("hoog_verbruik", "nachtverbruik", "storing"))
            found = random_date(rng, years_before(chunk.reference, 3), chunk.reference)
            add_anomaly(chunk, address, residents.get(address.id), kind, found)


def add_background_permits(chunk: Chunk) -> None:
    """Horeca companies hold exploitation and alcohol permits; some shops a terrace."""
    rng = chunk.rng
    kinds = _events()["permit_kinds"]
    applied_already = {permit.company.id for permit in chunk.permits}  # planted applicants
    for company in list(chunk.companies):
        if company.id in applied_already:
            continue
        theme = sbi_codes()[company.sbi].theme if company.sbi in sbi_codes() else ""
        address = company.branches[0].address
        applied = min(company.incorporated + timedelta(days=rng.randint(10, 90)), chunk.reference)
        if theme == "horeca":
            for kind in ("exploitatie_horeca", "alcohol"):
                decision = rng.choices(("verleend", "geweigerd", "in behandeling"), (90, 3, 7))[0]
                permit = add_permit(chunk, kind, company, address, applied, decision)
                if rng.random() < kinds[kind]["bibob_share"]:
                    add_honest_bibob(chunk, permit, company)
        elif rng.random() < 0.04:
            add_permit(
                chunk,
                rng.choice(("terras", "evenement", "omgeving")),
                company,
                address,
                applied,
                "verleend",
            )


def add_honest_bibob(chunk: Chunk, permit: Permit, company: Company) -> None:
    """A complete Bibob questionnaire: the real managers, a bank or own means, the landlord."""
    managers = [
        (o.holder, o.role)
        for o in company.officers
        if isinstance(o.holder, Person) and o.end is None
    ]
    amount = chunk.rng.choice((15_000, 25_000, 40_000, 75_000, 120_000))
    financiers: list[tuple[Holder | None, str, int]] = [
        (None, chunk.rng.choice(BANK_FINANCIERS), amount)
    ]
    if chunk.rng.random() < 0.4:
        financiers = [(None, "eigen middelen", amount)]
    estate = chunk.owned.get(permit.address.id)
    landlord = estate.rights[0].holder if estate and estate.rights else None
    add_bibob(chunk, permit, managers, financiers, "huur", landlord)
