"""Build the picture: count the facts per area and period (the authorised tables), and
protect them for publication (the published tables)."""

from collections import Counter
from dataclasses import dataclass, field

from verweven.access import Actor
from verweven.errors import InputError
from verweven.picture.areas import Area, Areas
from verweven.picture.disclosure import Cell, DisclosureRules, Protected, Relation, protect
from verweven.picture.facts import Facts, Granularity, read_facts
from verweven.picture.indicators import INDICATORS, STAND, TOTAL, Indicator
from verweven.picture.register import MONEY, Earlier
from verweven.store import Store

PURPOSE = "ondermijningsbeeld"
MIN_DENOMINATOR = 100  # CBS: no rate on fewer than 100 inhabitants or companies
RATE_SCALE = {"inwoners": 1_000, "bedrijven": 100}


@dataclass(frozen=True)
class Table:
    """One indicator's authorised table: counts (and sums of money) per (area, period)."""

    indicator: Indicator
    periods: tuple[str, ...]
    counts: dict[Cell, float]
    contributions: dict[Cell, list[float]] = field(default_factory=dict)

    def money(self) -> dict[Cell, float]:
        """The sum of money per cell."""
        return {cell: sum(self.contributions.get(cell, [])) for cell in self.counts}


@dataclass(frozen=True)
class Picture:
    """The authorised picture: areas, denominators per area, one table per indicator, and
    how many facts could not be placed in an area (per indicator or denominator)."""

    areas: Areas
    inhabitants: dict[str, int]
    companies: dict[str, int]
    tables: tuple[Table, ...]
    unplaced: dict[str, int]

    def relations(self, table: Table) -> list[Relation]:
        """The sums a table respects: each area is the sum of the areas inside it (in every
        period), and the total of a dated indicator is the sum of its years."""
        inside = self.areas.children()
        relations: list[Relation] = [
            ((code, period), tuple((child, period) for child in children))
            for period in table.periods
            for code, children in inside.items()
            if children
        ]
        years = tuple(p for p in table.periods if p != TOTAL)
        if TOTAL in table.periods and years:
            relations += [
                ((area.code, TOTAL), tuple((area.code, year) for year in years))
                for area in self.areas.areas
            ]
        return relations


@dataclass(frozen=True)
class PublishedTable:
    """One indicator's published table: protected counts, protected sums of money (if the
    indicator has them), rates from the published counts, and the rules applied."""

    indicator: Indicator
    periods: tuple[str, ...]
    counts: Protected
    money: Protected | None
    rates: dict[Cell, float | None]
    rules: DisclosureRules


def build_picture(
    store: Store, actor: Actor, areas: Areas, granularity: Granularity = Granularity.JAAR
) -> Picture:
    """Count every indicator per area and period (year or quarter) from what ``actor``
    (stating purpose ``ondermijningsbeeld``) may read in bulk."""
    if actor.purpose != PURPOSE:
        raise InputError(
            f"the picture is read for purpose {PURPOSE!r}; you stated {actor.stated_purpose}"
        )
    facts = read_facts(store, actor, granularity)
    return aggregate(facts, areas)


def aggregate(facts: Facts, areas: Areas) -> Picture:
    """The tables of ``facts`` summed up the area hierarchy."""
    by_code = areas.by_code()
    unknown = sorted({o.buurt for o in facts.occurrences} - set(by_code))
    if unknown:
        raise InputError(f"facts in buurten the boundary files lack: {', '.join(unknown[:5])}")
    tables = []
    for indicator in INDICATORS:
        mine = [o for o in facts.occurrences if o.indicator == indicator.id]
        years = sorted({o.period for o in mine})
        periods = (*years, TOTAL) if indicator.dated else (STAND,)
        counts: dict[Cell, float] = {(a.code, p): 0.0 for a in areas.areas for p in periods}
        contributions: dict[Cell, list[float]] = {}
        for occurrence in mine:
            for code in lineage(occurrence.buurt, by_code):
                for period in {occurrence.period, TOTAL} & set(periods) or {occurrence.period}:
                    counts[(code, period)] += 1
                    if indicator.money:
                        contributions.setdefault((code, period), []).append(occurrence.amount)
        tables.append(Table(indicator, periods, counts, contributions))
    return Picture(
        areas,
        _summed(facts.inhabitants, areas),
        _summed(facts.companies, areas),
        tuple(tables),
        dict(facts.unplaced),
    )


def lineage(code: str, by_code: dict[str, Area]) -> list[str]:
    """The area and every area it lies in, up to the region."""
    chain = [code]
    while (parent := by_code[chain[-1]].parent) is not None:
        chain.append(parent)
    return chain


def _summed(per_buurt: Counter[str], areas: Areas) -> dict[str, int]:
    by_code = areas.by_code()
    totals = {area.code: 0 for area in areas.areas}
    for buurt, count in per_buurt.items():
        if buurt in by_code:
            for code in lineage(buurt, by_code):
                totals[code] += count
    return totals


def publish(
    picture: Picture, rules: DisclosureRules, earlier: Earlier | None = None
) -> list[PublishedTable]:
    """The protected tables of the picture, fit to leave the authorised circle; with
    ``earlier`` (the publication register) hiding at least what earlier publications hid."""
    earlier = earlier or Earlier()
    published = []
    for table in picture.tables:
        relations = picture.relations(table)
        name = table.indicator.id
        counts = protect(table.counts, relations, rules, carried=earlier.carried(name))
        money = None
        if table.indicator.money:
            hidden = frozenset(counts.reasons)
            money = protect(table.money(), relations, rules, table.contributions, hidden,
                            earlier.carried(name + MONEY))  # fmt: skip
        denominators = (
            picture.inhabitants if table.indicator.per == "inwoners" else picture.companies
        )
        rates = {
            cell: _rate(value, denominators[cell[0]], RATE_SCALE[table.indicator.per], rules)
            for cell, value in counts.published.items()
        }
        published.append(
            PublishedTable(table.indicator, table.periods, counts, money, rates, rules)
        )
    return published


def _rate(
    count: float | None, denominator: int, scale: int, rules: DisclosureRules
) -> float | None:
    """A rate on the published (rounded) count and the rounded denominator, so it gives
    away nothing the count does not; none on fewer than 100."""
    if count is None or denominator < MIN_DENOMINATOR:
        return None
    rounded = int(denominator / rules.rounding + 0.5) * rules.rounding
    return round(count / rounded * scale, 1)


def register_tables(tables: list[PublishedTable]) -> dict[str, Protected]:
    """The published tables by their name in the publication register."""
    named = {table.indicator.id: table.counts for table in tables}
    named |= {table.indicator.id + MONEY: table.money for table in tables if table.money}
    return named


def published_denominators(picture: Picture, rules: DisclosureRules) -> dict[str, dict[str, int]]:
    """Inhabitants and companies per area as published: rounded like the counts."""
    return {
        name: {
            code: int(value / rules.rounding + 0.5) * rules.rounding
            for code, value in values.items()
        }
        for name, values in (("inwoners", picture.inhabitants), ("bedrijven", picture.companies))
    }
