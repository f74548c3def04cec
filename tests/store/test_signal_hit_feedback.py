"""Verdicts on signal hits from the queue, outside a case: appended, audited, counted in the
signal's precision in practice — and only on hits whose deliveries the analyst may read."""

from datetime import datetime

import pytest

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register
from verweven.access import Role
from verweven.errors import AccessDeniedError, NotFoundError, UsageError
from verweven.model import HitVerdict, Sensitivity
from verweven.store import SignalHitRecord, Store


@pytest.fixture
def hits(store: Store) -> Store:
    register(store, make_dataset("brp", "gemeente", ("riec_casus",)))
    register(
        store, make_dataset("politie", "politie", ("riec_casus",), sensitivity=Sensitivity.SECRET)
    )
    load(store, make_entity("p1", "brp", name="Jan de Vries"), dataset="brp")
    load(store, make_entity("p2", "politie", name="Piet Geheim"), dataset="politie")
    reader = analyst(store)  # for case CASE-1: the secret delivery is readable
    store.record_signal_hits(
        reader,
        [
            SignalHitRecord("straw_man", 1, "p1", 4.0, "Jan", ("s1",), ("brp",)),
            SignalHitRecord("straw_man", 1, "p2", 2.0, "Piet", ("s2",), ("politie",)),
        ],
        datetime(2026, 10, 1),
    )
    return store


def hit_on(store: Store, entity_id: str) -> str:
    [found] = store.list_signal_hits(analyst(store), [entity_id])
    return found.id


def test_a_verdict_from_the_queue_is_kept_audited_and_counted(hits: Store) -> None:
    reader = analyst(hits, case=None)
    hit_id = hit_on(hits, "p1")
    hits.judge_signal_hit(reader, hit_id, HitVerdict.NOT_RELEVANT, "bekende verhuurder")
    given = hits.judge_signal_hit(reader, hit_id, HitVerdict.RELEVANT, "toch een katvanger")
    assert given.case_ref == "" and given.decided_by == reader.name
    assert [f.verdict for f in hits.list_hit_feedback(reader, [hit_id])] == [
        HitVerdict.NOT_RELEVANT,
        HitVerdict.RELEVANT,
    ]
    coordinator = make_actor(hits, Role.CASUSCOORDINATOR, purpose="riec_casus")
    assert hits.signal_feedback(coordinator) == {"straw_man": {"relevant": 1}}
    events = hits._fetchall(
        "SELECT target, detail FROM audit_events WHERE action = 'hit_feedback' "
        "AND target LIKE 'signal hit %:%'"
    )
    assert (f"signal hit {hit_id}: relevant", "toch een katvanger") in events


def test_a_hit_on_a_delivery_the_reader_may_not_read_cannot_be_judged(hits: Store) -> None:
    # Without a case, the police's secret delivery is not readable: nor is its hit.
    with pytest.raises(NotFoundError):
        hits.judge_signal_hit(
            analyst(hits, case=None), hit_on(hits, "p2"), HitVerdict.RELEVANT, "x"
        )
    hits.judge_signal_hit(analyst(hits), hit_on(hits, "p2"), HitVerdict.RELEVANT, "klopt")


def test_the_queue_gives_relevant_or_not_with_a_reason(hits: Store) -> None:
    hit_id = hit_on(hits, "p1")
    with pytest.raises(UsageError, match="relevant or niet_relevant"):
        hits.judge_signal_hit(analyst(hits), hit_id, HitVerdict.INTERVENTION_SUCCEEDED, "x")
    with pytest.raises(UsageError, match="reason"):
        hits.judge_signal_hit(analyst(hits), hit_id, HitVerdict.RELEVANT, "  ")


def test_only_analysts_and_coordinators_for_an_integral_case_judge_hits(hits: Store) -> None:
    officer = make_actor(hits, Role.BIBOB, purpose="bibob")
    with pytest.raises(AccessDeniedError):
        hits.judge_signal_hit(officer, hit_on(hits, "p1"), HitVerdict.RELEVANT, "x")
    with pytest.raises(AccessDeniedError):
        hits.list_hit_feedback(analyst(hits, purpose="ondermijningsbeeld", case=None))
