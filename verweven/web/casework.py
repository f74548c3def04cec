"""The casework pages (purpose riec_casus): the coordinator's list of cases, opening one, and
the case page — its state, decisions, subjects, barriers and interventions, with forms for the
moves the work process allows. Every read and write is a call of ``services.cases``; the
store decides and audits it, and its refusal is shown as it gave it."""

from collections.abc import Callable
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from verweven.access import Actor, Role
from verweven.cases import load_barrier_model
from verweven.errors import UsageError, VerwevenError
from verweven.model import CaseState, HitVerdict, InterventionStatus
from verweven.model.case import INTERVENTION_MOVES
from verweven.services import cases as services
from verweven.services import http_status
from verweven.services.entities import search_entities
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
PURPOSE = "riec_casus"
REASON = Annotated[str, Form(max_length=2000)]


@router.get("/casussen")
def case_list(request: Request, leased: LeaseDep) -> Response:
    found = reader_or_redirect(request, leased, "/casussen")
    if isinstance(found, Response):
        return found
    return list_page(request, leased, found)


def list_page(
    request: Request, leased: LeaseDep, actor: Actor, melding: str = "", status: int = 200
) -> Response:
    try:
        cases = services.list_cases(leased.store, actor)
    except VerwevenError as error:
        return failure(request, actor, error)
    typologies = sorted(load_barrier_model().typologies)
    due = {case.ref: services.deadlines(case) for case in cases}
    return page(request, "casussen.html", actor, status, cases=cases, typologies=typologies,
                melding=melding, today=date.today(), deadlines=due)  # fmt: skip


@router.get("/interventies")
def intervention_board(request: Request, leased: LeaseDep) -> Response:
    """The board of open interventions per partner, over every open case."""
    found = reader_or_redirect(request, leased, "/interventies")
    if isinstance(found, Response):
        return found
    try:
        board = services.open_interventions(leased.store, found)
    except VerwevenError as error:
        return failure(request, found, error)
    return page(request, "interventies.html", found, 200, board=board, today=date.today())


@router.post("/casussen")
def open_case(
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    casus: Annotated[str, Form(max_length=100)] = "",
    titel: Annotated[str, Form(max_length=200)] = "",
    typologie: Annotated[str, Form(max_length=100)] = "",
    reden: REASON = "",
    monitoren_tot: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Open a case under the reference in the form; the visitor then works for it."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/casussen")
    ref = casus.strip()
    try:
        check_csrf(request, csrf)
        if not ref:
            raise UsageError("geef het casusnummer van de nieuwe casus")
        services.open_case(leased.store, actor.acting_for(actor.purpose, ref), titel.strip(),
                           typologie, reden, (), _date(monitoren_tot))  # fmt: skip
    except VerwevenError as error:
        return list_page(request, leased, actor, str(error), http_status(error))
    response = RedirectResponse(f"/casus/{quote(ref)}", 303)
    set_cookie(response, CASE_COOKIE, ref, request.app.state.secure_cookies)
    return response


@router.get("/casus/{ref}")
def case_page(ref: str, request: Request, leased: LeaseDep, zoek: str = "") -> Response:
    found = reader_or_redirect(request, leased, f"/casus/{ref}")
    if isinstance(found, Response):
        return found
    return render_case(request, leased, found, ref, query=zoek[:200])


def render_case(
    request: Request,
    leased: LeaseDep,
    actor: Actor,
    ref: str,
    melding: str = "",
    status: int = 200,
    query: str = "",
) -> Response:
    """The case page, or — when the visitor works for another case — the choice to work for
    this one (a case is only read under its own reference)."""
    if actor.case != ref:
        return page(request, "casus_kiezen.html", actor, status, ref=ref,
                    purpose=actor.purpose or "", melding=melding)  # fmt: skip
    try:
        file = services.read_case_file(leased.store, actor)
        levels = delivery_levels(leased, actor)
    except VerwevenError as error:
        return failure(request, actor, error)
    shown = [s.dataset for facts in file.facts.values() for s in facts]
    shown += [d for h in file.hits for d in h.datasets]
    case = file.case
    allowed = services.next_steps(case)
    try:
        watched = services.monitor(leased.store, actor) if allowed.monitored else None
        # The subject picker: the search of the search page, under this case.
        candidates = search_entities(leased.store, actor, query.strip()) if query.strip() else None
    except VerwevenError as error:
        return failure(request, actor, error)
    verdicts = {f.hit_id: f for f in case.feedback}  # in order: the latest counts
    model = load_barrier_model()
    phases = model.typologies.get(case.typology) or model.phases
    return page(
        request, "casus.html", actor, status, classification=classification_of(shown, levels),
        file=file, case=case, melding=melding, coordinator=Role.CASUSCOORDINATOR in actor.roles,
        moves=allowed.moves, advising=allowed.advise, executing=allowed.report,
        next_steps=INTERVENTION_MOVES,
        advice=[(i, b) for b in model.barriers.values() if b.phase in phases
                for i in b.instruments],
        barriers=model.barriers, instruments=model.instruments, phases_of=model.phases,
        watched=watched, verdicts=verdicts, hit_verdicts=list(HitVerdict),
        ended=allowed.ended, query=query, candidates=candidates,
    )  # fmt: skip


