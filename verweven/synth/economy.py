"""Companies, their officers over time, bank accounts and vehicles (the background economy)."""

import random
from datetime import date, timedelta
from functools import cache
from typing import Any

from verweven.synth.dates import random_date, years_before
from verweven.synth.disparities import cash_sector_chance
from verweven.synth.entities import Company, Holder, Holding, Person, Vehicle
from verweven.synth.reference import SbiCode, cash_intensive_codes, load_yaml, sbi_codes
from verweven.synth.streams import Weighted
from verweven.synth.world import Chunk

COMPANIES_PER_ADULT = 0.12
VEHICLES_PER_ADULT = 0.42
BV = "Besloten Vennootschap"
NOT_FOR_PROFIT = ("Stichting", "Vereniging")
FOUNDATION_SECTORS = ("94991", "94991", "88101", "87301", "90011", "93130", "85599", "68201")


def capitalised(text: str) -> str:
    """First letter in upper case (a particle at the start of a trade name)."""
    return text[:1].upper() + text[1:]


def company_name(
    rng: random.Random, legal_form: str, sbi: SbiCode, owner: Person, place: str
) -> str:
    """A plausible registered name for a company of this form, sector and owner."""
    surname = capitalised(" ".join(p for p in (owner.name.particle, owner.name.surname) if p))
    word = rng.choice(sbi.words)
    if legal_form == "Eenmanszaak":
        return rng.choice(
            (f"{word} {surname}", f"{surname} {word}", f"{word} {owner.name.given_name}")
        )
    if legal_form == BV:
        stem = rng.choice(load_yaml("geography.yml")["street_stems"])
        return rng.choice((f"{surname} {word} B.V.", f"{stem} {word} B.V.", f"{word} {place} B.V."))
    if legal_form == "Vennootschap onder firma":
        return f"{word} {surname} V.O.F."
    if legal_form == "Commanditaire vennootschap":
        return f"{surname} {word} C.V."
    kind = "Stichting" if legal_form == "Stichting" else "Vereniging"
    return f"{kind} {word} {place}"


@cache
def _sectors() -> Weighted[SbiCode]:
    codes = list(sbi_codes().values())
    return Weighted(codes, [code.weight for code in codes])


@cache
def _legal_forms() -> Weighted[str]:
    forms = load_yaml("sbi.yml")["legal_forms"]
    return Weighted([str(f["name"]) for f in forms], [f["weight"] for f in forms])


@cache
def _models(luxury: bool) -> Weighted[dict[str, Any]]:
    models = [m for m in load_yaml("vehicles.yml")["models"] if bool(m.get("luxury")) == luxury]
    return Weighted(models, [max(m["weight"], 1) for m in models])


def draw_sbi(rng: random.Random) -> SbiCode:
    """A sector for a background company, by the weights in sbi.yml."""
    return _sectors().draw(rng)


def draw_foundation_sbi(rng: random.Random) -> SbiCode:
    """A sector for a stichting or vereniging: ideals, care, culture, sport, education."""
    return sbi_codes()[rng.choice(FOUNDATION_SECTORS)]


def draw_legal_form(rng: random.Random) -> str:
    """A legal form for a background company, by the weights in sbi.yml."""
    return _legal_forms().draw(rng)


def add_companies(chunk: Chunk) -> None:
    """Background companies owned and run by the neighbourhood's adults."""
    rng, adults = chunk.rng, chunk.adults()
    for _ in range(round(len(adults) * COMPANIES_PER_ADULT)):
        owner = rng.choice(adults)
        legal_form = draw_legal_form(rng)
        sbi = draw_foundation_sbi(rng) if legal_form in NOT_FOR_PROFIT else draw_sbi(rng)
        if legal_form not in NOT_FOR_PROFIT and rng.random() < cash_sector_chance(owner.origin):
            sbi = sbi_codes()[rng.choice(cash_intensive_codes())]
        adult_from = owner.birth_date + timedelta(days=int(19 * 365.25))
        incorporated = random_date(
            rng, max(adult_from, years_before(chunk.reference, 30)), chunk.reference
        )
        at_home = legal_form == "Eenmanszaak" and rng.random() < 0.6
        address = owner.current.address if at_home else None
        name = company_name(rng, legal_form, sbi, owner, chunk.hood.place)
        company = chunk.new_company(name, legal_form, sbi.code, incorporated, address)
        add_background_officers(chunk, company, owner, adults)
        if rng.random() < 0.08:
            company.dissolved = random_date(
                rng, incorporated + timedelta(days=200), chunk.reference
            )
        chunk.new_account(company)


def add_background_officers(
    chunk: Chunk, company: Company, owner: Person, adults: list[Person]
) -> None:
    """Officers as the legal form requires: owner, partners, directors, shareholder."""
    rng, start = chunk.rng, company.incorporated
    form = company.legal_form
    if form == "Eenmanszaak":
        chunk.add_officer(company, owner, "eigenaar", start)
    elif form in ("Vennootschap onder firma", "Commanditaire vennootschap"):
        chunk.add_officer(company, owner, "vennoot", start)
        chunk.add_officer(company, rng.choice(adults), "vennoot", start)
    elif form == BV:
        add_bv_officers(chunk, company, owner, adults)
    else:
        for board_member in [owner, *rng.sample(adults, min(2, len(adults)))]:
            chunk.add_officer(company, board_member, "bestuurder", start)


