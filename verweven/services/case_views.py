"""Cases and monitoring as an HTTP client receives them: plain models with examples, times in
UTC with their offset, and the moves the work process allows next."""

from datetime import UTC, date, datetime

from pydantic import BaseModel, Field

from verweven.cases import MonitoringReport, PhaseView
from verweven.model import Case, CaseState, InterventionStatus
from verweven.model.case import MOVES, CaseDecision, HitFeedback, InterventionStep


class DecisionView(BaseModel):
    """One move of the case: from which state to which, who decided, when, why, on what."""

    from_state: CaseState | None = Field(description="None for the opening decision")
    to_state: CaseState
    reason: str = Field(examples=["hits bij politie en corporatie"])
    evidence: list[str]
    decided_by: str
    decided_at: datetime


class InterventionView(BaseModel):
    """One intervention's latest step."""

    intervention_id: str
    instrument: str = Field(examples=["sluiting_13b"])
    barrier: str = Field(examples=["pand_sluiten"])
    partner: str = Field(examples=["gemeente"])
    status: InterventionStatus
    planned_for: date | None = None
    reason: str
    decided_by: str
    decided_at: datetime


class FeedbackView(BaseModel):
    hit_id: str
    signal_id: str
    verdict: str = Field(examples=["relevant"])
    reason: str
    decided_by: str
    decided_at: datetime


class SubjectPurgeView(BaseModel):
    """Retention reached a subject: records purged from a delivery; ``removed`` when none
    remain (the subject is then named by the keyed digest of its id)."""

    subject: str = Field(examples=["#3f2a9c0b5d7e41f8a6c2b9d0e1f43a57"])
    dataset: str
    records: int = Field(ge=0)
    removed: bool
    purged_at: datetime


class CaseSummary(BaseModel):
    """A case in the coordinator's list: its header and state, no subjects."""

    ref: str = Field(examples=["RIEC-2026-014"])
    title: str = Field(examples=["Hennep Venlo-Oost"])
    typology: str = Field(examples=["cannabis_farm"])
    state: CaseState
    opened_by: str
    opened_at: datetime
    monitor_until: date | None = None
    next_states: list[CaseState] = Field(description="the moves the work process allows now")


class CaseView(CaseSummary):
    """One case: every decision in order, its subjects and its interventions."""

    legal_basis: str
    decisions: list[DecisionView]
    subjects: list[str] = Field(description="canonical ids of the entities it is about")
    interventions: list[InterventionView]
    feedback: list[FeedbackView]
    subject_purges: list[SubjectPurgeView] = Field(
        default_factory=list, description="what retention removed of the subjects"
    )


class BarrierView(BaseModel):
    id: str = Field(examples=["pand_sluiten"])
    title: str
    owner: str = Field(examples=["gemeente"])
    status: str = Field(
        examples=["advised"],
        description="open; advised (an intervention is advised, accepted or planned); raised "
        "(one is executed)",
    )
    instruments: list[str] = Field(description="the live interventions against it")


class PhaseBarriersView(BaseModel):
    """One phase of the criminal business process of the case's typology."""

    phase: str = Field(examples=["premises"])
    title: str
    signals: list[str] = Field(description="the signals that show this phase")
    hits: list[str] = Field(description="ids of those signals' hits on the case's subjects")
    covered: bool
    barriers: list[BarrierView]


class OpenInterventionView(InterventionView):
    """An intervention of a running case that still waits for its partner (the board)."""

    case_ref: str = Field(examples=["RIEC-2026-014"])
    case_title: str = Field(examples=["Hennep Venlo-Oost"])


class SignalFeedbackView(BaseModel):
    signal_id: str = Field(examples=["energy_anomaly_drugs_record"])
    judged: int = Field(ge=0)
    relevant: int = Field(ge=0)
    precision: float = Field(ge=0, le=1, description="relevant / judged: observed in practice")


class FactView(BaseModel):
    subject: str
    prop: str
    value: str
    dataset: str
    first_seen: str | None = None


