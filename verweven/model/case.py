"""An integral case (casus) of the RIEC work process: its states, the moves between them, and
the records a case keeps. No I/O: the store keeps cases, the ``cases`` layer works with them.

The states follow the process of DOMAIN.md §3: a signal is weighed (is this for the RIEC at
all: proportionality, subsidiarity), partners are asked hit/no-hit, a case meeting agrees an
integral intervention advice, partners carry it out, and the effect is monitored. A case may
be rejected (with its reason) until the advice is given; after that it ends by being closed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from verweven.errors import UsageError


class CaseState(StrEnum):
    SIGNAAL = "signaal"
    WEGING = "weging"
    HIT_NO_HIT = "hit_no_hit"
    CASUSOVERLEG = "casusoverleg"
    INTERVENTIEADVIES = "interventieadvies"
    UITVOERING = "uitvoering"
    MONITORING = "monitoring"
    AFGESLOTEN = "afgesloten"
    AFGEWEZEN = "afgewezen"


S = CaseState
MOVES: dict[CaseState, tuple[CaseState, ...]] = {
    S.SIGNAAL: (S.WEGING, S.AFGEWEZEN),
    S.WEGING: (S.HIT_NO_HIT, S.AFGEWEZEN),
    # No hits: the case stops here, rejected with that reason.
    S.HIT_NO_HIT: (S.CASUSOVERLEG, S.AFGEWEZEN),
    S.CASUSOVERLEG: (S.INTERVENTIEADVIES, S.AFGEWEZEN),
    S.INTERVENTIEADVIES: (S.UITVOERING,),
    S.UITVOERING: (S.MONITORING,),
    # Monitoring that finds the subjects carrying on sends the case back to execution.
    S.MONITORING: (S.UITVOERING, S.AFGESLOTEN),
    S.AFGESLOTEN: (),
    S.AFGEWEZEN: (),
}


class InterventionStatus(StrEnum):
    ADVISED = "geadviseerd"
    ACCEPTED = "aanvaard"
    PLANNED = "gepland"
    EXECUTED = "uitgevoerd"
    DECLINED = "afgewezen"


IS = InterventionStatus
INTERVENTION_MOVES: dict[InterventionStatus, tuple[InterventionStatus, ...]] = {
    IS.ADVISED: (IS.ACCEPTED, IS.DECLINED),
    IS.ACCEPTED: (IS.PLANNED, IS.DECLINED),
    IS.PLANNED: (IS.EXECUTED, IS.DECLINED),
    IS.EXECUTED: (),
    IS.DECLINED: (),
}


class HitVerdict(StrEnum):
    """What casework concluded about a signal hit: feedback for the signal's precision."""

    RELEVANT = "relevant"
    NOT_RELEVANT = "niet_relevant"
    INTERVENTION_SUCCEEDED = "interventie_geslaagd"


def check_move(current: CaseState, target: CaseState, reason: str) -> None:
    """Refuse a move the work process does not allow, naming the moves it does."""
    if not reason.strip():
        raise UsageError(f"moving a case to {target.value} needs a reason")
    allowed = MOVES[current]
    if target not in allowed:
        raise UsageError(
            f"a case in state {current.value} cannot move to {target.value}; it can move to "
            + (", ".join(s.value for s in allowed) if allowed else "nothing: it has ended")
        )


def check_intervention_move(current: InterventionStatus, target: InterventionStatus) -> None:
    allowed = INTERVENTION_MOVES[current]
    if target not in allowed:
        raise UsageError(
            f"an intervention that is {current.value} cannot become {target.value}; it can "
            "become " + (", ".join(s.value for s in allowed) if allowed else "nothing more")
        )


@dataclass(frozen=True)
class CaseDecision:
    """One move of a case: who decided it, when, why, and on which evidence."""

    id: str
    case_ref: str
    from_state: CaseState | None
    to_state: CaseState
    reason: str
    evidence: tuple[str, ...]
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class InterventionStep:
    """One step of one intervention: advised, accepted, planned (with a date), executed."""

    intervention_id: str
    case_ref: str
    instrument: str
    barrier: str
    partner: str
    status: InterventionStatus
    planned_for: date | None
    reason: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class HitFeedback:
    id: str
    case_ref: str
    hit_id: str
    signal_id: str
    verdict: HitVerdict
    reason: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class SubjectPurge:
    """Retention reached a subject of the case: records of it were purged from a delivery.
    ``removed``: none of its records remain (or its id was a purged record's), so the case
    names it only by the keyed digest of its id (``subject``, ``#…``) from then on."""

    subject: str
    dataset: str
    records: int
    removed: bool
    purged_at: datetime


@dataclass(frozen=True)
class Case:
    """A case as the store keeps it: its header, and everything decided on it, in order."""

    ref: str
    title: str
    typology: str
    legal_basis: str
    opened_by: str
    opened_at: datetime
    monitor_until: date | None
    decisions: tuple[CaseDecision, ...]
    subjects: tuple[str, ...] = ()
    interventions: tuple[InterventionStep, ...] = ()
    feedback: tuple[HitFeedback, ...] = field(default=())
    purges: tuple[SubjectPurge, ...] = ()
    """What retention removed of the case's subjects (their decisions stay)."""

    @property
    def state(self) -> CaseState:
        return self.decisions[-1].to_state

    def current_interventions(self) -> dict[str, InterventionStep]:
        """Each intervention's latest step, by intervention id."""
        latest: dict[str, InterventionStep] = {}
        for step in self.interventions:
            latest[step.intervention_id] = step
        return latest
