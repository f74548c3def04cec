"""RIEC casework (purpose riec_casus): the cases, their moves, subjects, interventions,
verdicts on signal hits, monitoring and the case file. The case is named in the path; the
store decides who may read or change it and audits every call."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from verweven.access import Actor
from verweven.api.deps import DEFAULT_PAGE, HTML_PAGE, LeaseDep, Limit, Offset, Reader
from verweven.errors import UsageError
from verweven.model import CaseState, HitVerdict, InterventionStatus
from verweven.services import Page, paginate
from verweven.services import case_views as views
from verweven.services import cases as services

router = APIRouter(tags=["cases"])
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
Ref = Annotated[
    str, Path(pattern=REF_PATTERN, description="The case reference, e.g. RIEC-2026-014.")
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Evidence = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=200)]],
    Field(
        default_factory=list, max_length=50, description="signal hit, hit/no-hit or statement ids"
    ),
]


def acting_for_ref(ref: str, reader: Actor) -> Actor:
    """The reader acting for the case ``ref``; a different case stated beside it is a 400."""
    if reader.case and reader.case != ref:
        raise UsageError(f"the path names case {ref} but you stated case {reader.case}")
    return reader.acting_for(reader.purpose, ref)


def case_actor(ref: Ref, reader: Reader) -> Actor:
    return acting_for_ref(ref, reader)


CaseActor = Annotated[Actor, Depends(case_actor)]


class OpenRequest(BaseModel):
    ref: Annotated[str, Field(pattern=REF_PATTERN, examples=["RIEC-2026-014"])]
    title: Annotated[str, Field(min_length=1, max_length=200, examples=["Hennep Venlo-Oost"])]
    typology: Annotated[str, Field(min_length=1, max_length=100, examples=["cannabis_farm"])]
    reason: Text
    evidence: Evidence
    monitor_until: date | None = None


class MoveRequest(BaseModel):
    state: CaseState
    reason: Text
    evidence: Evidence


class SubjectRequest(BaseModel):
    entity_id: Annotated[str, Field(min_length=1, max_length=500)]
    reason: Text


class AdviceRequest(BaseModel):
    instrument: Annotated[str, Field(min_length=1, max_length=100, examples=["sluiting_13b"])]
    barrier: Annotated[str, Field(min_length=1, max_length=100, examples=["pand_sluiten"])]
    reason: Text
    partner: Annotated[str | None, Field(max_length=100)] = None


class ReportRequest(BaseModel):
    status: InterventionStatus
    reason: Text
    planned_for: date | None = None


class FeedbackRequest(BaseModel):
    hit_id: Annotated[str, Field(min_length=1, max_length=200)]
    verdict: HitVerdict
    reason: Text


@router.get("/cases", response_model=Page[views.CaseSummary])
def list_cases(
    reader: Reader, leased: LeaseDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> Page[views.CaseSummary]:
    """Every case with its state and dates, oldest first — no subjects (coordinators)."""
    found = [views.case_summary(c) for c in services.list_cases(leased.store, reader)]
    return paginate(found, limit, offset)


@router.post("/cases", response_model=views.CaseView, status_code=201)
def open_case(body: OpenRequest, reader: Reader, leased: LeaseDep) -> views.CaseView:
    """Open a case in state signaal, with the signal it starts from (coordinators)."""
    actor = acting_for_ref(body.ref, reader)
    opened = services.open_case(leased.store, actor, body.title, body.typology, body.reason,
                                body.evidence, body.monitor_until)  # fmt: skip
    return views.case_view(opened)


@router.get("/cases/{ref}", response_model=views.CaseView)
def read_case(actor: CaseActor, leased: LeaseDep) -> views.CaseView:
    """The case: its decisions in order, subjects, interventions and verdicts."""
    return views.case_view(services.read_case(leased.store, actor))


@router.post("/cases/{ref}/moves", response_model=views.CaseView)
def move_case(body: MoveRequest, actor: CaseActor, leased: LeaseDep) -> views.CaseView:
    """Move the case along the work process; an illegal move is a 400 naming the legal ones."""
    moved = services.move_case(leased.store, actor, body.state, body.reason, body.evidence)
    return views.case_view(moved)


@router.post("/cases/{ref}/subjects", response_model=views.CaseView)
def add_subject(body: SubjectRequest, actor: CaseActor, leased: LeaseDep) -> views.CaseView:
    """Make an entity you may read (for this purpose and case) a subject of the case."""
    changed = services.add_subject(leased.store, actor, body.entity_id, body.reason)
    return views.case_view(changed)


@router.post("/cases/{ref}/interventions", response_model=views.InterventionView, status_code=201)
def advise(body: AdviceRequest, actor: CaseActor, leased: LeaseDep) -> views.InterventionView:
    """Advise an instrument of the ladder against a barrier it raises (in interventieadvies)."""
    step = services.advise(leased.store, actor, body.instrument, body.barrier, body.reason,
                           body.partner)  # fmt: skip
    return views.step_view(step)


@router.post(
    "/cases/{ref}/interventions/{intervention_id}/reports", response_model=views.InterventionView
)
def report(
    intervention_id: Annotated[str, Path(min_length=1, max_length=100)],
    body: ReportRequest,
    actor: CaseActor,
    leased: LeaseDep,
) -> views.InterventionView:
    """A partner's report on an intervention: aanvaard, gepland (with a date), uitgevoerd or
    afgewezen."""
    step = services.report(leased.store, actor, intervention_id, body.status, body.reason,
                           body.planned_for)  # fmt: skip
    return views.step_view(step)


@router.post("/cases/{ref}/feedback", response_model=views.FeedbackView, status_code=201)
def give_feedback(body: FeedbackRequest, actor: CaseActor, leased: LeaseDep) -> views.FeedbackView:
    """What casework concluded about a signal hit on a subject: feedback for the signal."""
    given = services.give_feedback(leased.store, actor, body.hit_id, body.verdict, body.reason)
    return views.feedback_view(given)


@router.get("/cases/{ref}/barriers", response_model=list[views.PhaseBarriersView])
def barriers(actor: CaseActor, leased: LeaseDep) -> list[views.PhaseBarriersView]:
    """The barrier model applied to the case: per phase of its typology, the hits on its
    subjects that cover it and the state of each barrier (open, advised, raised)."""
    return [views.phase_view(p) for p in services.barriers(leased.store, actor)]


@router.get("/cases/{ref}/monitoring", response_model=views.MonitoringView)
def monitor(actor: CaseActor, leased: LeaseDep) -> views.MonitoringView:
    """In monitoring: new facts, new signal hits and displacement around the subjects."""
    return views.monitoring_view(services.monitor(leased.store, actor))


@router.get(
    "/cases/{ref}/file",
    # A plain Response class, so that the errors stay documented as JSON; 200 is HTML.
    response_class=Response,
    responses={200: HTML_PAGE},
)
def case_file(actor: CaseActor, leased: LeaseDep, request: Request) -> HTMLResponse:
    """The case file for the case meeting (HTML): an export of the case's facts, allowed and
    audited as one."""
    html = services.export_case_file(leased.store, actor, f"HTTP GET {request.url.path}")
    return HTMLResponse(html)


@router.get("/intervention-board", response_model=dict[str, list[views.OpenInterventionView]])
def intervention_board(
    reader: Reader, leased: LeaseDep
) -> dict[str, list[views.OpenInterventionView]]:
    """Per partner, the interventions of running cases that still wait for it (advised,
    accepted or planned), soonest planned first (coordinators)."""
    return {
        partner: [views.board_view(o.case_ref, o.case_title, o.step) for o in waiting]
        for partner, waiting in services.open_interventions(leased.store, reader).items()
    }


@router.get("/signal-feedback", response_model=list[views.SignalFeedbackView])
def feedback_summary(reader: Reader, leased: LeaseDep) -> list[views.SignalFeedbackView]:
    """Per signal: how many of its judged hits casework found relevant (coordinators)."""
    return [
        views.SignalFeedbackView(
            signal_id=s.signal_id, judged=s.judged, relevant=s.relevant, precision=s.precision
        )
        for s in services.feedback_summary(leased.store, reader)
    ]
