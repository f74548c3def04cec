"""The register facts behind the indicators, placed in a buurt: one bulk read per kind of
entity, for purpose ``ondermijningsbeeld`` (audited by the store like every bulk read).

A fact is placed by its postcode: the BAG delivery gives each postcode's buurt. A fact whose
postcode no BAG address has is counted as unplaced (reported, never guessed). Dated facts fall
in the year or the quarter of their date (``Granularity``).

Each occurrence keeps the records it was counted from. The published picture never shows them;
the drill-down (``picture/drilldown.py``) reads the facts again as its own reader, for a
purpose that may see records, and lists those behind one number.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import pairwise

import pyarrow as pa

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


class Granularity(StrEnum):
    """The period a dated fact is counted in."""

    JAAR = "jaar"
    KWARTAAL = "kwartaal"

    def period(self, day: str) -> str:
        """``2025`` or ``2025-K3`` for an ISO date (or its year and month); "" if undated."""
        year, month = day[:4], day[5:7]
        if not year.isdigit():
            return ""
        if self is Granularity.JAAR:
            return year
        return f"{year}-K{(int(month) - 1) // 3 + 1}" if month.isdigit() else ""


@dataclass(frozen=True)
class Occurrence:
    """One counted fact: indicator, buurt, period (a year, a quarter or ``stand``), for money
    indicators its amount, and the records (entity ids) it was counted from."""

    indicator: str
    buurt: str
    period: str
    amount: float = 0.0
    records: tuple[str, ...] = ()


@dataclass
class Facts:
    """What the picture counts: inhabitants and active companies per buurt, the occurrences
    of every indicator, and per indicator how many facts could not be placed."""

    inhabitants: Counter[str] = field(default_factory=Counter)
    companies: Counter[str] = field(default_factory=Counter)
    occurrences: list[Occurrence] = field(default_factory=list)
    unplaced: Counter[str] = field(default_factory=Counter)
    canonical: dict[str, str] = field(default_factory=dict)


def read_facts(
    store: Store,
    actor: Actor,
    granularity: Granularity = Granularity.JAAR,
    canonical: bool = False,
    indicator: str | None = None,
) -> Facts:
    """Every fact the indicators need that ``actor`` may read in bulk for its purpose (with
    ``indicator``, only what that one needs: its occurrences, not the denominators); with
    ``canonical``, ``Facts.canonical`` maps every record read to its resolved entity."""
    read = _Reader(store, actor, canonical)
    facts = Facts()
    bag_addresses = read.entities("bag_adressen", "Address")
    buurt_of = {
        _first(a, "postalCode"): _first(a, "region")
        for a in bag_addresses.values()
        if _first(a, "region")
    }
    wanted = {i.id for i in INDICATORS if indicator in (None, i.id)}
    if wanted & {"bewoning_recreatie", "overbewoning"}:
        _residents(read, facts, buurt_of, bag_addresses)
    if wanted & {"contant_intensief", "zorgaanbieder"}:
        _companies(read, facts, buurt_of)
    for dataset, event_indicator in EVENTS:
        if event_indicator in wanted:
            _events(read, facts, buurt_of, dataset, event_indicator, granularity)
    if "snelle_doorverkoop" in wanted:
        _resales(read, facts, buurt_of, granularity)
    if read.canonical is not None:
        counted = {r for o in facts.occurrences for r in o.records}
        if counted - read.canonical.keys():
            read.resolve("Person")  # the residents: read as links, shown as persons
        facts.canonical = {r: read.canonical.get(r, r) for r in counted}
    return facts


# Indicators that count one delivery's events, by the delivery.
EVENTS = (
    ("politie_hennepkwekerijen", "hennepkwekerij"),
    ("netbeheerder_afwijkingen", "afwijkend_verbruik"),
)


# The properties the indicators use, per schema: each schema is read once, in bulk.
PROPS = {
    "Address": ("postalCode", "region", "remarks"),
    "UnknownLink": ("subject", "object", "role", "endDate"),
    "RealEstate": ("addressEntity", "area", "propertyType", "titleNumber", "address"),
    "Company": ("sector", "dissolutionDate", "addressEntity"),
    "Event": ("date", "addressEntity"),
    "Payment": ("date", "amount"),
}


SOURCES = frozenset(source for indicator in INDICATORS for source in indicator.sources)


class _Reader:
    """One audited bulk read per schema, grouped by dataset and entity; a dataset the
    purpose may not read simply gives nothing (the store filters it). With ``canonical``
    it also keeps each record's resolved entity (the drill-down links to it)."""

    def __init__(self, store: Store, actor: Actor, canonical: bool = False) -> None:
        self.store, self.actor = store, actor
        self.read: dict[str, dict[str, Entities]] = {}
        self.canonical: dict[str, str] | None = {} if canonical else None

    def entities(self, dataset: str, schema: str) -> Entities:
        if schema not in self.read:
            columns: tuple[str, ...] = ("entity_id", "prop", "value", "dataset")
            if self.canonical is not None:
                columns += ("canonical_id",)
            table = self.store.read_statement_table(
                self.actor, [schema], list(PROPS[schema]), ordered=False, columns=columns
            )
            by_dataset: dict[str, Entities] = {}
            values = [
                table.column(c).to_pylist() for c in ("entity_id", "prop", "value", "dataset")
            ]
            for entity, prop, value, source in zip(*values, strict=True):
                if source not in SOURCES:
                    continue
                grouped = by_dataset.setdefault(source, defaultdict(lambda: defaultdict(list)))
                grouped[entity][prop].append(value)
            if self.canonical is not None:
                self._learn(table)
            self.read[schema] = by_dataset
        return self.read[schema].get(dataset, {})

    def resolve(self, schema: str) -> None:
        """Learn the resolved entity of every record of ``schema`` (one bulk read of ids)."""
        self._learn(
            self.store.read_statement_table(
                self.actor, [schema], ["id"], ordered=False, columns=("entity_id", "canonical_id")
            )
        )

    def _learn(self, table: pa.Table) -> None:
        ids = table.column("entity_id").to_pylist()
        resolved = dict(zip(ids, table.column("canonical_id").to_pylist(), strict=True))
        self.canonical = {**(self.canonical or {}), **resolved}


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
    per_address: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, link in links.items():
        if link.get("endDate") or _first(link, "role") not in ("W", "woonadres"):
            continue
        home = addresses.get(_first(link, "object"), {})
        buurt = _place(buurt_of, _first(home, "postalCode"))
        if not buurt:
            facts.unplaced["inwoners"] += 1
            continue
        facts.inhabitants[buurt] += 1
        per_address[(buurt, _first(home, "remarks"))].append(_first(link, "subject") or code)
    for (buurt, designation), residents in per_address.items():
        bag = address_of.get(designation, "")
        if uses.get(bag) == {"logiesfunctie"}:
            facts.occurrences += [
                Occurrence("bewoning_recreatie", buurt, STAND, records=(resident, bag))
                for resident in residents
            ]
        area = floor.get(bag, 0.0)
        if len(residents) >= OVERCROWDED_RESIDENTS and 0 < area < OVERCROWDED_M2 * len(residents):
            facts.occurrences.append(
                Occurrence("overbewoning", buurt, STAND, records=(bag, *sorted(residents)))
            )