def add_bv_officers(chunk: Chunk, company: Company, owner: Person, adults: list[Person]) -> None:
    """A BV: the owner directs it (perhaps after a predecessor) and holds it (or via a holding)."""
    rng, start = chunk.rng, company.incorporated
    director_from = start
    if rng.random() < 0.2 and (chunk.reference - start).days > 400:
        director_from = random_date(rng, start + timedelta(days=180), chunk.reference)
        chunk.add_officer(company, rng.choice(adults), "bestuurder", start, director_from)
    chunk.add_officer(company, owner, "bestuurder", director_from)
    if rng.random() < 0.3:
        holding = make_holding(chunk, owner, start)
        chunk.add_officer(company, holding, "enig aandeelhouder", start)
    else:
        chunk.add_officer(company, owner, "enig aandeelhouder", start)


def make_holding(chunk: Chunk, owner: Person, before: date) -> Company:
    """A personal holding BV of the owner, incorporated before ``before``."""
    sbi = sbi_codes()["64200"]
    surname = capitalised(" ".join(p for p in (owner.name.particle, owner.name.surname) if p))
    adult_from = owner.birth_date + timedelta(days=int(20 * 365.25))
    incorporated = random_date(chunk.rng, min(adult_from, before), before)
    name = f"{surname} {chunk.rng.choice(sbi.words)} B.V."
    holding = chunk.new_company(name, BV, sbi.code, incorporated, owner.current.address)
    chunk.add_officer(holding, owner, "bestuurder", incorporated)
    chunk.add_officer(holding, owner, "enig aandeelhouder", incorporated)
    chunk.new_account(holding)
    return holding


def add_accounts(chunk: Chunk) -> None:
    """One or two bank accounts for every adult who has none yet."""
    for person in chunk.adults():
        if not person.accounts:
            for _ in range(1 if chunk.rng.random() < 0.85 else 2):
                chunk.new_account(person)


def sidecode_for(year: int) -> int:
    """The RDW side code issued to new passenger cars in a year."""
    code = 4
    for first, sidecode in load_yaml("vehicles.yml")["sidecodes_by_year"]:
        if year >= first:
            code = sidecode
    return code


def new_vehicle(
    chunk: Chunk,
    holder: Holder,
    start: date,
    end: date | None = None,
    luxury: bool = False,
    admitted: date | None = None,
) -> Vehicle:
    """A vehicle registered to ``holder`` from ``start``; first admitted at or before it."""
    data = load_yaml("vehicles.yml")
    model = _models(luxury).draw(chunk.rng)
    if admitted is None:
        new = chunk.rng.random() < 0.4
        admitted = start if new else random_date(chunk.rng, years_before(start, 12), start)
    vehicle = Vehicle(
        id=chunk.ids.entity_id("V"),
        kenteken=chunk.ids.kenteken(sidecode_for(admitted.year)),
        make=model["make"],
        model=str(model["model"]),
        kind=model["kind"],
        colour=chunk.rng.choice(data["colours"]),
        vin=chunk.ids.vin(model["wmi"]),
        first_admission=admitted,
    )
    register_vehicle(chunk, vehicle, holder, start, end)
    chunk.vehicles.append(vehicle)
    return vehicle


def register_vehicle(
    chunk: Chunk, vehicle: Vehicle, holder: Holder, start: date, end: date | None
) -> None:
    """A tenaamstelling of the vehicle to ``holder`` (ending the previous one)."""
    if vehicle.holdings and vehicle.holdings[-1].end is None:
        vehicle.holdings[-1].end = start
    holding_id = f"{chunk.ids.count('tenaamstelling') + 4_100_000_000}"
    vehicle.holdings.append(Holding(holding_id, holder, start, end))


def add_vehicles(chunk: Chunk) -> None:
    """Cars of adults (some bought second hand from another adult) and vans of companies."""
    rng, reference = chunk.rng, chunk.reference
    adults = chunk.adults()
    for person in adults:
        if rng.random() >= VEHICLES_PER_ADULT:
            continue
        adult_from = person.birth_date + timedelta(days=int(18.5 * 365.25))
        start = random_date(rng, max(adult_from, years_before(reference, 10)), reference)
        if rng.random() < 0.3:
            seller = rng.choice(adults)
            bought = random_date(rng, years_before(start, 6), start - timedelta(days=30))
            vehicle = new_vehicle(
                chunk, seller, bought, admitted=years_before(bought, rng.uniform(0, 4))
            )
            register_vehicle(chunk, vehicle, person, start, None)
        else:
            new_vehicle(chunk, person, start)
    for company in list(chunk.companies):
        if company.legal_form == BV and rng.random() < 0.3 and company.dissolved is None:
            new_vehicle(chunk, company, random_date(rng, company.incorporated, reference))


def add_region_companies(chunk: Chunk) -> None:
    """The region's housing corporations and project developers (they own and sell homes
    everywhere); made in the first neighbourhood, remembered by the region."""
    rng, reference, region = chunk.rng, chunk.reference, chunk.region
    name = region.geography.municipalities[0].name
    corporations = (
        f"Woonstichting {name}",
        "Stichting Meierij Wonen",
        "Woningcorporatie De Kempen Thuis",
    )
    for corporation in corporations:
        founded = years_before(reference, rng.uniform(30, 80))
        company = chunk.new_company(corporation, "Stichting", "68201", founded)
        for _ in range(2):
            chunk.add_officer(
                company,
                chunk.new_person(45, 66),
                "bestuurder",
                years_before(reference, rng.uniform(1, 10)),
            )
        chunk.new_account(company)
        region.housing_corporations.append(company)
    for developer in ("Meierij Projectontwikkeling B.V.", "Bouwfonds Brabant Ontwikkeling B.V."):
        founded = years_before(reference, rng.uniform(20, 50))
        company = chunk.new_company(developer, BV, "41000", founded)
        chunk.add_officer(
            company,
            chunk.new_person(45, 66),
            "bestuurder",
            years_before(reference, rng.uniform(1, 10)),
        )
        chunk.new_account(company)
        region.developers.append(company)
