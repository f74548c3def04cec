"""The Bibob files' pages (purpose bibob): the officer's list of files with their deadlines and
the form to open one; a file's page — its request, dates, deadlines, the LBB's art. 11a
answers, its decisions and the screening of its applicant — with forms to record a date, an
LBB answer and the decision with its reasons. Every read and write is a call of
``services.bibob``; the store decides and audits it, and its refusal is shown as it gave it."""

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from verweven.access import Actor
from verweven.errors import UsageError, VerwevenError
from verweven.model.bibob import DateKind, Instrument, Outcome
from verweven.services import bibob as files
from verweven.services import http_status
from verweven.services import screening as services
from verweven.web.bibob import findings
from verweven.web.pages import (
    act_on_record,
    classification_of,
    delivery_levels,
    failure,
    page,
    reader_or_redirect,
    report_page,
    to_login,
)
from verweven.web.session import CASE_COOKIE, LeaseDep, check_csrf, set_cookie, visitor

router = APIRouter(include_in_schema=False)
Choice = TypeVar("Choice", bound=StrEnum)
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=200)]
Day = Annotated[str, Form(max_length=10)]


@router.get("/bibob/dossiers")
def file_list(request: Request, leased: LeaseDep) -> Response:
    found = reader_or_redirect(request, leased, "/bibob/dossiers")
    if isinstance(found, Response):
        return found
    return list_page(request, leased, found)


def list_page(
    request: Request, leased: LeaseDep, actor: Actor, melding: str = "", status: int = 200
) -> Response:
    try:
        overviews = files.list_files(leased.store, actor)
    except VerwevenError as error:
        return failure(request, actor, error)
    return page(request, "bibob_dossiers.html", actor, status, overviews=overviews,
                instruments=list(Instrument), melding=melding)  # fmt: skip


@router.post("/bibob/dossiers")
def open_file(
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    dossier: Annotated[str, Form(max_length=100)] = "",
    bestuursorgaan: Short = "",
    instrument: Annotated[str, Form(max_length=50)] = "",
    onderwerp: Short = "",
    aanvrager: Annotated[str, Form(max_length=500)] = "",
    ontvangen: Day = "",
    vragenformulier: Short = "",
    beslistermijn: Annotated[int, Form(ge=1, le=52)] = 8,
) -> Response:
    """Open a file under the reference in the form; the visitor then works for it."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/bibob/dossiers")
    ref = dossier.strip()
    try:
        check_csrf(request, csrf)
        if not ref:
            raise UsageError("geef het nummer van het nieuwe Bibob-dossier")
        request_ = files.FileRequest(
            bestuursorgaan, _choice(Instrument, instrument), onderwerp, aanvrager.strip(),
            _day(ontvangen), vragenformulier, beslistermijn,
        )  # fmt: skip
        files.open_file(leased.store, actor.acting_for(actor.purpose, ref), request_)
    except VerwevenError as error:
        return list_page(request, leased, actor, str(error), http_status(error))
    response = RedirectResponse(f"/bibob/dossier/{quote(ref)}", 303)
    set_cookie(response, CASE_COOKIE, ref, request.app.state.secure_cookies)
    return response


@router.get("/bibob/dossier/{ref}")
def file_page(ref: str, request: Request, leased: LeaseDep) -> Response:
    found = reader_or_redirect(request, leased, f"/bibob/dossier/{ref}")
    if isinstance(found, Response):
        return found
    return render_file(request, leased, found, ref)


def render_file(
    request: Request, leased: LeaseDep, actor: Actor, ref: str, melding: str = "", status: int = 200
) -> Response:
    """The file's page, or — when the visitor works for another file — the choice to work for
    this one (a file is only read under its own reference)."""
    if actor.case != ref:
        return page(request, "bibob_dossier_kiezen.html", actor, status, ref=ref,
                    purpose=actor.purpose or "", melding=melding)  # fmt: skip
    try:
        result = files.screen_file(leased.store, actor)
        levels = delivery_levels(leased, actor)
    except VerwevenError as error:
        return failure(request, actor, error)
    s = result.screening
    shown = [*s.applicant.datasets, *(d for r in s.circle for d in r.datasets)]
    shown += [d for f in s.facts for e in f.facts for d in e.datasets]
    captions = {s.applicant.id: s.applicant.caption} | {
        r.member.id: r.member.caption for r in s.circle
    }
    level = classification_of(shown, levels)
    report = f"/bibob/dossier/{quote(ref)}/rapport"
    return page(
        request, "bibob_dossier.html", actor, status, classification=level, file=result.file,
        result=result, s=s, captions=captions, date_kinds=list(DateKind),
        outcomes=list(Outcome), melding=melding, report=report, **findings(s),
    )  # fmt: skip


@router.get("/bibob/dossier/{ref}/rapport")
def file_report(ref: str, request: Request, leased: LeaseDep) -> Response:
    """The file's printable findings report: an export, allowed and audited before it shows."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back=f"/bibob/dossier/{ref}")
    try:
        if actor.case != ref:
            raise UsageError(f"u werkt voor dossier {actor.case or '(geen)'}, niet voor {ref}")
        result = files.screen_file(leased.store, actor)
        written = services.write_report(leased.store, actor, result, f"web {request.url.path}")
    except VerwevenError as error:
        return failure(request, actor, error)
    return report_page(written.html)


def act(
    request: Request, leased: LeaseDep, ref: str, csrf: str, change: Callable[[Actor], object]
) -> Response:
    """Make one change to ``ref`` for the visitor, then show it again (or the refusal)."""
    path = f"/bibob/dossier/{ref}"
    return act_on_record(request, leased, ref, csrf, change, "dossier", path, render_file)


@router.post("/bibob/dossier/{ref}/datum")
def record_date(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    soort: Annotated[str, Form(max_length=50)] = "",
    dag: Day = "",
    reden: Text = "",
) -> Response:
    def change(actor: Actor) -> object:
        return files.record_date(leased.store, actor, _choice(DateKind, soort), _day(dag), reden)

    return act(request, leased, ref, csrf, change)


@router.post("/bibob/dossier/{ref}/lbb")
def record_lbb_answer(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    over: Annotated[str, Form(max_length=500)] = "",
    antwoord: Annotated[str, Form(max_length=10)] = "",
    gevraagd: Day = "",
    beantwoord: Day = "",
    kenmerk: Short = "",
) -> Response:
    def change(actor: Actor) -> object:
        if antwoord not in ("hit", "geen"):
            raise UsageError("kies het antwoord van het LBB: hit of geen hit")
        return files.record_lbb_answer(leased.store, actor, over.strip(), antwoord == "hit",
                                       _day(gevraagd), _day(beantwoord), kenmerk)  # fmt: skip

    return act(request, leased, ref, csrf, change)


@router.post("/bibob/dossier/{ref}/besluit")
def decide(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    besluit: Annotated[str, Form(max_length=50)] = "",
    motivering: Text = "",
) -> Response:
    def change(actor: Actor) -> object:
        return files.decide(leased.store, actor, _choice(Outcome, besluit), motivering)

    return act(request, leased, ref, csrf, change)


def _choice(kind: type[Choice], value: str) -> Choice:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise UsageError(f"kies een van: {known} (niet {value!r})") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"een datum als 2026-09-01, niet {text!r}") from None
