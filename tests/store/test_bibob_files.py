"""Bibob files in the store: the request, its dates, the LBB's answers and the decisions are
appended and audited under the file's own reference, by the Bibob officer only."""

from datetime import date

import pytest

from tests.factories import load, make_actor, make_dataset, make_entity, register
from verweven.access import Actor, Role
from verweven.errors import AccessDeniedError, NotFoundError, UsageError
from verweven.model import DateKind, Instrument, Outcome
from verweven.store import Store

REF = "BIBOB-2026-7"


@pytest.fixture
def held(store: Store) -> Store:
    register(store, make_dataset("kvk", "kvk", ("bibob",)))
    load(
        store,
        make_entity("c1", "kvk", schema="Company", name="Jansen BV"),
        make_entity("p1", "kvk", name="Jan Jansen"),
        dataset="kvk",
    )
    return store


def officer(store: Store, ref: str | None = REF) -> Actor:
    return make_actor(store, Role.BIBOB, partner="gemeente", purpose="bibob", case=ref)


def opened(store: Store, ref: str = REF) -> Actor:
    actor = officer(store, ref)
    store.open_bibob_file(
        actor, "burgemeester van Venlo", Instrument.VERGUNNING, "exploitatievergunning horeca",
        "c1", date(2026, 9, 1), "VL-2026-123",
    )  # fmt: skip
    return actor


def bibob_events(store: Store, ref: str = REF) -> list[str]:
    auditor = make_actor(store, Role.AUDITOR, purpose="toezicht")
    return [
        e.target
        for e in store.list_audit_events(auditor)
        if e.action == "bibob_work" and e.target.startswith(f"bibob file {ref}:")
    ]


def test_a_file_opens_under_its_reference_with_the_day_of_receipt(held: Store) -> None:
    actor = opened(held)
    file = held.get_bibob_file(actor)
    assert (file.ref, file.applicant, file.instrument, file.opened_by) == (
        REF, "c1", Instrument.VERGUNNING, actor.name
    )  # fmt: skip
    assert file.latest(DateKind.ONTVANGEN) == date(2026, 9, 1)
    assert file.legal_basis == "art. 7 Wet Bibob"


def test_a_later_date_corrects_an_earlier_one_and_both_are_kept(held: Store) -> None:
    actor = opened(held)
    held.record_bibob_date(actor, DateKind.LBB_GEVRAAGD, date(2026, 9, 10), "advies gevraagd")
    file = held.record_bibob_date(actor, DateKind.LBB_GEVRAAGD, date(2026, 9, 11), "typefout")
    assert file.latest(DateKind.LBB_GEVRAAGD) == date(2026, 9, 11)
    assert [d.day for d in file.dates if d.kind is DateKind.LBB_GEVRAAGD] == [
        date(2026, 9, 10), date(2026, 9, 11)
    ]  # fmt: skip


def test_requests_to_complete_pair_with_their_answers_in_order(held: Store) -> None:
    actor = opened(held)
    for kind, day in (
        (DateKind.AANVULLING_GEVRAAGD, date(2026, 9, 3)),
        (DateKind.AANVULLING_ONTVANGEN, date(2026, 9, 10)),
        (DateKind.AANVULLING_GEVRAAGD, date(2026, 9, 20)),
    ):
        file = held.record_bibob_date(actor, kind, day, "brief")
    assert file.questions() == [
        (date(2026, 9, 3), date(2026, 9, 10)), (date(2026, 9, 20), None)
    ]  # fmt: skip


def test_a_date_before_receipt_is_refused(held: Store) -> None:
    actor = opened(held)
    with pytest.raises(UsageError, match="before the application was received"):
        held.record_bibob_date(actor, DateKind.LBB_GEVRAAGD, date(2026, 8, 1), "x")


def test_the_decision_is_appended_and_audited_with_its_reasons(held: Store) -> None:
    actor = opened(held)
    held.decide_bibob_file(actor, Outcome.LBB_ADVIES, "zeggenschap onduidelijk")
    held.decide_bibob_file(actor, Outcome.WEIGEREN, "ernstig gevaar, grond a")
    file = held.get_bibob_file(actor)
    assert [(d.outcome, d.reasons) for d in file.decisions] == [
        (Outcome.LBB_ADVIES, "zeggenschap onduidelijk"),
        (Outcome.WEIGEREN, "ernstig gevaar, grond a"),
    ]
    assert file.outcome is Outcome.WEIGEREN
    events = bibob_events(held)
    assert f"bibob file {REF}: besluit weigeren" in events
    assert f"bibob file {REF}: ontvangen 2026-09-01" in events
    assert f"bibob file {REF}: geopend" in events


