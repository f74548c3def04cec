"""The register facts behind the indicators, placed in a buurt: one bulk read per kind of
entity, for purpose ``ondermijningsbeeld`` (audited by the store like every bulk read).

A fact is placed by its postcode: the BAG delivery gives each postcode's buurt. A fact whose
postcode no BAG address has is counted as unplaced (reported, never guessed).
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from verweven.access import Actor
from verweven.picture.indicators import (
    CARE_SBI_PREFIXES,
    CASH_SBI,
    INDICATORS,
    OVERCROWDED_M2,
    OVERCROWDED_RESIDENTS,
    RESALE_DAYS,
    STAND,
)
from verweven.store import Store

POSTCODE = re.compile(r"\b(\d{4}) ?([A-Z]{2})\b")
Entities = dict[str, dict[str, list[str]]]


@dataclass(frozen=True)
class Occurrence:
    """One counted fact: indicator, buurt, period (a year or ``stand``) and, for money
    indicators, its amount."""

    indicator: str
    buurt: str
    period: str
    amount: float = 0.0


@dataclass
class Facts:
    """What the picture counts: inhabitants and active companies per buurt, the occurrences
    of every indicator, and per indicator how many facts could not be placed."""

    inhabitants: Counter[str] = field(default_factory=Counter)
    companies: Counter[str] = field(default_factory=Counter)
    occurrences: list[Occurrence] = field(default_factory=list)
    unplaced: Counter[str] = field(default_factory=Counter)


def read_facts(store: Store, actor: Actor) -> Facts:
    """Every fact the indicators need that ``actor`` may read in bulk for its purpose."""
    read = _Reader(store, actor)
    facts = Facts()
    bag_addresses = read.entities("bag_adressen", "Address")
    buurt_of = {
        _first(a, "postalCode"): _first(a, "region")
        for a in bag_addresses.values()
        if _first(a, "region")
    }
    _residents(read, facts, buurt_of, bag_addresses)
    _companies(read, facts, buurt_of)
    for dataset, indicator in (
        ("politie_hennepkwekerijen", "hennepkwekerij"),
        ("netbeheerder_afwijkingen", "afwijkend_verbruik"),
    ):
        _events(read, facts, buurt_of, dataset, indicator)
    _resales(read, facts, buurt_of)
    return facts


# The properties the indicators use, per schema: each schema is read once, in bulk.
PROPS = {
    "Address": ("postalCode", "region", "remarks"),
    "UnknownLink": ("object", "role", "endDate"),
    "RealEstate": ("addressEntity", "area", "propertyType", "titleNumber", "address"),
    "Company": ("sector", "dissolutionDate", "addressEntity"),
    "Event": ("date", "addressEntity"),
    "Payment": ("date", "amount"),
}


SOURCES = frozenset(source for indicator in INDICATORS for source in indicator.sources)


class _Reader:
    """One audited bulk read per schema, grouped by dataset and entity; a dataset the
    purpose may not read simply gives nothing (the store filters it)."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store, self.actor = store, actor
        self.read: dict[str, dict[str, Entities]] = {}

    def entities(self, dataset: str, schema: str) -> Entities:
        if schema not in self.read:
            table = self.store.read_statement_table(
                self.actor, [schema], list(PROPS[schema]), ordered=False,
                columns=("entity_id", "prop", "value", "dataset"),
            )  # fmt: skip
            by_dataset: dict[str, Entities] = {}
            for entity, prop, value, source in zip(
                *(table.column(c).to_pylist() for c in ("entity_id", "prop", "value", "dataset")),
                strict=True,
            ):
                if source not in SOURCES:
                    continue
                grouped = by_dataset.setdefault(source, defaultdict(lambda: defaultdict(list)))
                grouped[entity][prop].append(value)
            self.read[schema] = by_dataset
        return self.read[schema].get(dataset, {})


def _first(entity: dict[str, list[str]], prop: str) -> str:
    values = entity.get(prop)
    return min(values) if values else ""


def _place(buurt_of: dict[str, str], postcode: str) -> str:
    match = POSTCODE.search(postcode.upper())
    return buurt_of.get(match.group(1) + match.group(2), "") if match else ""


