"""Monitoring a case: new facts, new hits and displacement around its subjects since
monitoring began, on both backends."""

from datetime import date, datetime, timedelta

import pytest

from tests.factories import make_actor, make_dataset, make_entity, register, steward
from verweven.access import Actor, Role
from verweven.cases import monitor_case
from verweven.errors import UsageError
from verweven.model import CaseState, InterventionStatus
from verweven.store import Store
from verweven.store.rows import utc_now

CASE = "RIEC-2026-020"


def coordinator(store: Store) -> Actor:
    return make_actor(store, Role.CASUSCOORDINATOR, purpose="riec_casus", case=CASE)


def deliver(store: Store, at: datetime, *entities: list) -> None:  # type: ignore[type-arg]
    with store.import_run("kvk", "t", steward(store, "kvk"), observed_at=at) as run:
        for entity in entities:
            run.write(entity)


@pytest.fixture
def monitored(store: Store) -> Store:
    """Jan directs company c1; the case closes his premises and starts monitoring."""
    register(store, make_dataset("kvk", "kvk", ("riec_casus",)))
    before = utc_now() - timedelta(days=400)
    deliver(store, before, make_entity("p1", "kvk", name="Jan de Vries"),
            make_entity("c1", "kvk", "Company", name="Oud BV"),
            make_entity("d1", "kvk", "Directorship", director="p1", organization="c1"))  # fmt: skip
    actor = coordinator(store)
    store.open_case(actor, "Hennep", "cannabis_farm", "signaal", monitor_until=date(2027, 1, 10))
    store.add_case_subject(actor, "p1", "eigenaar")
    for state in (CaseState.WEGING, CaseState.HIT_NO_HIT, CaseState.CASUSOVERLEG,
                  CaseState.INTERVENTIEADVIES):  # fmt: skip
        store.move_case(actor, state, "verder")
    step = store.advise_intervention(actor, "sluiting_13b", "pand_sluiten", "gemeente", "pand")
    store.move_case(actor, CaseState.UITVOERING, "advies")
    for status in (InterventionStatus.ACCEPTED, InterventionStatus.PLANNED,
                   InterventionStatus.EXECUTED):  # fmt: skip
        store.report_intervention(actor, step.intervention_id, status, "x", date(2026, 12, 1))
    store.move_case(actor, CaseState.MONITORING, "gesloten")
    return store


def test_the_same_person_through_a_new_company_is_displacement(monitored: Store) -> None:
    later = utc_now() + timedelta(minutes=5)
    deliver(monitored, later, make_entity("c2", "kvk", "Company", name="Nieuw BV"),
            make_entity("d2", "kvk", "Directorship", director="p1", organization="c2"))  # fmt: skip
    report = monitor_case(monitored, coordinator(monitored), today=date(2026, 12, 2))
    assert [(d.subject, d.via, d.other) for d in report.displacements] == [
        ("p1", "Directorship", "c2")
    ]
    assert report.new_facts == {}  # Jan's own record did not change


def test_a_delivery_in_the_second_monitoring_began_is_new(monitored: Store) -> None:
    actor = coordinator(monitored)
    since = monitored.get_case(actor).decisions[-1].decided_at
    deliver(monitored, since + timedelta(microseconds=1),
            make_entity("c3", "kvk", "Company", name="Zelfde Seconde BV"),
            make_entity("d3", "kvk", "Directorship", director="p1", organization="c3"))  # fmt: skip
    report = monitor_case(monitored, actor, today=date(2026, 12, 2))
    assert [d.other for d in report.displacements] == ["c3"]


def test_a_new_address_of_the_subject_is_displacement_and_a_new_fact(monitored: Store) -> None:
    later = utc_now() + timedelta(minutes=5)
    deliver(monitored, later, make_entity("p1", "kvk", name="Jan de Vries", addressEntity="a9"))
    report = monitor_case(monitored, coordinator(monitored), today=date(2026, 12, 2))
    assert [(d.via, d.other) for d in report.displacements] == [("addressEntity", "a9")]
    assert [s.prop for s in report.new_facts["p1"]] == ["addressEntity"]


def test_nothing_new_is_nothing_and_the_end_of_monitoring_is_announced(monitored: Store) -> None:
    report = monitor_case(monitored, coordinator(monitored), today=date(2026, 12, 20))
    assert (report.new_facts, report.new_hits, report.displacements) == ({}, [], [])
    assert report.reminder == (
        "the monitoring period ends on 10-01-2027: decide to close or extend"
    )
    assert monitor_case(monitored, coordinator(monitored), today=date(2026, 11, 1)).reminder is None


def test_only_a_case_in_monitoring_is_monitored(monitored: Store) -> None:
    monitored.move_case(coordinator(monitored), CaseState.AFGESLOTEN, "klaar")
    with pytest.raises(UsageError, match="not in monitoring"):
        monitor_case(monitored, coordinator(monitored))
