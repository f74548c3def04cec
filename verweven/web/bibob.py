"""The Bibob page (purpose bibob): enter an applicant's KvK number or id and the file's dates,
see its circle by category with the paths that make each relation, the questionnaire against
the registers, the facts, the deadlines — and open the printable findings report (an audited
export). Every read is a call of ``services.screening``."""

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from verweven.errors import UsageError, VerwevenError
from verweven.screening import BibobClock, Category
from verweven.services import http_status
from verweven.services import screening as services
from verweven.web.pages import (
    choose_first,
    classification_of,
    failure,
    page,
    report_page,
    to_login,
)
from verweven.web.session import LeaseDep, visitor

router = APIRouter(include_in_schema=False)
Day = Annotated[str, Query(max_length=10)]


@router.get("/bibob")
def bibob_page(
    request: Request,
    leased: LeaseDep,
    aanvrager: Annotated[str, Query(max_length=500)] = "",
    ontvangen: Day = "",
    beslistermijn: Annotated[int, Query(ge=1, le=52)] = 8,
    lbb_gevraagd: Day = "",
    lbb_verlengd: bool = False,
    lbb_ontvangen: Day = "",
) -> Response:
    """The form, and with an applicant the screening."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/bibob")
    if actor.purpose is None:
        return choose_first("/bibob")
    form = {"aanvrager": aanvrager.strip(), "ontvangen": ontvangen, "beslistermijn": beslistermijn,
            "lbb_gevraagd": lbb_gevraagd, "lbb_verlengd": lbb_verlengd,
            "lbb_ontvangen": lbb_ontvangen}  # fmt: skip
    if not aanvrager.strip():
        return page(request, "bibob.html", actor, form=form, result=None, melding="")
    try:
        clock = _clock(ontvangen, beslistermijn, lbb_gevraagd, lbb_verlengd, lbb_ontvangen)
        result = services.screen(leased.store, actor, aanvrager.strip(), clock)
        levels = {d.name: d.sensitivity.value for d in leased.store.list_datasets(actor)}
    except VerwevenError as error:
        return page(request, "bibob.html", actor, http_status(error), form=form, result=None,
                    melding=str(error))  # fmt: skip
    s = result.screening
    shown = [*s.applicant.datasets, *(d for r in s.circle for d in r.datasets)]
    shown += [d for f in s.facts for e in f.facts for d in e.datasets]
    query = urlencode({k: v for k, v in form.items() if v not in ("", False)})
    return page(
        request, "bibob.html", actor, classification=classification_of(shown, levels), form=form,
        result=result, s=s, categories=list(Category), report=f"/bibob/rapport?{query}",
        melding="",
    )  # fmt: skip


@router.get("/bibob/rapport")
def bibob_report(
    request: Request,
    leased: LeaseDep,
    aanvrager: Annotated[str, Query(max_length=500)] = "",
    ontvangen: Day = "",
    beslistermijn: Annotated[int, Query(ge=1, le=52)] = 8,
    lbb_gevraagd: Day = "",
    lbb_verlengd: bool = False,
    lbb_ontvangen: Day = "",
) -> Response:
    """The printable findings report: an export, allowed and audited before it is shown."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/bibob")
    try:
        clock = _clock(ontvangen, beslistermijn, lbb_gevraagd, lbb_verlengd, lbb_ontvangen)
        result = services.screen(leased.store, actor, aanvrager.strip(), clock)
        written = services.write_report(leased.store, actor, result, f"web {request.url.path}")
    except VerwevenError as error:
        return failure(request, actor, error)
    return report_page(written.html)


def _clock(
    received: str, weeks: int, requested: str, extended: bool, answered: str
) -> BibobClock | None:
    if not received.strip():
        return None
    return BibobClock(_day(received), weeks, _optional(requested), extended, _optional(answered))


def _optional(text: str) -> date | None:
    return _day(text) if text.strip() else None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"een datum als 2026-09-01, niet {text!r}") from None
