"""The barrier model applied to one case: which phases its facts cover, which barriers are
open, on their way or raised."""

from datetime import datetime

from verweven.cases import assess_barriers, load_barrier_model
from verweven.model import Case, CaseState, InterventionStatus
from verweven.model.case import CaseDecision, InterventionStep
from verweven.store import SignalHitRecord

NOW = datetime(2026, 12, 1)


def case(*steps: tuple[str, str, InterventionStatus], typology: str = "cannabis_farm") -> Case:
    opened = CaseDecision("d1", "C-1", None, CaseState.SIGNAAL, "signaal", (), "c", NOW)
    return Case(
        "C-1", "Hennep", typology, "WGS", "c", NOW, None, (opened,), ("p1",),
        tuple(
            InterventionStep(iid, "C-1", "x", barrier, "gemeente", status, None, "r", "c", NOW)
            for iid, barrier, status in steps
        ),
    )  # fmt: skip


def hit(signal: str, entity: str = "p1") -> SignalHitRecord:
    return SignalHitRecord(signal, 1, entity, 1.0, "zin", ("s1",), ("netbeheer",))


def by_phase(views: list) -> dict:
    return {v.phase: v for v in views}


def test_a_hit_on_a_subject_covers_the_phase_its_signal_shows() -> None:
    hits = [hit("energy_anomaly_drugs_record"), hit("overcrowded_address", entity="other")]
    views = by_phase(assess_barriers(case(), hits, load_barrier_model()))
    assert views["productie"].covered
    assert not views["huisvesting"].covered  # that hit is about someone outside the case
    assert list(views) == ["huisvesting", "productie", "transport", "financiering"]


def test_a_barrier_is_open_advised_or_raised_by_its_interventions() -> None:
    steps = [
        ("i1", "pand_sluiten", InterventionStatus.PLANNED),
        ("i2", "energie", InterventionStatus.EXECUTED),
        ("i3", "huurcontract", InterventionStatus.ADVISED),
        ("i3", "huurcontract", InterventionStatus.DECLINED),
    ]
    views = by_phase(assess_barriers(case(*steps), [], load_barrier_model()))
    status = {b.barrier.id: b.status for v in views.values() for b in v.barriers}
    assert status["pand_sluiten"] == "advised"
    assert status["energie"] == "raised"
    assert status["huurcontract"] == "open"  # declined: the barrier is open again
    assert status["contant_geld"] == "open"


def test_a_typology_the_model_does_not_know_shows_every_phase() -> None:
    views = assess_barriers(case(typology="nieuw"), [], load_barrier_model())
    assert [v.phase for v in views] == list(load_barrier_model().phases)
