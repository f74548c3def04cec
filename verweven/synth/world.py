"""The region being generated and the chunk (one neighbourhood) being built in it.

A region is generated one neighbourhood at a time, so memory stays bounded: a ``Chunk`` holds the
entities of one neighbourhood until its deliveries are written, and ``Region`` keeps only what
must outlive a chunk (identifier sequences, street names, a bounded window of recent addresses and
persons for moves and sales, the few region-wide companies).
"""

import random
from collections import deque
from datetime import date, timedelta
from functools import cache

from verweven.synth.addresses import AddressBook
from verweven.synth.config import RegionConfig
from verweven.synth.dates import (
    birth_date_for_age,
    random_date,
    same_day_years_before,
    years_before,
)
from verweven.synth.disparities import income_factor
from verweven.synth.entities import (
    Account,
    Address,
    BibobApplication,
    Branch,
    CannabisFarm,
    Company,
    Conviction,
    EnergyAnomaly,
    Entity,
    FiuReport,
    Holder,
    Incident,
    Member,
    Officer,
    Permit,
    Person,
    RealEstate,
    Residence,
    Vehicle,
    schema_of,
)
from verweven.synth.geography import Geography, Neighbourhood, build_geography
from verweven.synth.idgen import Identifiers
from verweven.synth.names import draw_name, draw_origin
from verweven.synth.reference import load_yaml, nationalities
from verweven.synth.streams import Weighted, make_rng

GENDERS = Weighted(("M", "V", "O"), (4995, 4995, 10))
EARLIER_ADDRESSES = Weighted((0, 1, 2), (40, 40, 20))
RECENT = 2000  # addresses and persons remembered across chunks (moves, sellers)


class Region:
    """What outlives a chunk: config, identifiers, geography and bounded memories."""

    def __init__(self, config: RegionConfig) -> None:
        self.config = config
        self.seed = config.seed
        self.reference = config.reference_date
        self.ids = Identifiers(config.seed)
        self.geography: Geography = build_geography(config.persons, config.seed)
        self.streets: dict[str, set[str]] = {}
        self.recent_addresses: deque[Address] = deque(maxlen=RECENT)
        self.recent_persons: deque[Person] = deque(maxlen=RECENT)
        self.housing_corporations: list[Company] = []
        self.developers: list[Company] = []
        self._nationalities = nationalities()
        self.nationality_choice = Weighted(
            self._nationalities, [n.weight for n in self._nationalities]
        )
        foreign = self._nationalities[1:]
        self.foreign_choice = Weighted(foreign, [n.weight for n in foreign])
        self._dutch_abroad = float(load_yaml("nationalities.yml")["dutch_born_abroad"])
        self.birth_places: list[str] = load_yaml("geography.yml")["birth_places"]

    def remember(self, chunk: "Chunk") -> None:
        """Keep a bounded sample of the chunk's addresses and adults for later chunks."""
        homes = [a for a in chunk.book.addresses if a.purpose == "woonfunctie"]
        self.recent_addresses.extend(chunk.rng.sample(homes, min(len(homes), 300)))
        adults = [p for p in chunk.persons if p.age_on(self.reference) >= 25]
        self.recent_persons.extend(chunk.rng.sample(adults, min(len(adults), 300)))


