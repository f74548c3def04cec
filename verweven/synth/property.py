"""Real estate: cadastral objects, who owns them, and the sales that made it so."""

from datetime import date, timedelta
from itertools import pairwise

from verweven.synth.dates import random_date, years_before
from verweven.synth.disparities import owner_occupied_share
from verweven.synth.entities import Address, Holder, Person, RealEstate, Right, Transaction
from verweven.synth.world import Chunk

SALES_SINCE = date(2011, 1, 1)
PRICE_PER_M2: tuple[tuple[int, int], ...] = (
    (2011, 2150),
    (2013, 1950),
    (2015, 2100),
    (2017, 2450),
    (2019, 2900),
    (2021, 3500),
)
PRICE_PER_M2 += ((2022, 3900), (2023, 3750), (2024, 4000), (2025, 4300), (2026, 4500))
SOCIAL_RENT = 0.65  # of the rented homes


def price_per_m2(when: date) -> float:
    """Average sale price per m² on a date (linear between yearly points)."""
    year = when.year + (when.timetuple().tm_yday - 1) / 365.0
    points = PRICE_PER_M2
    if year <= points[0][0]:
        return float(points[0][1])
    for (y0, p0), (y1, p1) in pairwise(points):
        if year <= y1:
            return p0 + (p1 - p0) * (year - y0) / (y1 - y0)
    return float(points[-1][1])


def market_price(chunk: Chunk, address: Address, when: date) -> int:
    """A plausible sale price of the address on a date."""
    factor = 0.75 + (chunk.hood.index * 7919 % 55) / 100
    price = price_per_m2(when) * address.area * factor * chunk.rng.uniform(0.85, 1.15)
    return int(round(price / 500) * 500)


def estate_for(chunk: Chunk, address: Address) -> RealEstate:
    """The cadastral object of an address (made once; apartments share their parcel)."""
    if address.id in chunk.owned:
        return chunk.owned[address.id]
    ids = chunk.ids
    municipality = chunk.hood.municipality
    apartment = bool(address.addition or address.letter)
    key = f"parcel:{address.pand_id}" if apartment else ""
    if apartment and key in chunk.parcels:
        parcel, unit = chunk.parcels[key]
        chunk.parcels[key] = (parcel, unit + 1)
        designation = f"{municipality.cadastral} {chunk.hood.section} {parcel} A {unit + 1}"
    else:
        parcel = ids.count(f"parcel:{municipality.code4}:{chunk.hood.section}")
        if apartment:
            chunk.parcels[key] = (parcel, 1)
        suffix = " A 1" if apartment else ""
        designation = f"{municipality.cadastral} {chunk.hood.section} {parcel}{suffix}"
    size = address.area if apartment else int(address.area * chunk.rng.uniform(1.3, 3.5))
    estate = RealEstate(
        id=ids.entity_id("R"),
        object_id=f"NL.IMKAD.KadastraalObject.{ids.count('kadastraal_object') + 50_000_000_000}",
        designation=designation,
        kind="appartementsrecht" if apartment else "perceel",
        address=address,
        size=size,
    )
    chunk.estates.append(estate)
    chunk.owned[address.id] = estate
    return estate


def set_owners(chunk: Chunk, estate: RealEstate, holders: list[Holder], acquired: date) -> None:
    """Replace the current rights: the holders own equal shares from ``acquired``."""
    share = f"1/{len(holders)}"
    estate.rights = [
        Right(
            f"NL.IMKAD.ZakelijkRecht.{chunk.ids.count('zakelijk_recht') + 70_000_000_000}",
            h,
            share,
            acquired,
        )
        for h in holders
    ]


