"""The audit log, accounts and API tokens."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from verweven.access import Account, Role, TokenInfo
from verweven.access.account import USERNAME_PATTERN
from verweven.api.deps import DEFAULT_PAGE, LeaseDep, Limit, Offset, Reader, store_pool
from verweven.audit.event import AuditEvent
from verweven.services import Page, StorePool
from verweven.services import oversight as services

router = APIRouter(tags=["oversight"])
Username = Annotated[str, Path(pattern=USERNAME_PATTERN)]


class AccountRequest(BaseModel):
    """A new account: its partner and roles; without a password it uses tokens only."""

    username: str = Field(pattern=USERNAME_PATTERN, examples=["analist.jansen"])
    partner: str = Field(min_length=1, max_length=100, examples=["riec_oost"])
    roles: list[Role] = Field(min_length=1, max_length=6)
    display_name: str = Field(default="", max_length=200)
    password: str | None = Field(default=None, max_length=1024)


class TokenRequest(BaseModel):
    label: str = Field(default="api", min_length=1, max_length=100)
    days: float = Field(default=30, gt=0, le=366)
    username: str | None = Field(default=None, pattern=USERNAME_PATTERN)


class IssuedToken(BaseModel):
    """A new token: its text is shown this once and never again."""

    token: str
    info: TokenInfo


@router.get("/audit/events", response_model=Page[AuditEvent])
def audit_events(
    reader: Reader,
    leased: LeaseDep,
    partner: Annotated[str | None, Query(max_length=100)] = None,
    since: datetime | None = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[AuditEvent]:
    """Audit events in log order: all of them (auditor, purpose toezicht), or those touching
    one partner's deliveries (its steward, purpose gegevensbeheer)."""
    return services.audit_events(leased.store, reader, partner, since, action, limit, offset)


@router.get("/users", response_model=Page[Account])
def users(
    reader: Reader, leased: LeaseDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> Page[Account]:
    """Every account (the beheerder)."""
    return services.accounts(leased.store, reader, limit, offset)


@router.post("/users", response_model=Account, status_code=201)
def add_user(body: AccountRequest, reader: Reader, leased: LeaseDep) -> Account:
    """Add an account (the beheerder)."""
    account = Account(
        username=body.username,
        partner=body.partner,
        roles=tuple(body.roles),
        display_name=body.display_name,
    )
    return services.add_account(leased.store, reader, account, body.password)


@router.post("/users/{username}/disable", status_code=204, response_class=Response)
def disable_user(username: Username, reader: Reader, leased: LeaseDep) -> Response:
    """Disable an account: its password and every token stop working (the beheerder)."""
    services.disable_account(leased.store, reader, username)
    return Response(status_code=204)


@router.get("/tokens", response_model=Page[TokenInfo])
def tokens(
    reader: Reader,
    leased: LeaseDep,
    username: Annotated[str | None, Query(pattern=USERNAME_PATTERN)] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[TokenInfo]:
    """Your own tokens, or (the beheerder) another account's."""
    return services.tokens(leased.store, reader, username or reader.user, limit, offset)


@router.post("/tokens", response_model=IssuedToken, status_code=201)
def issue_token(body: TokenRequest, reader: Reader, leased: LeaseDep) -> IssuedToken:
    """A new API token for your own account (or, as beheerder, another's)."""
    token, info = services.issue_token(leased.store, reader, body.label, body.days, body.username)
    return IssuedToken(token=token, info=info)


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response)
def revoke_token(
    token_id: Annotated[str, Path(min_length=1, max_length=64)],
    reader: Reader,
    leased: LeaseDep,
    pool: Annotated[StorePool, Depends(store_pool)],
) -> Response:
    """End a token now: your own, or (the beheerder) anyone's."""
    services.revoke_token(leased.store, reader, token_id)
    pool.forget_token(token_id)
    return Response(status_code=204)