def act(
    request: Request, leased: LeaseDep, ref: str, csrf: str, change: Callable[[Actor], object]
) -> Response:
    """Make one change to ``ref`` for the visitor, then show it again (or the refusal)."""
    path = f"/casus/{ref}"
    return act_on_record(request, leased, ref, csrf, change, "casus", path, render_case)


@router.post("/casus/{ref}/stap")
def move(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    naar: Annotated[str, Form(max_length=50)] = "",
    reden: REASON = "",
) -> Response:
    def change(actor: Actor) -> object:
        return services.move_case(leased.store, actor, _state(naar), reden)

    return act(request, leased, ref, csrf, change)


@router.post("/casus/{ref}/subject")
def add_subject(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    entiteit: Annotated[str, Form(max_length=500)] = "",
    reden: REASON = "",
) -> Response:
    def change(actor: Actor) -> object:
        return services.add_subject(leased.store, actor, entiteit.strip(), reden)

    return act(request, leased, ref, csrf, change)


@router.post("/casus/{ref}/advies")
def advise(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    maatregel: Annotated[str, Form(max_length=200)] = "",
    reden: REASON = "",
) -> Response:
    """``maatregel`` is ``instrument:barrier`` (one choice of the form)."""
    instrument, _, barrier = maatregel.partition(":")

    def change(actor: Actor) -> object:
        return services.advise(leased.store, actor, instrument, barrier, reden)

    return act(request, leased, ref, csrf, change)


@router.post("/casus/{ref}/interventie/{intervention_id}")
def report(
    ref: str,
    intervention_id: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    status: Annotated[str, Form(max_length=50)] = "",
    reden: REASON = "",
    gepland_op: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    def change(actor: Actor) -> object:
        return services.report(leased.store, actor, intervention_id, _status_of(status), reden,
                               _date(gepland_op))  # fmt: skip

    return act(request, leased, ref, csrf, change)


@router.post("/casus/{ref}/terugkoppeling")
def give_feedback(
    ref: str,
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    signaal: Annotated[str, Form(max_length=200)] = "",
    oordeel: Annotated[str, Form(max_length=50)] = "",
    reden: REASON = "",
) -> Response:
    """What casework concluded about a signal hit on a subject: feedback for the signal."""

    def change(actor: Actor) -> object:
        return services.give_feedback(leased.store, actor, signaal, _verdict(oordeel), reden)

    return act(request, leased, ref, csrf, change)


@router.get("/casus/{ref}/dossier")
def case_file(ref: str, request: Request, leased: LeaseDep) -> Response:
    """The printable case file for the case meeting: an export, allowed and audited first."""
    found = reader_or_redirect(request, leased, f"/casus/{ref}")
    if isinstance(found, Response):
        return found
    if found.case != ref:
        return render_case(request, leased, found, ref)
    try:
        html = services.export_case_file(leased.store, found, f"web {request.url.path}")
    except VerwevenError as error:
        return failure(request, found, error)
    return report_page(html)


def _verdict(text: str) -> HitVerdict:
    try:
        return HitVerdict(text)
    except ValueError:
        raise UsageError(f"geen oordeel {text!r} over een signaal") from None


def _state(text: str) -> CaseState:
    try:
        return CaseState(text)
    except ValueError:
        raise UsageError(f"geen toestand {text!r} in het werkproces") from None


def _status_of(text: str) -> InterventionStatus:
    try:
        return InterventionStatus(text)
    except ValueError:
        raise UsageError(f"geen status {text!r} van een interventie") from None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError:
        raise UsageError(f"een datum als 2027-06-30, niet {text!r}") from None