@pytest.mark.parametrize(
    ("earlier", "outcome", "message"),
    [
        ((), Outcome.INTREKKEN, "only a granted application"),
        ((Outcome.WEIGEREN,), Outcome.INTREKKEN, "only a granted application"),
        ((Outcome.VERLENEN,), Outcome.WEIGEREN, "withdrawal"),
        ((Outcome.WEIGEREN,), Outcome.LBB_ADVIES, "decided already"),
        ((Outcome.VERLENEN, Outcome.INTREKKEN), Outcome.INTREKKEN, "nothing follows"),
    ],
)
def test_a_decision_the_history_does_not_allow_is_refused(
    held: Store, earlier: tuple[Outcome, ...], outcome: Outcome, message: str
) -> None:
    actor = opened(held)
    for before in earlier:
        held.decide_bibob_file(actor, before, "eerder besluit")
    with pytest.raises(UsageError, match=message):
        held.decide_bibob_file(actor, outcome, "nog een besluit")
    assert len(held.get_bibob_file(actor).decisions) == len(earlier)


def test_a_decision_without_reasons_is_refused(held: Store) -> None:
    actor = opened(held)
    with pytest.raises(UsageError, match="states its reasons"):
        held.decide_bibob_file(actor, Outcome.VERLENEN, "  ")


def test_the_lbb_answer_is_recorded_as_hit_or_no_hit(held: Store) -> None:
    actor = opened(held)
    held.record_lbb_answer(actor, "p1", True, date(2026, 9, 2), date(2026, 9, 4), "LBB-11a-9")
    held.record_lbb_answer(actor, "c1", False, date(2026, 9, 2), date(2026, 9, 4))
    answers = held.get_bibob_file(actor).lbb_answers
    assert [(a.entity_id, a.hit, a.reference) for a in answers] == [
        ("p1", True, "LBB-11a-9"), ("c1", False, "")
    ]  # fmt: skip
    assert f"bibob file {REF}: art. 11a p1: hit" in bibob_events(held)


def test_the_lbb_answer_about_an_unreadable_entity_is_refused(held: Store) -> None:
    actor = opened(held)
    with pytest.raises(NotFoundError):
        held.record_lbb_answer(actor, "nobody", False, date(2026, 9, 2), date(2026, 9, 4))


def test_a_file_is_opened_once(held: Store) -> None:
    actor = opened(held)
    with pytest.raises(UsageError, match="exists already"):
        held.open_bibob_file(actor, "b", Instrument.SUBSIDIE, "s", "c1", date(2026, 9, 1))


def test_another_files_reference_does_not_reach_this_file(held: Store) -> None:
    opened(held)
    other = officer(held, "BIBOB-2026-8")
    with pytest.raises(NotFoundError):
        held.get_bibob_file(other)


def test_an_analyst_may_not_keep_or_read_a_bibob_file(held: Store) -> None:
    opened(held)
    analyst = make_actor(held, Role.ANALIST, purpose="riec_casus", case=REF)
    with pytest.raises(AccessDeniedError):
        held.get_bibob_file(analyst)
    with pytest.raises(AccessDeniedError):
        held.decide_bibob_file(analyst, Outcome.VERLENEN, "x")


def test_the_list_shows_every_file_without_the_lbb_answers(held: Store) -> None:
    actor = opened(held)
    held.record_lbb_answer(actor, "p1", True, date(2026, 9, 2), date(2026, 9, 4))
    opened(held, "BIBOB-2026-8")
    files = held.list_bibob_files(officer(held, None))
    assert [f.ref for f in files] == [REF, "BIBOB-2026-8"]
    assert all(not f.lbb_answers for f in files)


def test_the_decisions_audit_event_keeps_its_reasons_and_the_applicant(held: Store) -> None:
    actor = opened(held)
    held.decide_bibob_file(actor, Outcome.VERLENEN, "geen aanwijzingen")
    auditor = make_actor(held, Role.AUDITOR, purpose="toezicht")
    [event] = [
        e
        for e in held.list_audit_events(auditor)
        if e.target == f"bibob file {REF}: besluit verlenen"
    ]
    assert (event.detail, event.entity_count, event.actor) == ("geen aanwijzingen", 1, actor.name)
    assert (event.purpose, event.case_ref, event.legal_basis) == ("bibob", REF, "art. 7 Wet Bibob")
