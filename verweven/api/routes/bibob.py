"""Bibob screening (purpose bibob, under the Bibob file's reference): an applicant's circle,
the questionnaire against the registers, the facts and the deadlines; and the findings report,
an audited export."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from verweven.api.deps import HTML_PAGE, LeaseDep, Reader
from verweven.screening import BibobClock
from verweven.services import screening as services
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


@router.get("/bibob/screening", response_model=ScreeningView)
def screen(reader: Reader, leased: LeaseDep, applicant: Applicant, dates: Clock) -> ScreeningView:
    """Screen an applicant: its circle by category with the paths that make each relation,
    what it did not declare, the facts about each member, and the file's deadlines (when
    ``received`` is given). Builds the officer's network: seconds on a large region."""
    result = services.screen(leased.store, reader, applicant, dates.clock())
    return screening_view(result.screening, result.deadlines)


@router.get(
    "/bibob/report",
    # A plain Response class, so that the errors stay documented as JSON; 200 is HTML.
    response_class=Response,
    responses={200: HTML_PAGE},
)
def report(
    reader: Reader, leased: LeaseDep, request: Request, applicant: Applicant, dates: Clock
) -> HTMLResponse:
    """The printable findings report (HTML): an export, so facts from deliveries you may not
    take out of verweven are left out and counted in it; allowed and audited as one."""
    result = services.screen(leased.store, reader, applicant, dates.clock())
    written = services.write_report(leased.store, reader, result, f"HTTP GET {request.url.path}")
    return HTMLResponse(written.html)
