"""Which steps of a case's criminal business process the facts cover, and which barriers are
open: the barrier model applied to one case's signal hits and interventions."""

from dataclasses import dataclass

from verweven.cases.catalogue import Barrier, BarrierModel
from verweven.model.case import Case, InterventionStatus
from verweven.store import SignalHitRecord


@dataclass(frozen=True)
class BarrierState:
    barrier: Barrier
    status: str
    """open (nothing done), advised (an intervention is on its way: advised, accepted,
    planned) or raised (an intervention on it is executed)."""
    interventions: tuple[str, ...]


@dataclass(frozen=True)
class PhaseView:
    phase: str
    title: str
    signals: tuple[str, ...]
    """The signals that show this phase in the typology."""
    hits: tuple[SignalHitRecord, ...]
    """Hits of those signals on the case's subjects: the facts covering the phase."""
    barriers: tuple[BarrierState, ...]

    @property
    def covered(self) -> bool:
        return bool(self.hits)


def assess_barriers(
    case: Case, hits: list[SignalHitRecord], model: BarrierModel
) -> list[PhaseView]:
    """Per phase of the case's typology (in the model's order): the hits that cover it and
    the state of each barrier in it. A typology the model does not know covers every phase
    with no signals, so the case still shows its barriers."""
    phases = model.typologies.get(case.typology) or dict.fromkeys(model.phases, ())
    on_subjects = [h for h in hits if h.entity_id in case.subjects]
    current = case.current_interventions().values()
    views = []
    for phase in (p for p in model.phases if p in phases):
        signals = phases[phase]
        states = []
        for barrier in model.barriers_in(phase):
            steps = [s for s in current if s.barrier == barrier.id]
            live = [s for s in steps if s.status is not InterventionStatus.DECLINED]
            status = "open"
            if any(s.status is InterventionStatus.EXECUTED for s in live):
                status = "raised"
            elif live:
                status = "advised"
            states.append(BarrierState(barrier, status, tuple(s.instrument for s in live)))
        views.append(
            PhaseView(
                phase,
                model.phases[phase],
                signals,
                tuple(h for h in on_subjects if h.signal_id in signals),
                tuple(states),
            )
        )
    return views
