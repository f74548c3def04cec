"""Planted housing typologies: overcrowded addresses, holiday parks; decoys big family and landlord.

Each planter builds one instance in the chunk with the ordinary factories (so its records go
through the same deliveries and noise as everything else) and records its members.
"""

from datetime import timedelta

from verweven.synth.dates import random_date, years_before
from verweven.synth.economy import BV, capitalised
from verweven.synth.entities import Address, Company, Person
from verweven.synth.events import add_conviction, add_fiu, add_incident
from verweven.synth.population import add_children
from verweven.synth.property import estate_for, market_price, previous_owner, sell, set_owners
from verweven.synth.reference import load_yaml
from verweven.synth.world import Chunk


def _surname(person: Person) -> str:
    return capitalised(" ".join(p for p in (person.name.particle, person.name.surname) if p))


def _stem(chunk: Chunk) -> str:
    return str(chunk.rng.choice(load_yaml("geography.yml")["street_stems"]))


def _director_company(
    chunk: Chunk,
    director: Person,
    name: str,
    sbi: str,
    years: tuple[float, float],
    address: Address | None = None,
) -> Company:
    """A BV directed and held by ``director``, incorporated some years ago."""
    incorporated = years_before(chunk.reference, chunk.rng.uniform(*years))
    company = chunk.new_company(name, BV, sbi, incorporated, address)
    chunk.add_officer(company, director, "bestuurder", incorporated)
    chunk.add_officer(company, director, "enig aandeelhouder", incorporated)
    chunk.new_account(company)
    return company


def plant_overcrowded_address(chunk: Chunk, instance: str) -> None:
    """A small home with 10-18 recent registrations, owned by a landlord BV of a staffing boss."""
    rng, reference, typology = chunk.rng, chunk.reference, "overcrowded_address"
    home = chunk.book.claim(min_area=45, max_area=95)
    director = chunk.new_person(35, 60)
    chunk.add_previous_addresses(director)
    landlord = _director_company(
        chunk, director, f"{_surname(director)} Vastgoed B.V.", "68201", (2, 12)
    )
    agency_name = (
        f"{rng.choice(('Flex', 'Euro', 'Inter', 'Top'))} {_stem(chunk)} Personeelsdiensten B.V."
    )
    employer = _director_company(chunk, director, agency_name, "78201", (1, 6))
    estate = estate_for(chunk, home)
    bought = random_date(rng, years_before(reference, 5), years_before(reference, 1.2))
    sell(chunk, estate, bought, previous_owner(chunk, home, bought, []), [landlord])
    start = years_before(reference, 1.2)
    for _ in range(rng.randint(10, 18)):
        since = random_date(rng, start, reference - timedelta(days=20))
        resident = chunk.new_person(19, 48, address=home, since=since)
        resident.income = rng.randint(9, 19) * 1000
        chunk.add_previous_addresses(resident)
        chunk.member(typology, instance, resident, "resident", False)
    chunk.member(typology, instance, home, "address", False)
    chunk.member(typology, instance, landlord, "landlord", False)
    chunk.member(typology, instance, employer, "employer", False)
    chunk.member(typology, instance, director, "director", False)


def make_park(chunk: Chunk, director: Person, chalets: int) -> tuple[Address, Company]:
    """A holiday park on one main address, owned by its operating BV."""
    park = chunk.book.make_holiday_park(chalets)
    kind = chunk.rng.choice(("Recreatiepark", "Vakantiepark", "Bungalowpark"))
    name = f"{kind} {_stem(chunk)}hoeve B.V."
    operator = _director_company(chunk, director, name, "55201", (4, 20), park)
    estate = estate_for(chunk, park)
    bought = random_date(chunk.rng, operator.incorporated, years_before(chunk.reference, 1))
    sell(chunk, estate, bought, previous_owner(chunk, park, bought, []), [operator], mortgage=0)
    return park, operator


