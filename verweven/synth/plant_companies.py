"""Planted company and property typologies: straw men, rapid director changes, real-estate
laundering, the Bibob applicant with a hidden financier; and the property developer decoy."""

from datetime import timedelta

from verweven.synth.dates import random_date, years_before
from verweven.synth.economy import (
    BV,
    capitalised,
    company_name,
    make_holding,
    new_vehicle,
    register_vehicle,
)
from verweven.synth.entities import Address, Company, Holder, Person
from verweven.synth.events import add_bibob, add_conviction, add_fiu, add_permit
from verweven.synth.property import estate_for, market_price, previous_owner, sell
from verweven.synth.reference import load_yaml, sbi_codes
from verweven.synth.world import Chunk

STRAW_SECTORS = ("45112", "49410", "81210", "43999", "77110", "46390")
RAPID_SECTORS = ("49410", "43999", "56101", "45112", "78201")


def _stem(chunk: Chunk) -> str:
    return str(chunk.rng.choice(load_yaml("geography.yml")["street_stems"]))


def _surname(person: Person) -> str:
    return capitalised(" ".join(p for p in (person.name.particle, person.name.surname) if p))


def plant_straw_man(chunk: Chunk, instance: str) -> None:
    """A person with debts on paper owning 5-9 short-lived companies and holding 6-12 vehicles."""
    rng, reference, typology = chunk.rng, chunk.reference, "straw_man"
    straw = chunk.new_person(20, 30) if rng.random() < 0.6 else chunk.new_person(55, 68)
    straw.income, straw.assets = rng.randint(8, 15) * 1000, 0
    straw.tax_debt, straw.open_assessments = rng.randint(8_000, 60_000), rng.randint(3, 12)
    chunk.add_previous_addresses(straw)
    organiser = chunk.new_person(32, 55)
    if rng.random() < 0.5:
        add_conviction(chunk, organiser, rng.choice(("oplichting", "valsheid")))
    chunk.member(typology, instance, straw, "straw_man", False)
    chunk.member(typology, instance, organiser, "organiser", False)
    for number in range(rng.randint(5, 9)):
        handed_over = number == 0 or rng.random() < 0.6  # the first always, by the organiser
        company = _straw_company(chunk, straw, organiser, handed_over)
        chunk.member(typology, instance, company, "company", False)
    for _ in range(rng.randint(6, 12)):
        start = random_date(rng, years_before(reference, 2), reference - timedelta(days=30))
        end = start + timedelta(days=rng.randint(20, 200)) if rng.random() < 0.6 else None
        if end is not None and end >= reference:
            end = None
        vehicle = new_vehicle(chunk, straw, start, end, luxury=rng.random() < 0.3)
        if end is not None and rng.random() < 0.5:  # passed on to the organiser (else exported)
            register_vehicle(chunk, vehicle, organiser, end, None)
        chunk.member(typology, instance, vehicle, "vehicle", False)


def _straw_company(chunk: Chunk, straw: Person, organiser: Person, handed_over: bool) -> Company:
    """One company in the straw man's name; a BV ``handed_over`` by the organiser who set it up."""
    rng, reference = chunk.rng, chunk.reference
    sbi = sbi_codes()[rng.choice(STRAW_SECTORS)]
    form = BV if handed_over else rng.choice((BV, BV, "Eenmanszaak"))
    incorporated = random_date(rng, years_before(reference, 3), reference - timedelta(days=60))
    at_home = form == "Eenmanszaak" and rng.random() < 0.5
    name = company_name(
        rng, form, sbi, straw if form == "Eenmanszaak" else organiser, chunk.hood.place
    )
    company = chunk.new_company(
        name, form, sbi.code, incorporated, straw.current.address if at_home else None
    )
    if form == "Eenmanszaak":
        chunk.add_officer(company, straw, "eigenaar", incorporated)
    else:
        handover = incorporated
        if handed_over:
            handover = min(
                incorporated + timedelta(days=rng.randint(20, 200)), reference - timedelta(days=1)
            )
            chunk.add_officer(company, organiser, "bestuurder", incorporated, handover)
            chunk.add_officer(company, organiser, "enig aandeelhouder", incorporated, handover)
        chunk.add_officer(company, straw, "bestuurder", handover)
        chunk.add_officer(company, straw, "enig aandeelhouder", handover)
    if rng.random() < 0.4:
        dissolved = incorporated + timedelta(days=rng.randint(100, 500))
        company.dissolved = dissolved if dissolved < reference else None
    chunk.new_account(company)
    return company