class DisplacementView(BaseModel):
    subject: str
    via: str = Field(examples=["Directorship"])
    other: str
    first_seen: str
    dataset: str


class NewHitView(BaseModel):
    signal_id: str
    entity_id: str
    sentence: str


class MonitoringView(BaseModel):
    """What changed around the case's subjects since monitoring began."""

    case_ref: str
    since: datetime
    new_facts: list[FactView]
    new_hits: list[NewHitView]
    displacements: list[DisplacementView]
    reminder: str | None = None


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def case_summary(case: Case) -> CaseSummary:
    return CaseSummary(
        ref=case.ref,
        title=case.title,
        typology=case.typology,
        state=case.state,
        opened_by=case.opened_by,
        opened_at=utc(case.opened_at),
        monitor_until=case.monitor_until,
        next_states=list(MOVES[case.state]),
    )


def case_view(case: Case) -> CaseView:
    return CaseView(
        **case_summary(case).model_dump(),
        legal_basis=case.legal_basis,
        decisions=[decision_view(d) for d in case.decisions],
        subjects=list(case.subjects),
        interventions=[step_view(s) for s in case.current_interventions().values()],
        feedback=[feedback_view(f) for f in case.feedback],
        subject_purges=[
            SubjectPurgeView(
                subject=p.subject,
                dataset=p.dataset,
                records=p.records,
                removed=p.removed,
                purged_at=utc(p.purged_at),
            )
            for p in case.purges
        ],
    )


def decision_view(decision: CaseDecision) -> DecisionView:
    return DecisionView(
        from_state=decision.from_state,
        to_state=decision.to_state,
        reason=decision.reason,
        evidence=list(decision.evidence),
        decided_by=decision.decided_by,
        decided_at=utc(decision.decided_at),
    )


def step_view(step: InterventionStep) -> InterventionView:
    return InterventionView(
        intervention_id=step.intervention_id,
        instrument=step.instrument,
        barrier=step.barrier,
        partner=step.partner,
        status=step.status,
        planned_for=step.planned_for,
        reason=step.reason,
        decided_by=step.decided_by,
        decided_at=utc(step.decided_at),
    )


def board_view(case_ref: str, case_title: str, step: InterventionStep) -> OpenInterventionView:
    return OpenInterventionView(
        **step_view(step).model_dump(), case_ref=case_ref, case_title=case_title
    )


def feedback_view(given: HitFeedback) -> FeedbackView:
    return FeedbackView(
        hit_id=given.hit_id,
        signal_id=given.signal_id,
        verdict=given.verdict.value,
        reason=given.reason,
        decided_by=given.decided_by,
        decided_at=utc(given.decided_at),
    )


def monitoring_view(report: MonitoringReport) -> MonitoringView:
    return MonitoringView(
        case_ref=report.case_ref,
        since=utc(report.since),
        new_facts=[
            FactView(
                subject=subject,
                prop=s.prop,
                value=s.value,
                dataset=s.dataset,
                first_seen=s.first_seen,
            )
            for subject, statements in report.new_facts.items()
            for s in statements
        ],
        new_hits=[
            NewHitView(signal_id=h.signal_id, entity_id=h.entity_id, sentence=h.sentence)
            for h in report.new_hits
        ],
        displacements=[
            DisplacementView(
                subject=d.subject,
                via=d.via,
                other=d.other,
                first_seen=d.first_seen,
                dataset=d.dataset,
            )
            for d in report.displacements
        ],
        reminder=report.reminder,
    )


def phase_view(phase: PhaseView) -> PhaseBarriersView:
    return PhaseBarriersView(
        phase=phase.phase,
        title=phase.title,
        signals=list(phase.signals),
        hits=[h.id for h in phase.hits],
        covered=phase.covered,
        barriers=[
            BarrierView(
                id=b.barrier.id,
                title=b.barrier.title,
                owner=b.barrier.owner,
                status=b.status,
                instruments=list(b.interventions),
            )
            for b in phase.barriers
        ],
    )
