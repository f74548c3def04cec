"""Logging in and out, and who you are."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from verweven.access import Role, split_token
from verweven.api.deps import LeaseDep, Reader, store_pool
from verweven.services import StorePool, in_utc
from verweven.services.sessions import SESSION_COOKIE, csrf_token

router = APIRouter(tags=["session"])


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=64, examples=["analist.jansen"])
    password: str = Field(min_length=1, max_length=1024)


class Session(BaseModel):
    """A session: its token (also set as an HttpOnly cookie) and the CSRF token that
    requests which change something must send in X-CSRF-Token when they use the cookie."""

    token: str
    csrf_token: str
    expires_at: datetime
    user: str
    partner: str
    roles: list[Role]


class WhoAmI(BaseModel):
    """Who acts, for which partner, with which roles — and for which purposes it may."""

    user: str = Field(examples=["analist.jansen"])
    partner: str = Field(examples=["riec_oost"])
    roles: list[Role]
    local: bool
    purpose: str | None = Field(examples=["riec_casus"])
    case: str | None = Field(examples=["RIEC-2026-0042"])
    purposes: list[str] = Field(examples=[["ondermijningsbeeld", "riec_casus"]])


@router.post("/login", response_model=Session)
def login(
    body: Login,
    request: Request,
    response: Response,
    leased: LeaseDep,
) -> Session:
    """Log in with user name and password: a session of 12 hours (token and cookie)."""
    actor, token = leased.store.login_token(body.username, body.password)
    leased.remember(token, actor)
    [info] = [t for t in leased.store.list_tokens(actor, actor.user) if t.id == _id(token)]
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max(int((info.expires_at - _now()).total_seconds()), 0),
        httponly=True,
        secure=request.app.state.secure_cookies,
        samesite="strict",
        path="/",
    )
    return Session(
        token=token,
        csrf_token=csrf_token(token),
        expires_at=in_utc(info).expires_at,
        user=actor.user,
        partner=actor.partner,
        roles=list(actor.roles),
    )


@router.post("/logout", status_code=204, response_class=Response)
def logout(
    actor: Reader,
    request: Request,
    leased: LeaseDep,
    pool: Annotated[StorePool, Depends(store_pool)],
) -> Response:
    """End the session (or the token) this request carried: it is revoked at once."""
    token_id = _id(request.state.token)
    leased.store.revoke_token(actor, token_id)
    pool.forget_token(token_id)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/whoami", response_model=WhoAmI)
def whoami(actor: Reader, leased: LeaseDep) -> WhoAmI:
    """Who you are, and the purposes your roles may use."""
    return WhoAmI(
        user=actor.user,
        partner=actor.partner,
        roles=list(actor.roles),
        local=actor.local,
        purpose=actor.purpose,
        case=actor.case,
        purposes=leased.store.usable_purposes(actor),
    )


def _id(token: str) -> str:
    return split_token(token)[0]


def _now() -> datetime:
    """Now, as the store writes times (UTC without a zone)."""
    return datetime.now(UTC).replace(tzinfo=None)
