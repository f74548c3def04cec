"""Who uses the web application, and for which purpose and case — kept in cookies.

The session is the token of a login (HttpOnly cookie, shared with the API). The purpose and
case are chosen explicitly after login (there is no default purpose) and sent with every read.
Forms carry the session's CSRF token; the login form, which has no session yet, a random one
that must match a cookie set with the form (double submit)."""

import hmac
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Response

from verweven.access import Actor
from verweven.errors import NotAuthenticatedError, UsageError
from verweven.services import Lease, StorePool
from verweven.services.sessions import SESSION_COOKIE, csrf_matches

PURPOSE_COOKIE = "verweven_doel"
CASE_COOKIE = "verweven_casus"
LOGIN_CSRF_COOKIE = "verweven_login_csrf"


def lease(request: Request) -> Iterator[Lease]:
    """One store connection for this page."""
    pool: StorePool = request.app.state.pool
    with pool.lease() as leased:
        yield leased


LeaseDep = Annotated[Lease, Depends(lease)]


def session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def visitor(request: Request, leased: Lease) -> Actor | None:
    """The logged-in actor acting for the chosen purpose and case, or None (no session, or
    one that expired or was revoked)."""
    token = session_token(request)
    if not token:
        return None
    try:
        actor = leased.authenticate(token)
    except (NotAuthenticatedError, UsageError):
        return None
    return actor.acting_for(
        request.cookies.get(PURPOSE_COOKIE) or None, request.cookies.get(CASE_COOKIE) or None
    )


def check_csrf(request: Request, sent: str) -> None:
    """Refuse a form whose CSRF token is not this session's."""
    if not csrf_matches(session_token(request), sent):
        raise NotAuthenticatedError("het formulier is verlopen of niet van deze sessie")


def new_login_csrf() -> str:
    """A fresh token for the login form and its cookie."""
    return secrets.token_urlsafe(32)


def login_csrf_matches(request: Request, sent: str) -> bool:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected.encode(), sent.encode())


def set_cookie(
    response: Response, name: str, value: str, secure: bool, max_age: int | None = None
) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, secure=secure, samesite="strict", path="/"
    )
