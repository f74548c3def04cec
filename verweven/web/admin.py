"""The deliveries and administration pages: the datasets with partner, legal basis, freshness
and quarantine counts (and, for a partner's steward, the refused rows); accounts and API
tokens; the policy in force, read-only. Management needs no purpose (it is authorised by
role); every call goes through ``services`` to the store, which decides and audits it."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from verweven.access import Account, Actor, Role
from verweven.errors import UsageError, VerwevenError
from verweven.services import oversight, registry
from verweven.services.pages import MAX_LIMIT
from verweven.web.pages import failure, page, to_login
from verweven.web.session import LeaseDep, check_csrf, visitor

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=200)]
EVERYTHING = MAX_LIMIT  # one page: as many as a listing gives at once


def _visitor(request: Request, leased: LeaseDep, back: str) -> Actor | Response:
    actor = visitor(request, leased)
    return to_login(request, back=back) if actor is None else actor


@router.get("/gegevens")
def datasets(request: Request, leased: LeaseDep) -> Response:
    found = _visitor(request, leased, "/gegevens")
    if isinstance(found, Response):
        return found
    try:
        overview = registry.dataset_overview(leased.store, found)
    except VerwevenError as error:
        return failure(request, found, error)
    return page(request, "gegevens.html", found, overview=overview)


@router.get("/gegevens/{name}/quarantaine")
def quarantine(name: str, request: Request, leased: LeaseDep) -> Response:
    """The refused rows of one delivery: for its own partner's steward (purpose
    gegevensbeheer), as the store decides."""
    found = _visitor(request, leased, f"/gegevens/{name}/quarantaine")
    if isinstance(found, Response):
        return found
    try:
        rows = registry.quarantine(leased.store, found, name, None, MAX_LIMIT, 0)
    except VerwevenError as error:
        return failure(request, found, error)
    return page(request, "quarantaine.html", found, levering=name, rows=rows)


# ---- accounts and tokens --------------------------------------------------------------------


@router.get("/beheer")
def admin(request: Request, leased: LeaseDep) -> Response:
    found = _visitor(request, leased, "/beheer")
    if isinstance(found, Response):
        return found
    return admin_page(request, leased, found)


def admin_page(
    request: Request,
    leased: LeaseDep,
    actor: Actor,
    melding: str = "",
    new_token: str = "",
    status: int = 200,
) -> Response:
    """Accounts and every token for the beheerder; one's own tokens for everyone else."""
    manager = Role.BEHEERDER in actor.roles
    try:
        accounts = oversight.accounts(leased.store, actor, EVERYTHING, 0) if manager else None
        tokens = oversight.tokens(
            leased.store, actor, None if manager else actor.user, EVERYTHING, 0
        )
    except VerwevenError as error:
        return failure(request, actor, error)
    return page(
        request, "beheer.html", actor, status, accounts=accounts, tokens=tokens.items,
        roles=list(Role), melding=melding, new_token=new_token,
    )  # fmt: skip


@router.post("/beheer/gebruikers")
def add_account(
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    gebruikersnaam: Text = "",
    partner: Text = "",
    naam: Text = "",
    rollen: Annotated[list[str] | None, Form()] = None,
    wachtwoord: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    actor = _visitor(request, leased, "/beheer")
    if isinstance(actor, Response):
        return actor
    try:
        check_csrf(request, csrf)
        account = _account(gebruikersnaam, partner, naam, rollen or [])
        oversight.add_account(leased.store, actor, account, wachtwoord or None)
    except VerwevenError as error:
        return failure(request, actor, error)
    return admin_page(request, leased, actor, f"Account {account.username} aangemaakt.")


@router.post("/beheer/gebruikers/{username}/uitschakelen")
def disable_account(
    username: str, request: Request, leased: LeaseDep, csrf: Annotated[str, Form()] = ""
) -> Response:
    actor = _visitor(request, leased, "/beheer")
    if isinstance(actor, Response):
        return actor
    try:
        check_csrf(request, csrf)
        oversight.disable_account(leased.store, actor, username)
    except VerwevenError as error:
        return failure(request, actor, error)
    return admin_page(request, leased, actor, f"Account {username} uitgeschakeld.")


@router.post("/beheer/tokens")
def issue_token(
    request: Request,
    leased: LeaseDep,
    csrf: Annotated[str, Form()] = "",
    label: Text = "api",
    dagen: Annotated[float, Form(gt=0, le=366)] = 30,
    gebruikersnaam: Text = "",
) -> Response:
    """A new token: its text is shown once, on the page this answers."""
    actor = _visitor(request, leased, "/beheer")
    if isinstance(actor, Response):
        return actor
    try:
        check_csrf(request, csrf)
        token, info = oversight.issue_token(
            leased.store, actor, label.strip() or "api", dagen, gebruikersnaam.strip() or None
        )
    except VerwevenError as error:
        return failure(request, actor, error)
    return admin_page(
        request, leased, actor, f"Token {info.id} voor {info.username} gemaakt.", new_token=token
    )


@router.post("/beheer/tokens/{token_id}/intrekken")
def revoke_token(
    token_id: str, request: Request, leased: LeaseDep, csrf: Annotated[str, Form()] = ""
) -> Response:
    actor = _visitor(request, leased, "/beheer")
    if isinstance(actor, Response):
        return actor
    try:
        check_csrf(request, csrf)
        oversight.revoke_token(leased.store, actor, token_id)
        request.app.state.pool.forget_token(token_id)
    except VerwevenError as error:
        return failure(request, actor, error)
    return admin_page(request, leased, actor, f"Token {token_id} ingetrokken.")


@router.get("/beheer/beleid")
def policy(request: Request, leased: LeaseDep) -> Response:
    """The policy in force, read-only (not personal data: every account may read it)."""
    found = _visitor(request, leased, "/beheer/beleid")
    if isinstance(found, Response):
        return found
    return page(request, "beleid.html", found, files=registry.policy_files())


def _account(username: str, partner: str, name: str, roles: list[str]) -> Account:
    try:
        return Account(
            username=username.strip(),
            partner=partner.strip(),
            display_name=name.strip(),
            roles=tuple(Role(r) for r in roles),
        )
    except (ValidationError, ValueError) as error:
        problems = (
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            if isinstance(error, ValidationError)
            else str(error)
        )
        raise UsageError(f"het account is niet geldig: {problems}") from None
