"""Judgements, hit/no-hit questions, signal hits, and the signals queue with its verdicts."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from verweven.api.deps import DEFAULT_PAGE, LeaseDep, Limit, Offset, Reader
from verweven.model import HitVerdict, Judgement, Verdict
from verweven.services import Page
from verweven.services import decisions as services
from verweven.services import signal_queue as queue
from verweven.store import HitAnswer, HitQuestion, SignalHitRecord

router = APIRouter(tags=["decisions"])
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class JudgementRequest(BaseModel):
    """Two records (entity ids) you may read, whether they are the same, and why."""

    left_id: str = Field(min_length=1, max_length=500)
    right_id: str = Field(min_length=1, max_length=500)
    verdict: Verdict
    reason: Text


class Withdrawal(BaseModel):
    reason: Text


class HitQuestionRequest(BaseModel):
    """A BSN, a KvK number, an address, or a name with a date of birth."""

    bsn: str | None = Field(default=None, max_length=20, examples=["111222333"])
    kvk: str | None = Field(default=None, max_length=20)
    name: str | None = Field(default=None, max_length=200)
    birth_date: str | None = Field(default=None, max_length=10, examples=["1971-04-02"])
    address: str | None = Field(default=None, max_length=300)


@router.get("/judgements", response_model=Page[Judgement])
def judgements(
    reader: Reader,
    leased: LeaseDep,
    include_withdrawn: Annotated[bool, Query()] = False,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[Judgement]:
    """Judgements about pairs of records, in the order they were made."""
    return services.judgements(leased.store, reader, include_withdrawn, limit, offset)


@router.post("/judgements", response_model=Judgement, status_code=201)
def judge(body: JudgementRequest, reader: Reader, leased: LeaseDep) -> Judgement:
    """Record that two records are (not) the same person or company (append-only)."""
    return services.judge(
        leased.store, reader, body.left_id, body.right_id, body.verdict, body.reason
    )


@router.post("/judgements/{judgement_id}/withdrawal", status_code=204, response_class=Response)
def withdraw(
    judgement_id: Annotated[str, Path(min_length=1, max_length=100)],
    body: Withdrawal,
    reader: Reader,
    leased: LeaseDep,
) -> Response:
    """Withdraw a judgement (recorded as a withdrawal; nothing is deleted)."""
    services.withdraw(leased.store, reader, judgement_id, body.reason)
    return Response(status_code=204)


@router.post("/hit-questions", response_model=HitAnswer)
def ask_hit(body: HitQuestionRequest, reader: Reader, leased: LeaseDep) -> HitAnswer:
    """Ask every partner source you may ask (for a named case) whether it knows the subject:
    hit or no hit, and whom to contact — never content."""
    return services.ask_hit(leased.store, reader, HitQuestion(**body.model_dump()))


@router.get("/signal-hits", response_model=Page[SignalHitRecord])
def signal_hits(
    reader: Reader, leased: LeaseDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> Page[SignalHitRecord]:
    """Recorded signal hits whose every delivery you may read, newest run first."""
    return services.signal_hits(leased.store, reader, None, limit, offset)


class HitVerdictRequest(BaseModel):
    """Relevant or not (the queue's verdicts), and why."""

    verdict: Literal[HitVerdict.RELEVANT, HitVerdict.NOT_RELEVANT]
    reason: Text


@router.get("/signal-queue", response_model=queue.SignalQueue)
def signal_queue(
    reader: Reader,
    leased: LeaseDep,
    theme: Annotated[str | None, Query(max_length=50, description="Only this theme.")] = None,
    place: Annotated[
        str | None, Query(max_length=200, description="Only entities with an address here.")
    ] = None,
    min_precision: Annotated[
        float | None, Query(ge=0, le=1, description="Only signals measured this precise.")
    ] = None,
) -> queue.SignalQueue:
    """The signals queue: the hits you may see with their signal's theme and measured
    precision and the latest verdict, grouped by entity and by case."""
    return queue.signal_queue(leased.store, reader, theme, place, min_precision)


@router.post("/signal-hits/{hit_id}/verdicts", response_model=queue.Verdict, status_code=201)
def judge_hit(
    hit_id: Annotated[str, Path(min_length=1, max_length=100)],
    body: HitVerdictRequest,
    reader: Reader,
    leased: LeaseDep,
) -> queue.Verdict:
    """Mark a signal hit relevant or not, with a reason (appended and audited; counted in
    the signal's precision in practice, GET /signal-feedback)."""
    return queue.judge_hit(leased.store, reader, hit_id, body.verdict, body.reason)
