"""Integral cases in the store: the work process as a state machine, each decision appended
and audited, and casework only by the coordinator under the case's own reference."""

import itertools
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register
from verweven.access import Actor, Role
from verweven.errors import AccessDeniedError, NotFoundError, UsageError
from verweven.model import CaseState, HitVerdict, InterventionStatus
from verweven.model.case import MOVES
from verweven.store import SignalHitRecord, Store

S = CaseState
TO_ADVICE = (S.WEGING, S.HIT_NO_HIT, S.CASUSOVERLEG, S.INTERVENTIEADVIES)
_refs = itertools.count()


@pytest.fixture
def held(store: Store) -> Store:
    register(store, make_dataset("brp", "gemeente", ("riec_casus",)))
    load(store, make_entity("p1", "brp", name="Jan de Vries"), dataset="brp")
    return store


def coordinator(store: Store, case: str = "RIEC-2026-001") -> Actor:
    return make_actor(store, Role.CASUSCOORDINATOR, purpose="riec_casus", case=case)


def casework_events(store: Store, ref: str) -> list[str]:
    auditor = make_actor(store, Role.AUDITOR, purpose="toezicht")
    return [
        e.target
        for e in store.list_audit_events(auditor)
        if e.action == "casework" and e.target.startswith(f"case {ref}:")
    ]


def advise_and_execute(store: Store, actor: Actor) -> str:
    step = store.advise_intervention(actor, "sluiting_13b", "pand_sluiten", "gemeente", "pand")
    store.move_case(actor, S.UITVOERING, "advies vastgesteld in het casusoverleg")
    for status in (InterventionStatus.ACCEPTED, InterventionStatus.PLANNED):
        store.report_intervention(
            actor, step.intervention_id, status, "burgemeester", date(2027, 2, 1)
        )
    store.report_intervention(actor, step.intervention_id, InterventionStatus.EXECUTED, "dicht")
    return step.intervention_id


def test_a_case_opens_as_a_signal_under_its_reference(held: Store) -> None:
    case = held.open_case(coordinator(held), "Hennep Venlo", "cannabis_farm", "hit van signaal")
    assert (case.ref, case.state, case.opened_by) == (
        "RIEC-2026-001",
        S.SIGNAAL,
        "t-casu.riec-oost",
    )
    assert case.legal_basis.startswith("art. 2:7 WGS")
    with pytest.raises(UsageError, match="exists already"):
        held.open_case(coordinator(held), "nog eens", "cannabis_farm", "dubbel")


def test_the_whole_work_process_is_recorded_and_audited(held: Store) -> None:
    actor = coordinator(held)
    held.open_case(actor, "Hennep Venlo", "cannabis_farm", "signaal energie")
    held.add_case_subject(actor, "p1", "bewoner van het pand")
    for state in TO_ADVICE:
        held.move_case(actor, state, f"naar {state.value}", ["hit-1"])
    advise_and_execute(held, actor)
    held.move_case(actor, S.MONITORING, "uitgevoerd")
    case = held.move_case(actor, S.AFGESLOTEN, "geen verplaatsing gezien")
    path = [d.to_state for d in case.decisions]
    assert path == [S.SIGNAAL, *TO_ADVICE, S.UITVOERING, S.MONITORING, S.AFGESLOTEN]
    assert case.decisions[1].evidence == ("hit-1",)
    # Every decision, the subject and every intervention step is one audit event.
    assert len(casework_events(held, case.ref)) == len(case.decisions) + 1 + 4


def test_an_illegal_move_is_refused_naming_the_moves_allowed(held: Store) -> None:
    actor = coordinator(held)
    held.open_case(actor, "Hennep", "cannabis_farm", "signaal")
    with pytest.raises(UsageError, match="cannot move to uitvoering; it can move to weging, "):
        held.move_case(actor, S.UITVOERING, "te snel")
    with pytest.raises(UsageError, match="needs a reason"):
        held.move_case(actor, S.WEGING, " ")
    assert held.get_case(actor).state is S.SIGNAAL


def test_execution_needs_advice_and_monitoring_needs_an_executed_intervention(
    held: Store,
) -> None:
    actor = coordinator(held)
    held.open_case(actor, "Hennep", "cannabis_farm", "signaal")
    for state in TO_ADVICE:
        held.move_case(actor, state, "verder")
    with pytest.raises(UsageError, match="at least one intervention"):
        held.move_case(actor, S.UITVOERING, "zonder advies")
    step = held.advise_intervention(actor, "sluiting_13b", "pand_sluiten", "gemeente", "pand")
    held.move_case(actor, S.UITVOERING, "advies")
    with pytest.raises(UsageError, match="monitoring starts once"):
        held.move_case(actor, S.MONITORING, "niets gedaan")
    with pytest.raises(UsageError, match="cannot become uitgevoerd"):
        held.report_intervention(actor, step.intervention_id, InterventionStatus.EXECUTED, "x")
    with pytest.raises(UsageError, match="names the date"):
        held.report_intervention(actor, step.intervention_id, InterventionStatus.ACCEPTED, "ja")
        held.report_intervention(actor, step.intervention_id, InterventionStatus.PLANNED, "x")


