"""What every page shares: the templates, the page with its banner, the way to the login, an
error page, and the classification of what is on screen."""

import base64
import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from verweven.access import Actor, load_purposes
from verweven.errors import NotAuthenticatedError, UsageError, VerwevenError
from verweven.model import Sensitivity
from verweven.services import http_status
from verweven.services.sessions import csrf_token
from verweven.web.messages import language_of, messages, other_language
from verweven.web.session import LeaseDep, check_csrf, session_token, visitor

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
RANK = {s: i for i, s in enumerate(Sensitivity)}


def page(
    request: Request,
    name: str,
    actor: Actor | None,
    status: int = 200,
    classification: Sensitivity | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page with the banner: who you are, for which partner, purpose and case, and the
    classification of what is on screen."""
    purposes = load_purposes()
    language = language_of(request)
    return templates.TemplateResponse(
        request,
        name,
        {
            "actor": actor,
            "purpose_title": purposes[actor.purpose].title
            if actor and actor.purpose in purposes
            else None,
            "classification": classification.value if classification else None,
            "csrf": csrf_token(session_token(request)) if actor else "",
            "taal": language,
            "t": messages(language),
            "andere_taal": other_language(language),
            **context,
        },
        status_code=status,
    )


def to_login(request: Request, message: str = "", back: str | None = None) -> RedirectResponse:
    """To the login page, which leads back to ``back`` (default: this page) afterwards."""
    target = "/inloggen?terug=" + quote(back or str(request.url.path))
    return RedirectResponse(target + (f"&melding={quote(message)}" if message else ""), 303)


def failure(request: Request, actor: Actor | None, error: VerwevenError) -> Response:
    if isinstance(error, NotAuthenticatedError):
        return to_login(request, "Uw sessie is verlopen; log opnieuw in.")
    return page(request, "fout.html", actor, http_status(error), error=str(error))


def highest(sensitivities: list[str]) -> Sensitivity | None:
    found = [Sensitivity(s) for s in sensitivities]
    return max(found, key=RANK.__getitem__) if found else None


def local_path(target: str) -> str:
    """Only a path of this site (no open redirect to another)."""
    return target if target.startswith("/") and not target.startswith("//") else "/zoeken"


def choose_first(path: str) -> RedirectResponse:
    """To the choice of purpose, which leads back to ``path``."""
    return RedirectResponse("/doel?terug=" + quote(path), 303)


def delivery_levels(leased: LeaseDep, actor: Actor) -> dict[str, str]:
    """The classification of every delivery the visitor may know of, by name."""
    return {d.name: d.sensitivity.value for d in leased.store.list_datasets(actor)}


def classification_of(datasets: Iterable[str], levels: dict[str, str]) -> Sensitivity | None:
    """The highest classification among the deliveries shown (``levels``: per dataset)."""
    return highest([levels[d] for d in set(datasets) if d in levels])


def report_page(html: str) -> HTMLResponse:
    """A printable report (it carries its own style sheet inline, so it prints anywhere): its
    styles are allowed by their digests, nothing else — no script, no other source."""
    digests = [
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.DOTALL)
    ]
    policy = "default-src 'none'; frame-ancestors 'none'; form-action 'none'; img-src 'self' data:"
    if digests:
        policy += "; style-src " + " ".join(digests)
    return HTMLResponse(html, headers={"content-security-policy": policy})


def reader_or_redirect(request: Request, leased: LeaseDep, back: str) -> Actor | Response:
    """The visitor acting for a purpose; or, first, the way to the login or to the choice of
    a purpose, both of which lead back to ``back``."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back=back)
    if actor.purpose is None:
        return choose_first(back)
    return actor


Render = Callable[[Request, LeaseDep, Actor, str, str, int], Response]


def act_on_record(
    request: Request,
    leased: LeaseDep,
    ref: str,
    csrf: str,
    change: Callable[[Actor], object],
    noun: str,
    path: str,
    render: Render,
) -> Response:
    """Make one change to the record ``ref`` the visitor works for (a case, a Bibob file; its
    page at ``path``), then show it again — with the store's refusal when it refused."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back=path)
    try:
        check_csrf(request, csrf)
        if actor.case != ref:
            raise UsageError(f"u werkt voor {noun} {actor.case or '(geen)'}, niet voor {ref}")
        change(actor)
    except VerwevenError as error:
        return render(request, leased, actor, ref, str(error), http_status(error))
    return RedirectResponse(quote(path), 303)
