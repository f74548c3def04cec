"""What people decide and ask: judgements about pairs of records, hit/no-hit questions, and
the signal hits they act on."""

from verweven.access import Actor
from verweven.model import Judgement, Verdict
from verweven.services.pages import Page, paginate
from verweven.services.times import in_utc
from verweven.store import HitAnswer, HitQuestion, SignalHitRecord, Store


def judgements(
    store: Store, reader: Actor, include_withdrawn: bool, limit: int, offset: int
) -> Page[Judgement]:
    """Judgements in the order they were made."""
    return paginate(store.list_judgements(reader, include_withdrawn), limit, offset)


def judge(
    store: Store, reader: Actor, left_id: str, right_id: str, verdict: Verdict, reason: str
) -> Judgement:
    """Record a judgement about two records the reader may read (append-only)."""
    return in_utc(store.add_judgement(left_id, right_id, verdict, reason, reader))


def withdraw(store: Store, reader: Actor, judgement_id: str, reason: str) -> None:
    """Withdraw a judgement (a withdrawal is another record; nothing is deleted)."""
    store.withdraw_judgement(judgement_id, reason, reader)


def ask_hit(store: Store, reader: Actor, question: HitQuestion) -> HitAnswer:
    """Ask every partner source the reader may ask whether it knows the subject."""
    return in_utc(store.ask_hit(reader, question))


def signal_hits(
    store: Store, reader: Actor, entity_id: str | None, limit: int, offset: int
) -> Page[SignalHitRecord]:
    """Recorded signal hits (on one entity, if named) whose every delivery the reader may
    read, newest run first."""
    return paginate(
        store.list_signal_hits(reader, [entity_id] if entity_id else None), limit, offset
    )


def signal_hits_on(store: Store, reader: Actor, entity_ids: list[str]) -> list[SignalHitRecord]:
    """The recorded hits on any of these entities (e.g. the ones a network view shows) whose
    every delivery the reader may read: one audited read."""
    return store.list_signal_hits(reader, entity_ids) if entity_ids else []
