"""What every route shares: a store connection, the authenticated actor, and the purpose and
case it acts for in this request. Routes stay thin: they name these and call a service."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from verweven.access import Actor
from verweven.errors import NotAuthenticatedError, UsageError
from verweven.services import DEFAULT_LIMIT, MAX_LIMIT, Lease, StorePool
from verweven.services.sessions import SESSION_COOKIE, csrf_matches

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = HTTPBearer(
    auto_error=False,
    description="An API token (`verweven user token`, or POST /api/v1/tokens) or the token "
    "POST /api/v1/login returns.",
)


def store_pool(request: Request) -> StorePool:
    pool: StorePool = request.app.state.pool
    return pool


def lease(pool: Annotated[StorePool, Depends(store_pool)]) -> Iterator[Lease]:
    """One store connection for this request."""
    with pool.lease() as leased:
        yield leased


LeaseDep = Annotated[Lease, Depends(lease)]


def authenticated(
    request: Request,
    leased: LeaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The actor of the bearer token, else of the session cookie (whose unsafe requests must
    carry the session's CSRF token); 401 without either."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE, "")
    by_cookie = credentials is None and bool(token)
    if (
        by_cookie
        and request.method not in SAFE_METHODS
        and not csrf_matches(token, request.headers.get(CSRF_HEADER, ""))
    ):
        raise NotAuthenticatedError(
            f"a request with the session cookie that changes something needs the "
            f"{CSRF_HEADER} header the login returned"
        )
    if not token:
        raise NotAuthenticatedError(
            "no credentials: send Authorization: Bearer vw_... or log in (POST /api/v1/login)"
        )
    try:
        actor = leased.authenticate(token)
    except UsageError as error:  # not a verweven token at all
        raise NotAuthenticatedError(str(error)) from None
    request.state.token = token
    return actor


def reader(
    actor: Annotated[Actor, Depends(authenticated)],
    purpose_header: Annotated[
        str | None,
        Header(
            alias="X-Verweven-Purpose",
            description="Why you read: a purpose your roles may use (GET /api/v1/whoami lists "
            "them). Required for reads of personal data: there is no default purpose.",
        ),
    ] = None,
    case_header: Annotated[
        str | None,
        Header(
            alias="X-Verweven-Case",
            description="The case or file you read for, e.g. RIEC-2026-0042; secret "
            "deliveries are read only for a named case.",
        ),
    ] = None,
    purpose: Annotated[
        str | None, Query(description="The purpose, where a header cannot be sent.")
    ] = None,
    case: Annotated[str | None, Query(description="The case, where a header cannot be sent.")] = (
        None
    ),
) -> Actor:
    """The authenticated actor acting for this request's purpose and case."""
    return actor.acting_for(
        _one("purpose", purpose_header, purpose), _one("case", case_header, case)
    )


def _one(name: str, header: str | None, query: str | None) -> str | None:
    if header and query and header != query:
        raise UsageError(f"two different {name}s given (header and query): state one")
    return header or query


Reader = Annotated[Actor, Depends(reader)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=2**31, description="Skip this many items first.")]
DEFAULT_PAGE = DEFAULT_LIMIT
HTML_PAGE: dict[str, object] = {
    "description": "A page of HTML (a report to read or print)",
    "content": {"text/html": {"schema": {"type": "string"}}},
}
