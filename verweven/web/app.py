"""The pages: login and logout, the choice of purpose, search, the entity page; ``add_web``
adds them, the network, casework and Bibob pages, and the security headers to the app."""

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from verweven.access import load_purposes, split_token
from verweven.errors import VerwevenError
from verweven.services import decisions as decision_services
from verweven.services import entities as entity_services
from verweven.services import search as search_services
from verweven.services.sessions import SESSION_COOKIE
from verweven.web import admin, bibob, bibob_files, casework, network, picture, signals
from verweven.web.messages import DEFAULT as DEFAULT_LANGUAGE
from verweven.web.messages import LANGUAGE_COOKIE, languages
from verweven.web.pages import HERE, delivery_levels, failure, highest, local_path, page, to_login
from verweven.web.session import (
    CASE_COOKIE,
    LOGIN_CSRF_COOKIE,
    PURPOSE_COOKIE,
    LeaseDep,
    check_csrf,
    login_csrf_matches,
    new_login_csrf,
    session_token,
    set_cookie,
    visitor,
)

router = APIRouter(include_in_schema=False)
SESSION_HOURS = 12  # as the store's login tokens
SECURITY_HEADERS = {
    # Everything comes from verweven itself: no CDN, no inline script.
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}

ENCODED_HEADERS = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]


def add_web(app: FastAPI) -> None:
    """Add the pages, their assets and the browser security headers to ``app``."""
    app.include_router(router)
    app.include_router(casework.router)
    app.include_router(bibob.router)
    app.include_router(picture.router)
    app.include_router(bibob_files.router)
    app.include_router(network.router)
    app.include_router(signals.router)
    app.include_router(admin.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                # A response that sets its own policy (a report page) keeps it.
                present = {bytes(name).lower() for name, _ in headers}
                headers += [
                    (k.encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.encode() not in present
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


# ---- login and logout ------------------------------------------------------------------------


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/zoeken", 303)


@router.get("/inloggen")
def login_form(request: Request, terug: str = "/zoeken", melding: str = "") -> Response:
    token = new_login_csrf()
    response = page(request, "inloggen.html", None, terug=local_path(terug), melding=melding,
                    login_csrf=token)  # fmt: skip
    set_cookie(response, LOGIN_CSRF_COOKIE, token, request.app.state.secure_cookies, 3600)
    return response


@router.post("/inloggen")
def login(
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    gebruikersnaam: Annotated[str, Form(max_length=64)] = "",
    wachtwoord: Annotated[str, Form(max_length=1024)] = "",
    token: Annotated[str, Form(max_length=200)] = "",
    terug: Annotated[str, Form(max_length=500)] = "/zoeken",
) -> Response:
    """Log in by password (or with a token, as the local user of `verweven serve` has)."""
    if not login_csrf_matches(request, csrf):
        return to_login(request, "Het formulier was verlopen; probeer het opnieuw.")
    try:
        if token.strip():
            # A session of its own, so that logging out ends it and not the token it came from.
            actor = leased.authenticate(token.strip())
            session = leased.store.issue_token(actor, "login", SESSION_HOURS / 24)
        else:
            actor, session = leased.store.login_token(gebruikersnaam, wachtwoord)
        leased.remember(session, actor)
    except VerwevenError:
        return page(request, "inloggen.html", None, 401, terug=local_path(terug),
                    melding="Onjuiste gebruikersnaam, wachtwoord of token.",
                    login_csrf=csrf)  # fmt: skip
    response = RedirectResponse("/doel?terug=" + quote(local_path(terug)), 303)
    secure = request.app.state.secure_cookies
    set_cookie(response, SESSION_COOKIE, session, secure, max_age=SESSION_HOURS * 3600)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/uitloggen")
def logout(request: Request, leased: LeaseDep, csrf: Annotated[str, Form()] = "") -> Response:
    actor = visitor(request, leased)
    if actor is not None:
        try:
            check_csrf(request, csrf)
            leased.store.revoke_token(actor, split_token(session_token(request))[0])
            request.app.state.pool.forget_token(split_token(session_token(request))[0])
        except VerwevenError as error:
            return failure(request, actor, error)
    response = to_login(request, "U bent uitgelogd.", back="/zoeken")
    for name in (SESSION_COOKIE, PURPOSE_COOKIE, CASE_COOKIE):
        response.delete_cookie(name, path="/")
    return response


@router.get("/taal")
def choose_language(
    request: Request,
    naar: Annotated[str, Query(max_length=5)] = DEFAULT_LANGUAGE,
    terug: Annotated[str, Query(max_length=500)] = "/zoeken",
) -> Response:
    """The language of the pages' chrome (Dutch or English), then back."""
    response = RedirectResponse(local_path(terug), 303)
    language = naar if naar in languages() else DEFAULT_LANGUAGE
    set_cookie(response, LANGUAGE_COOKIE, language, request.app.state.secure_cookies, 365 * 86400)
    return response


# ---- purpose and case ---------------------------------------------------------------------------


@router.get("/doel")
def purpose_form(request: Request, leased: LeaseDep, terug: str = "/zoeken") -> Response:
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request)
    usable = leased.store.usable_purposes(actor)
    purposes = load_purposes()
    choices = [(name, purposes[name].title) for name in usable]
    return page(request, "doel.html", actor, choices=choices, terug=local_path(terug))


@router.post("/doel")
def choose_purpose(
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    doel: Annotated[str, Form(max_length=100)] = "",
    casus: Annotated[str, Form(max_length=100)] = "",
    terug: Annotated[str, Form(max_length=500)] = "/zoeken",
) -> Response:
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request)
    try:
        check_csrf(request, csrf)
    except VerwevenError as error:
        return failure(request, actor, error)
    if doel not in leased.store.usable_purposes(actor):
        return purpose_form(request, leased, terug)
    response = RedirectResponse(local_path(terug), 303)
    secure = request.app.state.secure_cookies
    set_cookie(response, PURPOSE_COOKIE, doel, secure)
    set_cookie(response, CASE_COOKIE, casus.strip(), secure)
    return response


# ---- search and entities ------------------------------------------------------------------------


@router.get("/zoeken")
def search(
    request: Request,
    leased: LeaseDep,
    q: Annotated[str, Query(max_length=500)] = "",
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> Response:
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request)
    if actor.purpose is None:
        return RedirectResponse("/doel?terug=/zoeken", 303)
    if not q.strip():
        return page(request, "zoeken.html", actor, q="", results=None)
    try:
        found = search_services.search(leased.store, actor, q.strip(), 25, offset)
        levels = delivery_levels(leased, actor)
    except VerwevenError as error:
        return failure(request, actor, error)
    shown = [levels[d] for e in found.items for d in e.datasets]
    return page(request, "zoeken.html", actor, classification=highest(shown), q=q, results=found)


@router.get("/entiteit/{entity_id}")
def entity(entity_id: str, request: Request, leased: LeaseDep) -> Response:
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request)
    if actor.purpose is None:
        return RedirectResponse("/doel?terug=" + quote(f"/entiteit/{entity_id}"), 303)
    try:
        view = entity_services.read_entity(leased.store, actor, entity_id)
        hits = decision_services.signal_hits(leased.store, actor, view.id, 100, 0)
    except VerwevenError as error:
        return failure(request, actor, error)
    level = highest([v.sensitivity for v in view.values])
    return page(request, "entiteit.html", actor, classification=level, entity=view, hits=hits.items)
