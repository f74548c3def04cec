"""The signals queue (purpose riec_casus): the hits an analyst may see, grouped by entity or
by case, filtered by theme, place and measured precision, each to be marked relevant or not
with a reason. Reads and verdicts are calls of ``services.signal_queue``; the store decides
and audits them."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from verweven.errors import UsageError, VerwevenError
from verweven.model import HitVerdict
from verweven.services import signal_queue as services
from verweven.web.pages import (
    classification_of,
    delivery_levels,
    failure,
    local_path,
    page,
    reader_or_redirect,
)
from verweven.web.session import LeaseDep, check_csrf

router = APIRouter(include_in_schema=False)
PURPOSE = "riec_casus"
PRECISIONS = (0.5, 0.75, 0.9)
Filter = Annotated[str, Query(max_length=200)]


@router.get("/signalen")
def queue(
    request: Request,
    leased: LeaseDep,
    thema: Filter = "",
    plaats: Filter = "",
    precisie: Filter = "",
    groep: Filter = "entiteit",
    melding: Filter = "",
) -> Response:
    found = reader_or_redirect(request, leased, "/signalen")
    if isinstance(found, Response):
        return found
    if found.purpose != PURPOSE:
        return page(request, "signalen.html", found, 400, queue=None, purpose=PURPOSE)
    try:
        minimum = _precision(precisie)
        result = services.signal_queue(leased.store, found, thema or None, plaats or None, minimum)
        levels = delivery_levels(leased, found)
    except VerwevenError as error:
        return failure(request, found, error)
    groups = result.by_case if groep == "casus" else result.by_entity
    shown = [d for g in groups for h in g.hits for d in h.datasets]
    return page(
        request, "signalen.html", found, classification=classification_of(shown, levels),
        queue=result, groups=groups, groep="casus" if groep == "casus" else "entiteit",
        thema=thema, plaats=plaats, precisie=precisie, precisions=PRECISIONS, melding=melding,
        terug=_here(request),
    )  # fmt: skip


@router.post("/signalen/{hit_id}/oordeel")
def judge(
    hit_id: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    oordeel: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=2000)] = "",
    terug: Annotated[str, Form(max_length=1000)] = "/signalen",
) -> Response:
    """Relevant or not, with a reason; back to the queue as it was filtered."""
    actor = reader_or_redirect(request, leased, "/signalen")
    if isinstance(actor, Response):
        return actor
    try:
        check_csrf(request, csrf)
        verdict = _verdict(oordeel)
        services.judge_hit(leased.store, actor, hit_id, verdict, reden)
    except VerwevenError as error:
        return failure(request, actor, error)
    back = local_path(terug)
    words = "relevant" if verdict is HitVerdict.RELEVANT else "niet relevant"
    sep = "&" if "?" in back else "?"
    return RedirectResponse(
        back + sep + urlencode({"melding": f"Oordeel vastgelegd: {words}."}), 303
    )


def _here(request: Request) -> str:
    """This page with its filters (not its message), to come back to after a verdict."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "melding"]
    return request.url.path + (f"?{urlencode(kept)}" if kept else "")


def _precision(text: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"geen precisie {text!r}: een getal tussen 0 en 1") from None
    if not 0 <= value <= 1:
        raise UsageError(f"geen precisie {text!r}: een getal tussen 0 en 1")
    return value


def _verdict(text: str) -> HitVerdict:
    if text not in (HitVerdict.RELEVANT, HitVerdict.NOT_RELEVANT):
        raise UsageError("kies relevant of niet relevant")
    return HitVerdict(text)