def _companies(read: _Reader, facts: Facts, buurt_of: dict[str, str]) -> None:
    companies = read.entities("kvk_inschrijvingen", "Company")
    addresses = read.entities("kvk_inschrijvingen", "Address")
    for code, company in companies.items():
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
            facts.occurrences.append(Occurrence("contant_intensief", buurt, STAND, records=(code,)))
        if sbi.startswith(CARE_SBI_PREFIXES):
            facts.occurrences.append(Occurrence("zorgaanbieder", buurt, STAND, records=(code,)))


def _events(
    read: _Reader,
    facts: Facts,
    buurt_of: dict[str, str],
    dataset: str,
    indicator: str,
    granularity: Granularity,
) -> None:
    events = read.entities(dataset, "Event")
    addresses = read.entities(dataset, "Address")
    for code, event in events.items():
        address = addresses.get(_first(event, "addressEntity"), {})
        buurt = _place(buurt_of, _first(address, "postalCode"))
        when = granularity.period(_first(event, "date"))
        if buurt and when:
            facts.occurrences.append(Occurrence(indicator, buurt, when, records=(code,)))
        else:
            facts.unplaced[indicator] += 1


def _resales(
    read: _Reader, facts: Facts, buurt_of: dict[str, str], granularity: Granularity
) -> None:
    """Sales of one object (title number) within RESALE_DAYS of its previous sale. The
    delivery's payment and object of one transfer share the transfer's record key."""
    objects = read.entities("kadaster_transacties", "RealEstate")
    payments = read.entities("kadaster_transacties", "Payment")
    by_record = {code.rsplit(".", 1)[-1]: obj for code, obj in objects.items()}
    sales: dict[str, list[tuple[date, float, str, str]]] = defaultdict(list)
    for code, payment in payments.items():
        obj = by_record.get(code.rsplit(".", 1)[-1])
        when = _first(payment, "date")
        if obj is None or not when:
            continue
        buurt = _place(buurt_of, _first(obj, "address"))
        amount = float(_first(payment, "amount") or 0)
        sale = (date.fromisoformat(when[:10]), amount, buurt, code)
        sales[_first(obj, "titleNumber")].append(sale)
    for history in sales.values():
        history.sort()
        for (before, _, _, first), (after, amount, buurt, second) in pairwise(history):
            if (after - before).days > RESALE_DAYS:
                continue
            if buurt:
                period = granularity.period(after.isoformat())
                facts.occurrences.append(
                    Occurrence("snelle_doorverkoop", buurt, period, amount, (first, second))
                )
            else:
                facts.unplaced["snelle_doorverkoop"] += 1
