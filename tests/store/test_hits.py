"""Hit/no-hit: partners answer known / not known and whom to contact, never content; every
question is audited where each answering partner can see it, and limited per hour."""

import pyarrow as pa
import pytest

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register, resolver
from verweven.access import Role
from verweven.errors import AccessDeniedError, UsageError
from verweven.model import Dataset, Sensitivity
from verweven.settings import get_settings
from verweven.store import HitQuestion, Store

BSN = "111222333"


def with_contact(dataset: Dataset, contact: str) -> Dataset:
    return dataset.model_copy(update={"contact": contact})


@pytest.fixture
def known(store: Store) -> Store:
    """Jan is known to the BRP (with BSN) and, resolved to the same person, to the police."""
    register(
        store, with_contact(make_dataset("brp", "gemeente", ("riec_casus", "bibob")), "BRP-loket")
    )
    register(
        store,
        with_contact(
            make_dataset("politie", "politie", ("riec_casus",), Sensitivity.SECRET),
            "RIEC-liaison politie",
        ),
    )
    register(store, make_dataset("kvk", "kvk", ("riec_casus", "bibob")))
    load(
        store,
        make_entity("brp-1", "brp", name="Jan de Vries", idNumber=BSN, birthDate="1970-03-12"),
        dataset="brp",
    )
    load(
        store,
        make_entity("pol-7", "politie", name="J. de Vries", notes="verdachte"),
        dataset="politie",
    )
    load(store, make_entity("kvk-1", "kvk", "Company", name="Jan BV"), dataset="kvk")
    mapping = pa.table({"entity_id": ["brp-1", "pol-7"], "canonical_id": ["nl-jan", "nl-jan"]})
    store.apply_canonical_ids(mapping, resolver(store))
    return store


def answers(store: Store, question: HitQuestion, **who: str) -> dict[str, bool]:
    reader = analyst(store, **who) if who else analyst(store)
    return {a.partner: a.hit for a in store.ask_hit(reader, question).answers}


def test_a_bsn_finds_every_partner_that_knows_the_resolved_person(known: Store) -> None:
    assert answers(known, HitQuestion(bsn=BSN)) == {"gemeente": True, "politie": True, "kvk": False}


def test_a_name_with_a_date_of_birth_is_enough(known: Store) -> None:
    question = HitQuestion(name="jan de vries", birth_date="1970-03-12")
    assert answers(known, question)["politie"] is True
    assert answers(known, HitQuestion(name="Jan de Vries", birth_date="1971-01-01")) == {
        "gemeente": False, "politie": False, "kvk": False,
    }  # fmt: skip


def test_an_answer_names_whom_to_contact_and_holds_no_content(known: Store) -> None:
    answer = known.ask_hit(analyst(known), HitQuestion(bsn=BSN))
    politie = next(a for a in answer.answers if a.partner == "politie")
    assert politie.contact == "RIEC-liaison politie"
    assert "verdachte" not in repr(answer) and "J. de Vries" not in repr(answer)


def test_a_question_needs_a_case_and_a_purpose_that_may_ask(known: Store) -> None:
    with pytest.raises(AccessDeniedError):
        known.ask_hit(analyst(known, case=None), HitQuestion(bsn=BSN))
    steward = make_actor(
        known, Role.GEGEVENSBEHEERDER, partner="gemeente", purpose="gegevensbeheer"
    )
    with pytest.raises(AccessDeniedError):
        known.ask_hit(steward.acting_for("gegevensbeheer", "C-1"), HitQuestion(bsn=BSN))


def test_a_bibob_officer_asks_only_the_sources_that_serve_bibob(known: Store) -> None:
    officer = make_actor(known, Role.BIBOB, partner="gemeente_x", purpose="bibob", case="B-7")
    partners = {a.partner for a in known.ask_hit(officer, HitQuestion(bsn=BSN)).answers}
    assert partners == {"gemeente", "kvk"}


def test_a_vague_question_is_refused(known: Store) -> None:
    with pytest.raises(UsageError, match="date of birth"):
        known.ask_hit(analyst(known), HitQuestion(name="Jan de Vries"))


def test_the_answering_partner_sees_the_question_in_its_own_log(known: Store) -> None:
    answer = known.ask_hit(analyst(known), HitQuestion(bsn=BSN))
    politie = make_actor(known, Role.GEGEVENSBEHEERDER, partner="politie", purpose="gegevensbeheer")
    [event] = [
        e
        for e in known.list_audit_events(politie, partner="politie", action="ask_hit")
        if e.target == f"question {answer.question_id}"
    ]
    assert event.purpose == "riec_casus" and event.case_ref == "CASE-1"
    assert event.query_digest and BSN not in event.model_dump_json()
    auditor = make_actor(known, Role.AUDITOR, purpose="toezicht")
    [asked] = [q for q in known.list_hit_questions(auditor) if q["id"] == answer.question_id]
    assert {a["partner"]: a["hit"] for a in asked["answers"]}["politie"] is True


def test_questions_are_limited_per_account_and_hour(
    known: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERWEVEN_HIT_QUESTIONS_PER_HOUR", "2")
    get_settings.cache_clear()
    try:
        reader = analyst(known)
        known.ask_hit(reader, HitQuestion(bsn=BSN))
        known.ask_hit(reader, HitQuestion(kvk="12345678"))
        with pytest.raises(AccessDeniedError, match="limit is 2"):
            known.ask_hit(reader, HitQuestion(bsn=BSN))
    finally:
        monkeypatch.delenv("VERWEVEN_HIT_QUESTIONS_PER_HOUR")
        get_settings.cache_clear()