def plant_rapid_director_changes(chunk: Chunk, instance: str) -> None:
    """A BV with 3-8 directors in two years; the founder stays on as sole shareholder."""
    rng, reference, typology = chunk.rng, chunk.reference, "rapid_director_changes"
    owner = chunk.new_person(35, 62)
    chunk.add_previous_addresses(owner)
    sbi = sbi_codes()[rng.choice(RAPID_SECTORS)]
    incorporated = years_before(reference, rng.uniform(3, 8))
    company = chunk.new_company(
        company_name(rng, BV, sbi, owner, chunk.hood.place), BV, sbi.code, incorporated
    )
    chunk.add_officer(company, owner, "enig aandeelhouder", incorporated)
    changes_from = years_before(reference, 2)
    chunk.add_officer(company, owner, "bestuurder", incorporated, changes_from)
    start = changes_from
    count = rng.randint(3, 8)
    for number in range(count):
        director = chunk.new_person(20, 66)
        if rng.random() < 0.4:
            director.tax_debt, director.open_assessments = (
                rng.randint(3_000, 30_000),
                rng.randint(1, 5),
            )
        end = None if number == count - 1 else start + timedelta(days=rng.randint(35, 120))
        chunk.add_officer(company, director, "bestuurder", start, end)
        chunk.member(typology, instance, director, "director", False)
        start = end or start
    chunk.new_account(company)
    chunk.member(typology, instance, company, "company", False)
    chunk.member(typology, instance, owner, "owner", False)


def plant_real_estate_laundering(chunk: Chunk, instance: str) -> None:
    """Cash purchases a low income cannot explain; an ABC resale into a fresh company."""
    rng, reference, typology = chunk.rng, chunk.reference, "real_estate_laundering"
    launderer = chunk.new_person(30, 60)
    launderer.income, launderer.assets = rng.randint(14, 26) * 1000, rng.randint(0, 10) * 1000
    chunk.add_previous_addresses(launderer)
    if rng.random() < 0.5:
        add_conviction(chunk, launderer, rng.choice(("witwassen", "opiumwet_hard")))
    homes = [launderer.current.address] + [chunk.book.claim() for _ in range(rng.randint(0, 1))]
    for home in homes:
        estate = estate_for(chunk, home)
        bought = random_date(rng, years_before(reference, 5), reference - timedelta(days=60))
        sell(
            chunk,
            estate,
            bought,
            previous_owner(chunk, home, bought, [launderer]),
            [launderer],
            mortgage=0,
        )
        chunk.member(typology, instance, estate, "property", False)
    intermediary = chunk.new_person(25, 60)
    intermediary.income = rng.randint(12, 30) * 1000
    abc_home = chunk.book.claim(min_area=70)
    estate = estate_for(chunk, abc_home)
    first_sale = random_date(rng, years_before(reference, 3), reference - timedelta(days=200))
    price = int(market_price(chunk, abc_home, first_sale) * rng.uniform(0.8, 0.95))
    sell(
        chunk,
        estate,
        first_sale,
        previous_owner(chunk, abc_home, first_sale, []),
        [intermediary],
        price,
    )
    second_sale = first_sale + timedelta(days=rng.randint(40, 170))
    incorporated = second_sale - timedelta(days=rng.randint(20, 330))
    company = chunk.new_company(f"{_stem(chunk)} Vastgoed B.V.", BV, "68100", incorporated)
    director = launderer if rng.random() < 0.5 else intermediary
    chunk.add_officer(company, director, "bestuurder", incorporated)
    chunk.add_officer(company, launderer, "enig aandeelhouder", incorporated)
    chunk.new_account(company)
    sell(
        chunk, estate, second_sale, intermediary, [company], int(price * rng.uniform(1.15, 1.9)), 0
    )
    chunk.member(typology, instance, estate, "property", False)
    chunk.member(typology, instance, launderer, "launderer", False)
    chunk.member(typology, instance, intermediary, "intermediary", False)
    chunk.member(typology, instance, company, "company", False)


def plant_property_developer(chunk: Chunk, instance: str) -> None:
    """Decoy: an established developer buying, renovating and reselling homes within months."""
    rng, reference = chunk.rng, chunk.reference
    label = instance
    director = chunk.new_person(40, 66)
    director.income, director.assets = rng.randint(150, 400) * 1000, rng.randint(1000, 5000) * 1000
    chunk.add_previous_addresses(director)
    incorporated = years_before(reference, rng.uniform(10, 30))
    name = f"{_surname(director)} Projectontwikkeling B.V."
    company = chunk.new_company(name, BV, "41000", incorporated)
    chunk.add_officer(company, director, "bestuurder", incorporated)
    chunk.add_officer(
        company, make_holding(chunk, director, incorporated), "enig aandeelhouder", incorporated
    )
    chunk.new_account(company)
    chunk.member("real_estate_laundering", label, company, "company", True)
    chunk.member("real_estate_laundering", label, director, "director", True)
    for home in chunk.book.free_homes(rng.randint(4, 7), chunk.owned):
        estate = estate_for(chunk, home)
        bought = random_date(rng, years_before(reference, 6), reference - timedelta(days=300))
        price = int(market_price(chunk, home, bought) * rng.uniform(0.8, 0.92))
        sell(
            chunk,
            estate,
            bought,
            previous_owner(chunk, home, bought, []),
            [company],
            price,
            int(price * 0.7),
        )
        if rng.random() < 0.8:
            resold = bought + timedelta(days=rng.randint(90, 240))
            buyer = previous_owner(chunk, home, resold, [director])
            sell(chunk, estate, resold, company, [buyer], int(price * rng.uniform(1.1, 1.3)))
        chunk.member("real_estate_laundering", label, estate, "property", True)