class Chunk:
    """One neighbourhood under construction, with factories for its entities."""

    def __init__(self, region: Region, hood: Neighbourhood) -> None:
        self.region, self.hood = region, hood
        self.ids, self.reference = region.ids, region.reference
        self.rng = make_rng(region.seed, "chunk", hood.index)
        self.protected_rng = make_rng(region.seed, "protected", hood.index)
        streets = region.streets.setdefault(hood.municipality.code4, set())
        book_rng = make_rng(region.seed, "addresses", hood.index)
        self.book = AddressBook(self.ids, hood, book_rng, streets, self.reference)
        self.persons: list[Person] = []
        self.companies: list[Company] = []
        self.vehicles: list[Vehicle] = []
        self.estates: list[RealEstate] = []
        self.convictions: list[Conviction] = []
        self.incidents: list[Incident] = []
        self.farms: list[CannabisFarm] = []
        self.anomalies: list[EnergyAnomaly] = []
        self.fiu: list[FiuReport] = []
        self.permits: list[Permit] = []
        self.bibob: list[BibobApplication] = []
        self.members: list[Member] = []
        self.owned: dict[str, RealEstate] = {}  # address id -> its cadastral object
        self.parcels: dict[str, tuple[int, int]] = {}
        self._adults: tuple[int, list[Person]] = (-1, [])  # apartment building -> (parcel, units)

    # persons -----------------------------------------------------------------------------

    def draw_protected(self) -> tuple[str, str, str, str]:
        """Gender, nationality, name origin and birth country: from their own stream only."""
        rng = self.protected_rng
        gender = GENDERS.draw(rng)
        nationality = self.region.nationality_choice.draw(rng)
        origin = draw_origin(rng, nationality)
        country = nationality.country
        if nationality.name == "Nederlandse" and rng.random() < self.region._dutch_abroad:
            country = self.region.foreign_choice.draw(rng).country
        return gender, nationality.name, origin, country

    def _birth_place(self, country: str) -> str:
        if country == "Nederland":
            local = self.rng.random() < 0.45
            return self.hood.place if local else self.rng.choice(self.region.birth_places)
        for row in self.region._nationalities:
            if row.country == country and row.places:
                return self.rng.choice(row.places)
        return "Onbekend"

    def new_person(
        self,
        low: int = 18,
        high: int = 80,
        address: Address | None = None,
        since: date | None = None,
        like: Person | None = None,
        surname: tuple[str, str] | None = None,
        birth_date: date | None = None,
    ) -> Person:
        """A new person living in this neighbourhood (at ``address`` if given).

        ``like`` (a parent or partner) passes on nationality and name origin nine times in ten;
        ``surname`` is a (particle, surname) pair to take over (children).
        """
        gender, nationality, origin, country = self.draw_protected()
        if like is not None and self.protected_rng.random() < 0.9:
            nationality, origin, country = like.nationality, like.origin, like.birth_country
        born = birth_date or birth_date_for_age(self.rng, self.reference, low, high)
        name = draw_name(self.rng, origin, "V" if gender == "V" else "M")
        if surname is not None:
            name = name.with_surname(surname[1], surname[0])
        person = Person(
            id=self.ids.entity_id("P"),
            bsn=self.ids.bsn(),
            anummer=self.ids.anummer(),
            name=name,
            gender=gender,
            birth_date=born,
            birth_place=self._birth_place(country),
            birth_country=country,
            nationality=nationality,
            origin=origin,
        )
        person.unknown_birth_day = country != "Nederland" and self.rng.random() < 0.04
        set_income(self.rng, person, self.reference)
        self.persons.append(person)
        home = address or self.book.claim()
        self.move_in(person, home, since or self.arrival_date(person))
        return person

    def arrival_date(self, person: Person) -> date:
        """When an adult moved to the current address (a child: its birth)."""
        adult_from = person.birth_date + timedelta(days=int(18 * 365.25))
        if adult_from >= self.reference:
            return person.birth_date
        return random_date(
            self.rng, max(adult_from, years_before(self.reference, 25)), self.reference
        )

    def move_in(self, person: Person, address: Address, since: date, chalet: str = "") -> None:
        """Register the person at an address from ``since``, ending the current registration."""
        if person.residences:
            current = person.residences[-1]
            since = max(since, current.start + timedelta(days=30))
            current.end = since
        person.residences.append(Residence(address, since, None, chalet))

    def add_previous_addresses(self, person: Person) -> None:
        """Give the person 0-2 earlier addresses in the region (moves over time)."""
        adult_from = person.birth_date + timedelta(days=int(18 * 365.25))
        current = person.residences[0]
        pool = self.region.recent_addresses or deque(self.book.addresses[:50])
        end = current.start
        for _ in range(EARLIER_ADDRESSES.draw(self.rng)):
            start = random_date(self.rng, adult_from, end - timedelta(days=60))
            if start >= end - timedelta(days=60) or not pool:
                break
            earlier = pool[self.rng.randrange(len(pool))]
            if earlier is current.address:
                break
            person.residences.insert(0, Residence(earlier, start, end))
            end = start

    # companies ---------------------------------------------------------------------------

    def new_company(
        self,
        name: str,
        legal_form: str,
        sbi: str,
        incorporated: date,
        address: Address | None = None,
        trade_name: str = "",
    ) -> Company:
        """A company with its main branch (at ``address`` or a free business address)."""
        rsin_forms = ("Besloten Vennootschap", "Stichting", "Vereniging", "Naamloze Vennootschap")
        company = Company(
            id=self.ids.entity_id("C"),
            kvk=self.ids.kvk(),
            rsin=self.ids.rsin() if legal_form in rsin_forms else "",
            name=name,
            legal_form=legal_form,
            sbi=sbi,
            incorporated=incorporated,
        )
        self.add_branch(company, address or self.book.claim("business"), incorporated, trade_name)
        self.companies.append(company)
        return company

    def add_branch(
        self, company: Company, address: Address, start: date, trade_name: str = ""
    ) -> None:
        """A (further) vestiging of the company at an address."""
        employees = self.rng.choice((1, 1, 1, 2, 3, 5, 8, 12, 25))
        main = not company.branches
        branch = Branch(
            self.ids.vestigingsnummer(), address, trade_name or company.name, start, main, employees
        )
        company.branches.append(branch)

    def add_officer(
        self, company: Company, holder: Holder, role: str, start: date, end: date | None = None
    ) -> Officer:
        """A function (bestuurder, eigenaar, ...) of a person or company in the company."""
        officer = Officer(
            str(self.ids.count("functionaris") + 300_000_000), holder, role, start, end
        )
        company.officers.append(officer)
        return officer

    def new_account(self, holder: Holder, bank: str | None = None) -> Account:
        """A bank account of the holder."""
        code = bank or bank_choice().draw(self.rng)
        account = Account(self.ids.entity_id("B"), self.ids.iban(code), code, holder)
        holder.accounts.append(account)
        return account

    def account_of(self, holder: Holder) -> Account:
        """The holder's first account (made if it has none)."""
        return holder.accounts[0] if holder.accounts else self.new_account(holder)

    def member(self, typology: str, instance: str, entity: Entity, role: str, decoy: bool) -> None:
        """Record a planted entity of a typology instance (truth/typologies.csv)."""
        self.members.append(Member(typology, instance, entity.id, schema_of(entity), role, decoy))

    def adults(self) -> list[Person]:
        """The chunk's persons aged 18 or more on the reference date (cached until one is added)."""
        if self._adults[0] != len(self.persons):
            born_before = same_day_years_before(self.reference, 18)
            adults = [p for p in self.persons if p.birth_date <= born_before]
            self._adults = (len(self.persons), adults)
        return self._adults[1]


@cache
def bank_choice() -> Weighted[str]:
    """Bank codes with their market shares."""
    banks = load_yaml("events.yml")["banks"]
    return Weighted(list(banks), [float(b["weight"]) for b in banks.values()])


def set_income(rng: random.Random, person: Person, reference: date) -> None:
    """Declared income, box 3 assets and tax debts, by age, gender and migration background
    (background model; ``disparities.py``)."""
    age = person.age_on(reference)
    if age < 18:
        return
    median = 14_000 if age < 23 else 37_000 if age < 67 else 26_000
    factor = income_factor(person.gender, person.origin)
    person.income = int(round(median * factor * rng.lognormvariate(0, 0.5), -2))
    if rng.random() < (0.3 + min(age, 80) / 200) * min(factor, 1.0):
        person.assets = int(round(25_000 * rng.lognormvariate(0, 1.0), -2))
    if rng.random() < 0.06:
        person.tax_debt = int(round(2_500 * rng.lognormvariate(0, 0.9), -1))
        person.open_assessments = rng.randint(1, 4)