def _residents(
    read: _Reader, facts: Facts, buurt_of: dict[str, str], bag_addresses: Entities
) -> None:
    links = read.entities("brp_verblijfplaatsen", "UnknownLink")
    addresses = read.entities("brp_verblijfplaatsen", "Address")
    objects = read.entities("bag_adressen", "RealEstate")
    # Per BAG number designation: residential floor area and whether it is only lodging.
    address_of = {_first(a, "remarks"): code for code, a in bag_addresses.items()}
    floor: dict[str, float] = defaultdict(float)
    uses: dict[str, set[str]] = defaultdict(set)
    for obj in objects.values():
        use = _first(obj, "propertyType").split(": ")[-1]
        address = _first(obj, "addressEntity")
        uses[address].add(use)
        if use == "woonfunctie":
            floor[address] += float(_first(obj, "area") or 0)
    per_address: Counter[tuple[str, str]] = Counter()
    for link in links.values():
        if link.get("endDate") or _first(link, "role") not in ("W", "woonadres"):
            continue
        home = addresses.get(_first(link, "object"), {})
        buurt = _place(buurt_of, _first(home, "postalCode"))
        if not buurt:
            facts.unplaced["inwoners"] += 1
            continue
        facts.inhabitants[buurt] += 1
        per_address[(buurt, _first(home, "remarks"))] += 1
    for (buurt, designation), residents in per_address.items():
        bag = address_of.get(designation, "")
        if uses.get(bag) == {"logiesfunctie"}:
            facts.occurrences += [Occurrence("bewoning_recreatie", buurt, STAND)] * residents
        area = floor.get(bag, 0.0)
        if residents >= OVERCROWDED_RESIDENTS and 0 < area < OVERCROWDED_M2 * residents:
            facts.occurrences.append(Occurrence("overbewoning", buurt, STAND))


def _companies(read: _Reader, facts: Facts, buurt_of: dict[str, str]) -> None:
    companies = read.entities("kvk_inschrijvingen", "Company")
    addresses = read.entities("kvk_inschrijvingen", "Address")
    for company in companies.values():
        if company.get("dissolutionDate"):
            continue
        address = addresses.get(_first(company, "addressEntity"), {})
        buurt = _place(buurt_of, _first(address, "postalCode"))
        if not buurt:
            facts.unplaced["bedrijven"] += 1
            continue
        facts.companies[buurt] += 1
        sbi = _first(company, "sector")
        if sbi in CASH_SBI:
            facts.occurrences.append(Occurrence("contant_intensief", buurt, STAND))
        if sbi.startswith(CARE_SBI_PREFIXES):
            facts.occurrences.append(Occurrence("zorgaanbieder", buurt, STAND))


def _events(
    read: _Reader, facts: Facts, buurt_of: dict[str, str], dataset: str, indicator: str
) -> None:
    events = read.entities(dataset, "Event")
    addresses = read.entities(dataset, "Address")
    for event in events.values():
        address = addresses.get(_first(event, "addressEntity"), {})
        buurt = _place(buurt_of, _first(address, "postalCode"))
        when = _first(event, "date")[:4]
        if buurt and when:
            facts.occurrences.append(Occurrence(indicator, buurt, when))
        else:
            facts.unplaced[indicator] += 1


def _resales(read: _Reader, facts: Facts, buurt_of: dict[str, str]) -> None:
    """Sales of one object (title number) within RESALE_DAYS of its previous sale. The
    delivery's payment and object of one transfer share the transfer's record key."""
    objects = read.entities("kadaster_transacties", "RealEstate")
    payments = read.entities("kadaster_transacties", "Payment")
    by_record = {code.rsplit(".", 1)[-1]: obj for code, obj in objects.items()}
    sales: dict[str, list[tuple[date, float, str]]] = defaultdict(list)
    for code, payment in payments.items():
        obj = by_record.get(code.rsplit(".", 1)[-1])
        when = _first(payment, "date")
        if obj is None or not when:
            continue
        buurt = _place(buurt_of, _first(obj, "address"))
        amount = float(_first(payment, "amount") or 0)
        sales[_first(obj, "titleNumber")].append((date.fromisoformat(when[:10]), amount, buurt))
    for history in sales.values():
        history.sort()
        for (before, _, _), (after, amount, buurt) in pairwise(history):
            if (after - before).days > RESALE_DAYS:
                continue
            if buurt:
                facts.occurrences.append(
                    Occurrence("snelle_doorverkoop", buurt, str(after.year), amount)
                )
            else:
                facts.unplaced["snelle_doorverkoop"] += 1
