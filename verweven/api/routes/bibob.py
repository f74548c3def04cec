"""Bibob screening (purpose bibob, under the Bibob file's reference): an applicant's circle,
the questionnaire against the registers, the facts and the deadlines; and the findings report,
an audited export."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from verweven.access import Actor
from verweven.api.deps import DEFAULT_PAGE, HTML_PAGE, LeaseDep, Limit, Offset, Reader
from verweven.api.routes.cases import REF_PATTERN, acting_for_ref
from verweven.model.bibob import DateKind, Instrument, Outcome
from verweven.screening import BibobClock
from verweven.services import Page, paginate
from verweven.services import bibob as files
from verweven.services import screening as services
from verweven.services.bibob_views import FileSummary, FileView, file_summary, file_view
from verweven.services.screening_views import ScreeningView, screening_view

router = APIRouter(tags=["bibob"])


class ClockQuery(BaseModel):
    """The file's dates, when the deadlines are wanted."""

    received: date | None = None
    decision_weeks: int = 8
    lbb_requested: date | None = None
    lbb_extended: bool = False
    lbb_received: date | None = None

    def clock(self) -> BibobClock | None:
        if self.received is None:
            return None
        return BibobClock(self.received, self.decision_weeks, self.lbb_requested,
                          self.lbb_extended, self.lbb_received)  # fmt: skip


def clock_query(
    received: Annotated[date | None, Query(description="The day the application came in.")] = None,
    decision_weeks: Annotated[int, Query(ge=1, le=52, description="The decision period.")] = 8,
    lbb_requested: Annotated[date | None, Query(description="LBB advice asked on.")] = None,
    lbb_extended: Annotated[bool, Query(description="The LBB took 4 more weeks.")] = False,
    lbb_received: Annotated[date | None, Query(description="LBB advice received on.")] = None,
) -> ClockQuery:
    return ClockQuery(received=received, decision_weeks=decision_weeks,
                      lbb_requested=lbb_requested, lbb_extended=lbb_extended,
                      lbb_received=lbb_received)  # fmt: skip


Applicant = Annotated[
    str,
    Query(min_length=1, max_length=500, description="Its KvK number, canonical id or record id."),
]
Clock = Annotated[ClockQuery, Depends(clock_query)]
Questionnaire = Annotated[
    str, Query(max_length=200, description="The reference of the applicant's questionnaire.")
]


@router.get("/bibob/screening", response_model=ScreeningView)
def screen(
    reader: Reader,
    leased: LeaseDep,
    applicant: Applicant,
    dates: Clock,
    questionnaire: Questionnaire = "",
) -> ScreeningView:
    """Screen an applicant: its circle by category with the paths that make each relation,
    what it did not declare on the questionnaire named, the facts about each member, and the
    file's deadlines (when ``received`` is given). Builds the officer's network: seconds on
    a large region."""
    result = services.screen(
        leased.store, reader, applicant, dates.clock(), questionnaire=questionnaire
    )
    return screening_view(result.screening, result.deadlines)


@router.get(
    "/bibob/report",
    # A plain Response class, so that the errors stay documented as JSON; 200 is HTML.
    response_class=Response,
    responses={200: HTML_PAGE},
)
def report(
    reader: Reader,
    leased: LeaseDep,
    request: Request,
    applicant: Applicant,
    dates: Clock,
    questionnaire: Questionnaire = "",
) -> HTMLResponse:
    """The printable findings report (HTML): an export, so facts from deliveries you may not
    take out of verweven are left out and counted in it; allowed and audited as one."""
    result = services.screen(
        leased.store, reader, applicant, dates.clock(), questionnaire=questionnaire
    )
    written = services.write_report(leased.store, reader, result, f"HTTP GET {request.url.path}")
    return HTMLResponse(written.html)


# ---- Bibob files: the file's reference is in the path --------------------------------------

Ref = Annotated[
    str, Path(pattern=REF_PATTERN, description="The Bibob file's reference, e.g. BIBOB-2026-7.")
]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


def file_actor(ref: Ref, reader: Reader) -> Actor:
    return acting_for_ref(ref, reader)


FileActor = Annotated[Actor, Depends(file_actor)]


