"""The signals queue: the recorded signal hits a reader may see, each with its signal's title,
theme and measured precision, the entity it is about (and the places of its addresses), the
case it came up in and the latest verdict on it — filtered, and grouped by entity and by case.
And the verdict itself: relevant or not, with a reason (stored and audited by the store).

Every read is the store's (audited): the hits, the entities they are about, their addresses
and the verdicts; the signal register (titles, themes, measured precision) is no personal data.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache

from followthemoney.statement import StatementEntity
from pydantic import BaseModel, Field

from verweven.access import Actor
from verweven.model import HitVerdict
from verweven.model.case import HitFeedback
from verweven.services.times import in_utc
from verweven.signals import load_definitions
from verweven.signals.measured import load_measurement
from verweven.store import SignalHitRecord, Store

NO_CASE = ""


class QueueHit(BaseModel):
    """One hit as the queue shows it."""

    id: str
    signal_id: str
    signal_version: int
    title: str = Field(description="the signal's title in the register")
    theme: str | None = Field(description="the signal's theme of the undermining picture")
    precision: float | None = Field(description="the signal's measured precision (register)")
    entity_id: str
    caption: str
    schema_: str = Field(alias="schema")
    places: list[str] = Field(description="the places (woonplaats) of the entity's addresses")
    case_ref: str = Field(description="the case the hit came up or was judged in; '' if none")
    sentence: str
    score: float
    as_of: datetime | None
    datasets: list[str]
    verdict: HitVerdict | None = None
    verdict_reason: str | None = None
    verdict_by: str | None = None

    model_config = {"populate_by_name": True}


class QueueGroup(BaseModel):
    """The hits on one entity, or in one case."""

    key: str
    title: str
    hits: list[QueueHit]


class SignalQueue(BaseModel):
    """The hits that pass the filters, grouped twice; and what the filters can choose."""

    total: int = Field(description="every hit the reader may see, before filtering")
    shown: int
    by_entity: list[QueueGroup]
    by_case: list[QueueGroup]
    themes: list[str]
    places: list[str]


class Verdict(BaseModel):
    """A verdict given in the queue."""

    id: str
    hit_id: str
    signal_id: str
    verdict: HitVerdict
    reason: str
    decided_by: str
    decided_at: datetime


@cache
def _register() -> dict[str, tuple[str, str]]:
    """signal id → (title, theme), from the definitions."""
    return {d.id: (d.title, d.theme.value) for d in load_definitions()}


@cache
def _precision() -> dict[str, float | None]:
    measured = load_measurement()
    return {q.signal_id: q.precision for q in measured.signals} if measured else {}


def signal_queue(
    store: Store,
    reader: Actor,
    theme: str | None = None,
    place: str | None = None,
    min_precision: float | None = None,
) -> SignalQueue:
    """The reader's queue, filtered by theme, place and measured precision (at least)."""
    records = store.list_signal_hits(reader)
    ids = sorted({h.entity_id for h in records})
    entities = {str(e.id): e for e in store.get_entities(reader, ids)} if ids else {}
    places = _places(store, reader, entities.values())
    feedback = store.list_hit_feedback(reader, [h.id for h in records]) if records else []
    hits = [_queue_hit(h, entities.get(h.entity_id), places, feedback) for h in records]
    chosen = [
        h
        for h in hits
        if (not theme or h.theme == theme)
        and (not place or place in h.places)
        and (min_precision is None or (h.precision is not None and h.precision >= min_precision))
    ]
    return SignalQueue(
        total=len(hits),
        shown=len(chosen),
        by_entity=_groups(chosen, lambda h: h.entity_id, lambda h: h.caption),
        by_case=_groups(chosen, lambda h: h.case_ref, lambda h: h.case_ref or "Zonder casus"),
        themes=sorted({h.theme for h in hits if h.theme}),
        places=sorted({p for h in hits for p in h.places}),
    )


def judge_hit(
    store: Store, reader: Actor, hit_id: str, verdict: HitVerdict, reason: str
) -> Verdict:
    """Relevant or not, with a reason: appended and audited by the store."""
    given = store.judge_signal_hit(reader, hit_id, verdict, reason)
    return in_utc(
        Verdict(
            id=given.id, hit_id=given.hit_id, signal_id=given.signal_id, verdict=given.verdict,
            reason=given.reason, decided_by=given.decided_by, decided_at=given.decided_at,
        )
    )  # fmt: skip


def _places(
    store: Store, reader: Actor, entities: Iterable[StatementEntity]
) -> dict[str, list[str]]:
    """entity id → the places of its addresses (one audited read of the addresses)."""
    shown = list(entities)
    refs = {str(e.id): e.get("addressEntity", quiet=True) for e in shown}
    wanted = sorted({a for found in refs.values() for a in found})
    addresses = {str(a.id): a for a in store.get_entities(reader, wanted)} if wanted else {}
    places = {}
    for entity in shown:
        cities = set(entity.get("city", quiet=True))
        for ref in refs[str(entity.id)]:
            if ref in addresses:
                cities.update(addresses[ref].get("city", quiet=True))
        places[str(entity.id)] = sorted(cities)
    return places


def _queue_hit(
    hit: SignalHitRecord,
    entity: StatementEntity | None,
    places: dict[str, list[str]],
    feedback: list[HitFeedback],
) -> QueueHit:
    title, theme = _register().get(hit.signal_id, (hit.signal_id, None))
    verdicts = [f for f in feedback if f.hit_id == hit.id]  # in the order given
    latest = verdicts[-1] if verdicts else None
    cases = [f.case_ref for f in verdicts if f.case_ref]
    return in_utc(QueueHit(
        id=hit.id, signal_id=hit.signal_id, signal_version=hit.signal_version, title=title,
        theme=theme, precision=_precision().get(hit.signal_id), entity_id=hit.entity_id,
        caption=entity.caption if entity is not None else hit.entity_id,
        schema=entity.schema.name if entity is not None else "",
        places=places.get(hit.entity_id, []),
        case_ref=hit.case_ref or (cases[-1] if cases else NO_CASE), sentence=hit.sentence,
        score=hit.score, as_of=hit.as_of, datasets=list(hit.datasets),
        verdict=latest.verdict if latest else None,
        verdict_reason=latest.reason if latest else None,
        verdict_by=latest.decided_by if latest else None,
    ))  # fmt: skip


def _groups(
    hits: list[QueueHit], key: Callable[[QueueHit], str], title: Callable[[QueueHit], str]
) -> list[QueueGroup]:
    """Groups with the most hits first, then by title."""
    grouped: dict[str, list[QueueHit]] = {}
    for hit in hits:
        grouped.setdefault(key(hit), []).append(hit)
    groups = [QueueGroup(key=k, title=title(found[0]), hits=found) for k, found in grouped.items()]
    return sorted(groups, key=lambda g: (-len(g.hits), g.title, g.key))