def plant_holiday_park(chunk: Chunk, instance: str) -> None:
    """A park with 4-25 permanent residents, a convicted operator and a convicted financier."""
    rng, reference, typology = chunk.rng, chunk.reference, "holiday_park"
    director = chunk.new_person(38, 65)
    add_conviction(chunk, director, rng.choice(("opiumwet_hennep", "witwassen", "opiumwet_hard")))
    park, operator = make_park(chunk, director, rng.randint(25, 60))
    financier = chunk.new_person(40, 66)
    add_conviction(chunk, financier, rng.choice(("witwassen", "opiumwet_hard")))
    when = random_date(rng, years_before(reference, 3), reference - timedelta(days=30))
    amount = rng.uniform(150_000, 600_000)
    add_fiu(
        chunk,
        "overboeking",
        amount,
        chunk.account_of(financier),
        operator.accounts[0],
        when,
        [financier],
    )
    residents = []
    for chalet in rng.sample(range(1, len(park.park_objects) + 1), rng.randint(4, 25)):
        since = random_date(rng, years_before(reference, 4), reference - timedelta(days=30))
        resident = chunk.new_person(22, 72, address=park, since=since)
        resident.current.chalet = str(chalet)
        chunk.add_previous_addresses(resident)
        residents.append(resident)
        chunk.member(typology, instance, resident, "resident", False)
    suspects = [(person, "verdachte", "opiumwet_hard") for person in rng.sample(residents, 2)]
    add_incident(
        chunk,
        "drugshandel",
        park,
        suspects,
        random_date(rng, years_before(reference, 2), reference),
    )
    chunk.member(typology, instance, park, "park", False)
    chunk.member(typology, instance, operator, "operator", False)
    chunk.member(typology, instance, director, "operator_director", False)
    chunk.member(typology, instance, financier, "financier", False)


def plant_background_park(chunk: Chunk) -> None:
    """An ordinary holiday park: a clean operator, one or two registered park managers and, on
    half the parks, permanent residents the municipality tolerates (1 to 8; see the base
    rates in docs/data-formats.md)."""
    director = chunk.new_person(40, 65)
    park, _ = make_park(chunk, director, chunk.rng.randint(20, 50))
    residents = chunk.rng.randint(1, 2)
    if chunk.rng.random() < 0.5:
        residents += chunk.rng.randint(1, 8)
    for chalet in range(1, residents + 1):
        resident = chunk.new_person(30, 75, address=park)
        resident.current.chalet = str(chalet)


def plant_big_family(chunk: Chunk, instance: str) -> None:
    """Decoy: parents and 8-11 children in a big house, registered there for years."""
    rng, reference = chunk.rng, chunk.reference
    home = chunk.book.claim(min_area=165, max_area=400)
    if home.area < 165:
        home.area = rng.randint(170, 260)
    since = years_before(reference, rng.uniform(10, 20))
    father = chunk.new_person(40, 50, address=home, since=since)
    age = father.age_on(reference) + rng.randint(-4, 2)
    mother = chunk.new_person(age, age, address=home, since=since, like=father)
    children = add_children(chunk, father, home, since, rng.randint(8, 11))
    for person in (father, mother, *children):
        chunk.member("overcrowded_address", instance, person, "resident", True)
    chunk.member("overcrowded_address", instance, home, "address", True)
    estate = estate_for(chunk, home)
    set_owners(chunk, estate, [father, mother], since)


def plant_legit_landlord(chunk: Chunk, instance: str) -> None:
    """Decoy: a well-off landlord who bought 6-12 rented homes over the years, with mortgages."""
    rng, reference = chunk.rng, chunk.reference
    label = instance
    landlord = chunk.new_person(45, 72)
    landlord.income = rng.randint(120, 320) * 1000
    landlord.assets = rng.randint(500, 3000) * 1000
    chunk.add_previous_addresses(landlord)
    chunk.member("real_estate_laundering", label, landlord, "landlord", True)
    for home in chunk.book.free_homes(rng.randint(6, 12), chunk.owned):
        estate = estate_for(chunk, home)
        bought = random_date(rng, years_before(reference, 14), years_before(reference, 0.5))
        price = market_price(chunk, home, bought)
        seller = previous_owner(chunk, home, bought, [landlord])
        sell(
            chunk,
            estate,
            bought,
            seller,
            [landlord],
            price=price,
            mortgage=int(round(price * 0.7, -3)),
        )
        chunk.member("real_estate_laundering", label, estate, "property", True)