class OpenFileRequest(BaseModel):
    ref: Annotated[str, Field(pattern=REF_PATTERN, examples=["BIBOB-2026-7"])]
    authority: Annotated[str, Field(min_length=1, max_length=200, examples=["burgemeester"])]
    instrument: Instrument
    subject: Annotated[
        str, Field(min_length=1, max_length=200, examples=["exploitatievergunning horeca"])
    ]
    applicant: Annotated[
        str, Field(min_length=1, max_length=500, description="KvK number, canonical or record id")
    ]
    received: date = Field(description="the day the complete application was received")
    questionnaire: Annotated[str, Field(max_length=200)] = ""
    decision_weeks: Annotated[int, Field(ge=1, le=52)] = 8


class DateRequest(BaseModel):
    kind: DateKind
    day: date
    reason: Text


class LbbAnswerRequest(BaseModel):
    """The LBB's answer to the art. 11a question about a person or company."""

    subject: Annotated[str, Field(min_length=1, max_length=500, description="its id or KvK")]
    hit: bool
    asked_on: date
    answered_on: date
    reference: Annotated[str, Field(max_length=200)] = ""


class DecisionRequest(BaseModel):
    outcome: Outcome
    reasons: Text


@router.get("/bibob/files", response_model=Page[FileSummary])
def list_files(
    reader: Reader, leased: LeaseDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> Page[FileSummary]:
    """Every Bibob file with its decision period, the nearest first; decided files last."""
    found = [file_summary(o) for o in files.list_files(leased.store, reader)]
    return paginate(found, limit, offset)


@router.post("/bibob/files", response_model=FileView, status_code=201)
def open_file(body: OpenFileRequest, reader: Reader, leased: LeaseDep) -> FileView:
    """Open a Bibob file for an applicant, from the day the complete application came in."""
    actor = acting_for_ref(body.ref, reader)
    request = files.FileRequest(
        body.authority, body.instrument, body.subject, body.applicant, body.received,
        body.questionnaire, body.decision_weeks,
    )  # fmt: skip
    files.open_file(leased.store, actor, request)
    return file_view(files.get_file(leased.store, actor))


@router.get("/bibob/files/{ref}", response_model=FileView)
def read_file(actor: FileActor, leased: LeaseDep) -> FileView:
    """The file: request, dates, deadlines today, the LBB's answers and the decisions."""
    return file_view(files.get_file(leased.store, actor))


@router.post("/bibob/files/{ref}/dates", response_model=FileView)
def record_date(body: DateRequest, actor: FileActor, leased: LeaseDep) -> FileView:
    """Record a day that starts or stops a clock; a later one of the same kind corrects it."""
    files.record_date(leased.store, actor, body.kind, body.day, body.reason)
    return file_view(files.get_file(leased.store, actor))


@router.post("/bibob/files/{ref}/lbb", response_model=FileView)
def record_lbb_answer(body: LbbAnswerRequest, actor: FileActor, leased: LeaseDep) -> FileView:
    """Record the LBB's art. 11a answer (known or not) about a person or company."""
    files.record_lbb_answer(leased.store, actor, body.subject, body.hit, body.asked_on,
                            body.answered_on, body.reference)  # fmt: skip
    return file_view(files.get_file(leased.store, actor))


@router.post("/bibob/files/{ref}/decisions", response_model=FileView)
def decide(body: DecisionRequest, actor: FileActor, leased: LeaseDep) -> FileView:
    """Record the decision with its reasons; one the file's history does not allow is a 400."""
    files.decide(leased.store, actor, body.outcome, body.reasons)
    return file_view(files.get_file(leased.store, actor))


@router.get("/bibob/files/{ref}/screening", response_model=ScreeningView)
def screen_file(actor: FileActor, leased: LeaseDep) -> ScreeningView:
    """Screen the file's applicant, with the deadlines from the file's dates."""
    result = files.screen_file(leased.store, actor)
    return screening_view(result.screening, result.deadlines)


@router.get("/bibob/files/{ref}/report", response_class=Response, responses={200: HTML_PAGE})
def file_report(actor: FileActor, leased: LeaseDep, request: Request) -> HTMLResponse:
    """The file's printable findings report (HTML): an export, allowed and audited as one."""
    result = files.screen_file(leased.store, actor)
    written = services.write_report(leased.store, actor, result, f"HTTP GET {request.url.path}")
    return HTMLResponse(written.html)