def plant_bibob_hidden_financier(chunk: Chunk, instance: str) -> None:
    """A horeca applicant fronted by a clean director; a convicted financier behind it."""
    rng, reference, typology = chunk.rng, chunk.reference, "bibob_hidden_financier"
    financier = chunk.new_person(40, 66)
    add_conviction(
        chunk,
        financier,
        rng.choice(("opiumwet_hard", "witwassen", "gewoontewitwassen")),
        years_before(reference, rng.uniform(2, 8)),
    )
    holding_start = years_before(reference, rng.uniform(4, 15))
    holding = chunk.new_company(
        f"{_stem(chunk)} Investments B.V.", BV, "64200", holding_start, financier.current.address
    )
    chunk.add_officer(holding, financier, "bestuurder", holding_start)
    chunk.add_officer(holding, financier, "enig aandeelhouder", holding_start)
    chunk.new_account(holding)
    premises = chunk.book.claim("business", min_area=80)
    premises.purpose = "bijeenkomstfunctie"
    director = chunk.new_person(23, 40)
    chunk.add_previous_addresses(director)
    applicant = _applicant(chunk, director, holding, financier, premises)
    links = rng.choice((("kadaster",), ("fiu",), ("kadaster", "fiu")))
    _hidden_links(chunk, links, holding, applicant, premises)
    applied = reference - timedelta(days=rng.randint(20, 120))
    permit = add_permit(
        chunk, "exploitatie_horeca", applicant, premises, applied, "in behandeling", True
    )
    add_permit(chunk, "alcohol", applicant, premises, applied, "in behandeling", True)
    amount = rng.choice((50_000, 80_000, 120_000, 150_000))
    financiers: list[tuple[Holder | None, str, int]] = [
        (None, rng.choice(("Rabobank", "ING Bank", "eigen middelen")), amount)
    ]
    add_bibob(chunk, permit, [(director, "bestuurder")], financiers, "huur", None)
    for entity, role in (
        (applicant, "applicant"),
        (director, "director"),
        (financier, "financier"),
    ):
        chunk.member(typology, instance, entity, role, False)
    chunk.member(typology, instance, holding, "financier_company", False)
    chunk.member(typology, instance, premises, "premises", False)


def _applicant(
    chunk: Chunk, director: Person, holding: Company, financier: Person, premises: Address
) -> Company:
    """The applicant BV: fresh, horeca, the front man directs it, the holding holds shares."""
    rng, reference = chunk.rng, chunk.reference
    sbi = sbi_codes()[rng.choice(("56101", "56300"))]
    incorporated = reference - timedelta(days=rng.randint(90, 360))
    name = f"{rng.choice(sbi.words)} {_stem(chunk)} B.V."
    applicant = chunk.new_company(name, BV, sbi.code, incorporated, premises)
    if rng.random() < 0.3:  # the financier set it up himself, then stepped back
        handover = incorporated + timedelta(days=rng.randint(20, 60))
        chunk.add_officer(applicant, financier, "bestuurder", incorporated, handover)
        chunk.add_officer(applicant, director, "bestuurder", handover)
    else:
        chunk.add_officer(applicant, director, "bestuurder", incorporated)
    chunk.add_officer(applicant, holding, "aandeelhouder", incorporated)
    chunk.new_account(applicant)
    return applicant


def _hidden_links(
    chunk: Chunk, links: tuple[str, ...], holding: Company, applicant: Company, premises: Address
) -> None:
    """Kadaster (the holding owns the premises) and/or FIU (it paid in the applicant's capital)."""
    rng, reference = chunk.rng, chunk.reference
    estate = estate_for(chunk, premises)
    bought = random_date(rng, holding.incorporated, years_before(reference, 0.5))
    owner: Holder = (
        holding if "kadaster" in links else previous_owner(chunk, estate.address, bought, [])
    )
    sell(chunk, estate, bought, previous_owner(chunk, estate.address, bought, []), [owner])
    if "fiu" in links:
        when = applicant.incorporated + timedelta(days=rng.randint(5, 40))
        when = min(when, reference - timedelta(days=3))
        amount = rng.uniform(50_000, 250_000)
        add_fiu(chunk, "overboeking", amount, holding.accounts[0], applicant.accounts[0], when)
