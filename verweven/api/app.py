"""The HTTP API: ``create_app`` builds it on a pool of store connections.

Versioned under /api/v1, described at /openapi.json. There are no built-in documentation
pages: FastAPI's load their scripts from a CDN, and verweven runs on closed networks.
"""

from fastapi import FastAPI

from verweven import __version__
from verweven.api.errors import ERROR_RESPONSES, register_error_handler
from verweven.api.routes import (
    bibob,
    cases,
    decisions,
    entities,
    oversight,
    picture,
    registry,
    session,
)
from verweven.services import StorePool
from verweven.services.picture import PictureCache

API_PREFIX = "/api/v1"
DESCRIPTION = """\
verweven's API. Every request is made by an authenticated account — `Authorization: Bearer
vw_...` (an API token) or the session cookie of `POST /api/v1/login` — and reads for the purpose
(and case) it states in `X-Verweven-Purpose` / `X-Verweven-Case` (or the `purpose` / `case`
query parameters). There is no default purpose: a read without one, or with one your roles may
not use, is refused (403) with the purposes you may use. Every request, allowed or refused, is
in the audit log. Listings take `limit` and `offset`. See docs/api.md.
"""


def create_app(pool: StorePool, secure_cookies: bool = True) -> FastAPI:
    """The API on ``pool``. ``secure_cookies``: session cookies only over HTTPS (turn off
    only for plain-HTTP loopback use and tests)."""
    app = FastAPI(
        title="verweven",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.pool = pool
    app.state.secure_cookies = secure_cookies
    register_error_handler(app)
    app.state.pictures = PictureCache()
    for module in (session, entities, registry, decisions, cases, bibob, oversight, picture):
        app.include_router(module.router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    return app
