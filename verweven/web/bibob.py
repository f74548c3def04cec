"""The Bibob page (purpose bibob): enter an applicant's KvK number or id and the file's dates,
see its circle by category with the paths that make each relation, the questionnaire against
the registers, the facts, the deadlines — and open the printable findings report (an audited
export). Every read is a call of ``services.screening``."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response

from verweven.errors import UsageError, VerwevenError
from verweven.reports.bibob import circle_svg
from verweven.screening import BibobClock, Category, Screening
from verweven.screening.labels import dutch_sentence
from verweven.services import http_status
from verweven.services import screening as services
from verweven.web.pages import (
    choose_first,
    classification_of,
    delivery_levels,
    failure,
    page,
    report_page,
    to_login,
)
from verweven.web.session import LeaseDep, visitor

router = APIRouter(include_in_schema=False)
Day = Annotated[str, Query(max_length=10)]


@dataclass
class BibobForm:
    """The page's form, as the query of both the page and its report."""

    aanvrager: Annotated[str, Query(max_length=500)] = ""
    vragenformulier: Annotated[str, Query(max_length=200)] = ""
    ontvangen: Day = ""
    beslistermijn: Annotated[int, Query(ge=1, le=52)] = 8
    lbb_gevraagd: Day = ""
    lbb_verlengd: bool = False
    lbb_ontvangen: Day = ""

    @property
    def applicant(self) -> str:
        return self.aanvrager.strip()

    def clock(self) -> BibobClock | None:
        """The file's dates as the deadlines' clock; none without a day of receipt."""
        if not self.ontvangen.strip():
            return None
        return BibobClock(
            _day(self.ontvangen), self.beslistermijn, _optional(self.lbb_gevraagd),
            self.lbb_verlengd, _optional(self.lbb_ontvangen),
        )  # fmt: skip


Form = Annotated[BibobForm, Depends()]


@router.get("/bibob")
def bibob_page(
    request: Request,
    leased: LeaseDep,
    form: Form,
) -> Response:
    """The form, and with an applicant the screening."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/bibob")
    if actor.purpose is None:
        return choose_first("/bibob")
    fields = {**asdict(form), "aanvrager": form.applicant}
    if not form.applicant:
        return page(request, "bibob.html", actor, form=fields, result=None, melding="")
    try:
        result = services.screen(
            leased.store, actor, form.applicant, form.clock(), questionnaire=form.vragenformulier
        )
        levels = delivery_levels(leased, actor)
    except VerwevenError as error:
        return page(request, "bibob.html", actor, http_status(error), form=fields, result=None,
                    melding=str(error))  # fmt: skip
    s = result.screening
    shown = [*s.applicant.datasets, *(d for r in s.circle for d in r.datasets)]
    shown += [d for f in s.facts for e in f.facts for d in e.datasets]
    query = urlencode({k: v for k, v in fields.items() if v not in ("", False)})
    return page(
        request, "bibob.html", actor, classification=classification_of(shown, levels), form=fields,
        result=result, s=s, report=f"/bibob/rapport?{query}", melding="", **findings(s),
    )  # fmt: skip


@router.get("/bibob/rapport")
def bibob_report(
    request: Request,
    leased: LeaseDep,
    form: Form,
) -> Response:
    """The printable findings report: an export, allowed and audited before it is shown."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/bibob")
    try:
        result = services.screen(
            leased.store, actor, form.applicant, form.clock(), questionnaire=form.vragenformulier
        )
        written = services.write_report(leased.store, actor, result, f"web {request.url.path}")
    except VerwevenError as error:
        return failure(request, actor, error)
    return report_page(written.html)


def findings(screening: Screening) -> dict[str, Any]:
    """What the findings template needs beside the screening: its categories, the sentence of
    an edge in Dutch, and the network picture of the circle."""
    return {
        "categories": list(Category),
        "zin": lambda edge: dutch_sentence(edge, screening.schemas),
        "picture": circle_svg(screening),
    }


def _optional(text: str) -> date | None:
    return _day(text) if text.strip() else None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"een datum als 2026-09-01, niet {text!r}") from None