def test_an_ended_case_takes_nothing_more(held: Store) -> None:
    actor = coordinator(held)
    held.open_case(actor, "Hennep", "cannabis_farm", "signaal")
    held.move_case(actor, S.AFGEWEZEN, "geen ondermijning: naar de wijkagent")
    with pytest.raises(UsageError, match="has ended"):
        held.move_case(actor, S.WEGING, "toch")
    with pytest.raises(UsageError, match="has ended"):
        held.add_case_subject(actor, "p1", "te laat")


def test_only_the_coordinator_works_a_case_and_only_its_own(held: Store) -> None:
    held.open_case(coordinator(held), "Hennep", "cannabis_farm", "signaal")
    reader = analyst(held, case="RIEC-2026-001")
    assert held.get_case(reader).state is S.SIGNAAL  # the analyst reads the file
    with pytest.raises(AccessDeniedError):
        held.move_case(reader, S.WEGING, "analist")
    # An actor works on the case it names, so another case is never reached through it.
    with pytest.raises(NotFoundError):
        held.get_case(analyst(held, case="RIEC-2026-999"))
    with pytest.raises(NotFoundError):
        held.move_case(coordinator(held, "RIEC-2026-999"), S.WEGING, "andere casus")
    with pytest.raises(UsageError, match="names its case"):
        held.get_case(make_actor(held, Role.CASUSCOORDINATOR, purpose="riec_casus"))
    with pytest.raises(AccessDeniedError):
        held.list_cases(reader)
    assert [c.ref for c in held.list_cases(coordinator(held))] == ["RIEC-2026-001"]
    assert held.list_cases(coordinator(held))[0].subjects == ()  # the list holds no subjects


def test_a_subject_must_be_readable_and_feedback_must_be_about_one(held: Store) -> None:
    actor = coordinator(held)
    held.open_case(actor, "Hennep", "cannabis_farm", "signaal")
    with pytest.raises(NotFoundError):
        held.add_case_subject(actor, "nobody", "onbekend")
    hit = SignalHitRecord("straw_man", 1, "p1", 4.0, "Jan", ("s1",), ("brp",))
    held.record_signal_hits(analyst(held), [hit], datetime(2026, 10, 1))
    [recorded] = held.list_signal_hits(analyst(held))
    with pytest.raises(UsageError, match="not a subject"):
        held.record_hit_feedback(actor, recorded.id, HitVerdict.RELEVANT, "klopt")
    held.add_case_subject(actor, "p1", "katvanger")
    held.record_hit_feedback(actor, recorded.id, HitVerdict.NOT_RELEVANT, "eerst gedacht")
    held.record_hit_feedback(actor, recorded.id, HitVerdict.RELEVANT, "toch wel")
    # The hit's latest verdict counts.
    assert held.signal_feedback(coordinator(held)) == {"straw_man": {"relevant": 1}}


ACTIONS = st.lists(
    st.one_of(
        st.sampled_from(list(CaseState)).map(lambda s: ("move", s)),
        st.just(("advise", None)),
        st.sampled_from(list(InterventionStatus)).map(lambda s: ("report", s)),
    ),
    max_size=14,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_random_casework_never_leaves_the_work_process(held: Store, actions: list) -> None:
    actor = coordinator(held, f"RIEC-P-{next(_refs)}")
    held.open_case(actor, "eigenschap", "cannabis_farm", "signaal")
    for kind, value in actions:
        before = held.get_case(actor)
        try:
            if kind == "move":
                held.move_case(actor, value, "stap", [])
            elif kind == "advise":
                held.advise_intervention(actor, "gesprek", "handhaving", "gemeente", "advies")
            else:
                for step in list(before.current_interventions()):
                    held.report_intervention(actor, step, value, "melding", date(2027, 1, 1))
        except UsageError:
            after = held.get_case(actor)
            assert after.decisions == before.decisions  # a refused move changes nothing
    case = held.get_case(actor)
    for earlier, later in itertools.pairwise(case.decisions):
        assert later.to_state in MOVES[earlier.to_state]
        assert later.from_state is earlier.to_state
    statuses = [s.status for s in case.interventions]
    assert statuses.count(InterventionStatus.EXECUTED) <= len(case.current_interventions())
    recorded = casework_events(held, case.ref)
    assert len(recorded) == len(case.decisions) + len(case.interventions)
