"""The authorised drill-down: the records behind one number of the picture.

The published picture is aggregate only, and purpose ``ondermijningsbeeld`` may read in bulk and
nothing else. Who may see the facts behind a number is the policy's question, not the
picture's: the drill-down reads the facts again as its own reader (say an analyst stating
``riec_casus`` for a named case), keeps those counted in the chosen area and period, and reads
their records per entity. So the store decides per delivery what this reader sees and audits
both reads; a number here may be lower than the published one, and the drill-down says which
of the indicator's deliveries this reader may not read ("niet te lezen voor uw doel") and which
were never delivered to the store at all ("niet aangeleverd": the registry, which every person
may see, does not know them). The two are different answers: the first is the policy's, the
second a gap in what the partners delivered.
"""

from dataclasses import dataclass

from followthemoney.statement import StatementEntity

from verweven.access import Action, Actor
from verweven.errors import AccessDeniedError, NotFoundError
from verweven.picture.areas import Area, Areas
from verweven.picture.build import PURPOSE, lineage
from verweven.picture.facts import Granularity, Occurrence, read_facts
from verweven.picture.indicators import INDICATORS, STAND, TOTAL, Indicator
from verweven.store import SignalHitRecord, Store


@dataclass(frozen=True)
class Record:
    """One record a fact was counted from, as this reader may see it."""

    entity_id: str
    canonical_id: str
    schema: str
    caption: str
    visible: bool


@dataclass(frozen=True)
class Fact:
    """One counted fact: where, when, the amount (for money indicators) and its records."""

    buurt: str
    period: str
    amount: float
    records: tuple[Record, ...]


@dataclass(frozen=True)
class DrillDown:
    """The facts behind (indicator, area, period) for one reader, the signal hits on their
    entities, the indicator's delivered deliveries this reader may not read, and those never
    delivered to the store (both left out)."""

    indicator: Indicator
    area: Area
    period: str
    facts: tuple[Fact, ...]
    hits: dict[str, list[SignalHitRecord]]
    unreadable: tuple[str, ...]
    undelivered: tuple[str, ...]

    @property
    def hidden_records(self) -> int:
        return sum(not r.visible for f in self.facts for r in f.records)


def drill_down(
    store: Store,
    actor: Actor,
    areas: Areas,
    indicator_id: str,
    area_code: str,
    period: str,
    granularity: Granularity = Granularity.JAAR,
) -> DrillDown:
    """The facts behind one cell of the picture, as ``actor`` may see them."""
    if actor.purpose == PURPOSE:
        raise AccessDeniedError(
            f"purpose {PURPOSE} shows aggregates only; the records behind a number are shown "
            "for a purpose that may read them (for example riec_casus, for a named case)"
        )
    indicator = _indicator(indicator_id)
    by_code = areas.by_code()
    if area_code not in by_code:
        raise NotFoundError(f"no area {area_code!r} in the boundary files of {areas.region_name}")
    facts = read_facts(store, actor, granularity, canonical=True, indicator=indicator.id)
    chosen = [
        o
        for o in facts.occurrences
        if o.indicator == indicator.id
        and area_code in lineage(o.buurt, by_code)
        and _in_period(o, period)
    ]
    canonical = sorted({facts.canonical[r] for o in chosen for r in o.records})
    entities = {str(e.id): e for e in store.get_entities(actor, canonical)} if canonical else {}
    shown = tuple(
        Fact(
            o.buurt,
            o.period,
            o.amount,
            tuple(_record(r, facts.canonical[r], entities) for r in o.records),
        )
        for o in sorted(chosen, key=lambda o: (o.buurt, o.period, o.records))
    )
    hits: dict[str, list[SignalHitRecord]] = {}
    for hit in store.list_signal_hits(actor, sorted(entities)) if entities else []:
        hits.setdefault(hit.entity_id, []).append(hit)
    readable = set(store.permitted_datasets(actor, Action.READ_BULK)) & set(
        store.permitted_datasets(actor, Action.READ)
    )
    delivered = {dataset.name for dataset in store.list_datasets(actor)}
    undelivered = tuple(s for s in indicator.sources if s not in delivered)
    unreadable = tuple(s for s in indicator.sources if s in delivered and s not in readable)
    return DrillDown(indicator, by_code[area_code], period, shown, hits, unreadable, undelivered)


def _indicator(indicator_id: str) -> Indicator:
    for indicator in INDICATORS:
        if indicator.id == indicator_id:
            return indicator
    known = ", ".join(i.id for i in INDICATORS)
    raise NotFoundError(f"no indicator {indicator_id!r}; the picture has {known}")


def _in_period(occurrence: Occurrence, period: str) -> bool:
    if period == TOTAL:
        return occurrence.period != STAND
    return occurrence.period == period


def _record(entity_id: str, canonical_id: str, entities: dict[str, StatementEntity]) -> Record:
    entity = entities.get(canonical_id)
    if entity is None:
        return Record(entity_id, canonical_id, "", "", False)
    return Record(entity_id, canonical_id, entity.schema.name, entity.caption, True)
