"""The synthetic world: the real-world entities and events deliveries are made from.

These are the generator's truth. Every entity has the generator's own id (``P0000123`` persons,
``C…`` companies, ``A…`` addresses, ``R…`` real estate, ``V…`` vehicles, ``B…`` bank accounts),
which is what ``truth/records.csv`` links each delivered record to.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from verweven.synth.names import PersonName


@dataclass(slots=True)
class Address:
    """An address (BAG nummeraanduiding) with its object (verblijfsobject, standplaats, ...)."""

    id: str
    street: str
    number: int
    letter: str
    addition: str
    postcode: str
    city: str
    municipality: str  # 4-digit code
    neighbourhood: str  # BU code
    nummeraanduiding: str
    object_id: str
    pand_id: str
    openbare_ruimte: str
    object_type: str  # verblijfsobject | ligplaats | standplaats
    purpose: str  # gebruiksdoel
    area: int
    build_year: int
    x: float
    y: float
    ean: str
    document_date: date
    park_objects: list[tuple[str, int]] = field(default_factory=list)  # chalets: (object id, m²)
    claimed: bool = False  # taken by a planted typology or a household

    @property
    def house_number(self) -> str:
        """``12A``, ``7-2``, ``3 bis``: number, letter and addition as one string."""
        text = f"{self.number}{self.letter}"
        if self.addition:
            sep = "-" if self.addition.isdigit() else " "
            text = f"{text}{sep}{self.addition}"
        return text


@dataclass(slots=True)
class Residence:
    """A period a person was registered at an address."""

    address: Address
    start: date
    end: date | None = None
    chalet: str = ""  # chalet number on a holiday park (registered on the park's main address)
    postal: bool = False  # briefadres


@dataclass(slots=True)
class Account:
    """A bank account (IBAN) and its holder."""

    id: str
    iban: str
    bank: str  # 4-letter bank code
    holder: "Person | Company"


@dataclass(slots=True)
class Person:
    """A natural person registered in the region."""

    id: str
    bsn: str
    anummer: str
    name: PersonName
    gender: str  # M | V | O
    birth_date: date
    birth_place: str
    birth_country: str
    nationality: str
    origin: str  # name pool the names were drawn from
    residences: list[Residence] = field(default_factory=list)
    income: int = 0
    assets: int = 0
    tax_debt: int = 0
    open_assessments: int = 0
    accounts: list[Account] = field(default_factory=list)
    unknown_birth_day: bool = False  # BRP writes 00 for day and month

    @property
    def current(self) -> Residence:
        """The current residence (the last one)."""
        return self.residences[-1]

    @property
    def previous(self) -> Residence | None:
        """The residence before the current one, if any."""
        return self.residences[-2] if len(self.residences) > 1 else None

    def age_on(self, when: date) -> int:
        """Age in whole years on a date."""
        before = (when.month, when.day) < (self.birth_date.month, self.birth_date.day)
        return when.year - self.birth_date.year - before


@dataclass(slots=True)
class Officer:
    """A function in a company: who (person or company), which role, from when to when."""

    id: str  # functionaris row id
    holder: "Person | Company"
    role: str
    start: date
    end: date | None = None


@dataclass(slots=True)
class Branch:
    """A vestiging of a company at an address."""

    number: str  # vestigingsnummer
    address: Address
    trade_name: str
    start: date
    main: bool
    employees: int


@dataclass(slots=True)
class Company:
    """A company or other legal entity in the Handelsregister."""

    id: str
    kvk: str
    rsin: str
    name: str
    legal_form: str
    sbi: str
    incorporated: date
    dissolved: date | None = None
    branches: list[Branch] = field(default_factory=list)
    officers: list[Officer] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)


Holder = Person | Company


@dataclass(slots=True)
class Holding:
    """A period a vehicle was registered to a holder (a tenaamstelling)."""

    id: str
    holder: Holder
    start: date
    end: date | None = None


@dataclass(slots=True)
class Vehicle:
    """A vehicle with its registrations."""

    id: str
    kenteken: str
    make: str
    model: str
    kind: str
    colour: str
    vin: str
    first_admission: date
    holdings: list[Holding] = field(default_factory=list)


@dataclass(slots=True)
class Right:
    """A current right of a holder on real estate."""

    id: str
    holder: Holder
    share: str
    acquired: date


@dataclass(slots=True)
class Transaction:
    """A transfer of real estate."""

    id: str
    when: date
    price: int
    mortgage: int
    seller: Holder
    buyer: Holder


@dataclass(slots=True)
class RealEstate:
    """A cadastral object: a parcel with a house, or an apartment right."""

    id: str
    object_id: str
    designation: str
    kind: str  # perceel | appartementsrecht
    address: Address
    size: int
    rights: list[Right] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)


@dataclass(slots=True)
class Conviction:
    """A final conviction by a court."""

    id: str  # parketnummer
    person: Person
    offence: str
    committed: date
    judged: date
    final: date
    court: str
    sentence: str
    amount: str
    with_bsn: bool


@dataclass(slots=True)
class Involvement:
    """A person named in a police incident, with the role."""

    person: Person
    role: str
    with_bsn: bool
    with_birth_date: bool
    suspect_id: str = ""
    offence: str = ""


@dataclass(slots=True)
class Incident:
    """A police incident registration."""

    id: str
    when: datetime
    kind: str
    address: Address
    involved: list[Involvement] = field(default_factory=list)


@dataclass(slots=True)
class CannabisFarm:
    """A cannabis farm dismantled by the police."""

    id: str
    incident: Incident
    when: date
    address: Address
    occupant: Person | None
    owner: Holder | None
    plants: int
    lamps: int
    theft: bool
    premises: str


@dataclass(slots=True)
class EnergyAnomaly:
    """A grid operator's finding of abnormal consumption at a connection."""

    id: str
    address: Address
    customer: Holder | None
    kind: str
    found: date
    consumption: int
    expected: int


@dataclass(slots=True)
class FiuReport:
    """An unusual transaction reported to FIU-Nederland."""

    id: str
    when: date
    reported: date
    kind: str
    amount: float
    source: Account | None
    target: Account | None
    persons: list[Person]
    reason: str


@dataclass(slots=True)
class Permit:
    """A permit application and its decision."""

    id: str
    kind: str
    company: Company
    address: Address
    applied: date
    decided: date | None
    decision: str
    bibob: bool


@dataclass(slots=True)
class BibobApplication:
    """A Bibob questionnaire as filled in by the applicant (it may leave things out)."""

    id: str
    permit: Permit
    received: date
    managers: list[tuple[Person, str]]
    financiers: list[tuple[Holder | None, str, int]]  # (who, kind, amount); None: own means
    premises_relation: str
    landlord: Holder | None


@dataclass(slots=True)
class Member:
    """One planted entity of a typology instance or decoy (for truth/typologies.csv)."""

    typology: str
    instance: str
    entity_id: str
    schema: str
    role: str
    decoy: bool


Entity = Person | Company | Address | RealEstate | Vehicle | Account

SCHEMATA: dict[type, str] = {
    Person: "Person",
    Company: "Company",
    Address: "Address",
    RealEstate: "RealEstate",
    Vehicle: "Vehicle",
    Account: "BankAccount",
}


def schema_of(entity: Entity) -> str:
    """The FollowTheMoney schema of a generated entity."""
    return SCHEMATA[type(entity)]