def sell(
    chunk: Chunk,
    estate: RealEstate,
    when: date,
    seller: Holder,
    buyers: list[Holder],
    price: int | None = None,
    mortgage: int | None = None,
) -> Transaction:
    """A sale: a transaction in the register and the buyers as the new owners."""
    price = price if price is not None else market_price(chunk, estate.address, when)
    if mortgage is None:
        mortgage = (
            int(round(price * chunk.rng.uniform(0.6, 1.0), -3)) if chunk.rng.random() < 0.85 else 0
        )
    number = chunk.ids.count("transactie")
    transaction = Transaction(
        id=f"NL.IMKAD.TIAStuk.{when:%Y%m%d}{number:07d}",
        when=when,
        price=price,
        mortgage=mortgage,
        seller=seller,
        buyer=buyers[0],
    )
    estate.transactions.append(transaction)
    set_owners(chunk, estate, buyers, when)
    return transaction


def previous_owner(chunk: Chunk, address: Address, when: date, exclude: list[Person]) -> Holder:
    """Who sold a home on a date: the developer of a new build, or an earlier resident."""
    if address.build_year >= when.year - 1 and chunk.region.developers:
        return chunk.rng.choice(chunk.region.developers)
    pool = chunk.region.recent_persons or chunk.adults()
    for _ in range(10):
        candidate = pool[chunk.rng.randrange(len(pool))]
        if candidate not in exclude and candidate.birth_date < years_before(when, 25):
            return candidate
    return chunk.region.developers[0] if chunk.region.developers else pool[0]


def add_real_estate(chunk: Chunk) -> None:
    """Every address not set up by a typology gets its owners and recent sales."""
    residents: dict[str, list[Person]] = {}
    for person in chunk.persons:
        if person.age_on(chunk.reference) >= 18:
            residents.setdefault(person.current.address.id, []).append(person)
    for address in chunk.book.addresses:
        if address.id in chunk.owned:
            continue
        estate = estate_for(chunk, address)
        occupants = residents.get(address.id, [])
        owned = occupants and chunk.rng.random() < owner_occupied_share(occupants[0].origin)
        if address.purpose == "woonfunctie" and owned:
            own_home(chunk, estate, occupants[:2])
        else:
            let_out(chunk, estate)


def own_home(chunk: Chunk, estate: RealEstate, owners: list[Person]) -> None:
    """Owner-occupiers: bought when they moved in (a sale in the register if since 2011)."""
    bought = max(
        min(owner.current.start for owner in owners), owners[0].birth_date + timedelta(days=6900)
    )
    if bought >= SALES_SINCE:
        if chunk.rng.random() < 0.3:  # an earlier sale of the same home
            earlier = random_date(chunk.rng, SALES_SINCE, bought - timedelta(days=400))
            if earlier < bought - timedelta(days=400):
                first = previous_owner(chunk, estate.address, earlier, list(owners))
                sell(
                    chunk,
                    estate,
                    earlier,
                    first,
                    [previous_owner(chunk, estate.address, bought, list(owners))],
                )
        seller = (
            estate.rights[0].holder
            if estate.rights
            else previous_owner(chunk, estate.address, bought, list(owners))
        )
        sell(chunk, estate, bought, seller, list(owners))
    else:
        set_owners(chunk, estate, list(owners), bought)


def let_out(chunk: Chunk, estate: RealEstate) -> None:
    """A rented home or business premises: a housing corporation or a private landlord owns it."""
    rng, address = chunk.rng, estate.address
    corporations = chunk.region.housing_corporations
    built = date(max(address.build_year, 1900), 6, 1)
    if address.purpose == "woonfunctie" and corporations and rng.random() < SOCIAL_RENT:
        set_owners(chunk, estate, [rng.choice(corporations)], max(built, date(1995, 1, 1)))
        return
    adults = chunk.adults()
    if not adults:
        set_owners(chunk, estate, [rng.choice(corporations)], built)
        return
    landlord = rng.choice(adults)
    bought = random_date(rng, max(built, years_before(chunk.reference, 25)), chunk.reference)
    if bought >= SALES_SINCE:
        sell(chunk, estate, bought, previous_owner(chunk, address, bought, [landlord]), [landlord])
    else:
        set_owners(chunk, estate, [landlord], bought)
