"""Oversight and administration: the audit log, accounts and API tokens."""

from datetime import datetime

from verweven.access import Account, Actor, TokenInfo, split_token
from verweven.audit.event import AuditEvent
from verweven.services.pages import Page, paginate
from verweven.services.times import in_utc
from verweven.store import Store


def audit_events(
    store: Store,
    reader: Actor,
    partner: str | None,
    since: datetime | None,
    action: str | None,
    limit: int,
    offset: int,
) -> Page[AuditEvent]:
    """Audit events in log order: all (the auditor), or those touching one partner's
    deliveries (its steward)."""
    return paginate(store.list_audit_events(reader, partner, since, action), limit, offset)


def accounts(store: Store, admin: Actor, limit: int, offset: int) -> Page[Account]:
    """Every account, by name (the beheerder)."""
    return paginate(store.list_accounts(admin), limit, offset)


def add_account(store: Store, admin: Actor, account: Account, password: str | None) -> Account:
    """Add an account; without a password it can only use tokens (a machine client)."""
    return in_utc(store.add_account(admin, account, password))


def disable_account(store: Store, admin: Actor, username: str) -> None:
    """Disable an account: its password and every token stop working."""
    store.disable_account(admin, username)


def tokens(
    store: Store, actor: Actor, username: str | None, limit: int, offset: int
) -> Page[TokenInfo]:
    """Tokens of one's own account, or (the beheerder) of one or every account."""
    return paginate(store.list_tokens(actor, username), limit, offset)


def issue_token(
    store: Store, actor: Actor, label: str, days: float, username: str | None
) -> tuple[str, TokenInfo]:
    """A new token (its text is shown once) and what may be shown of it later."""
    token = store.issue_token(actor, label, days, username)
    token_id, _ = split_token(token)
    [info] = [t for t in store.list_tokens(actor, username or actor.user) if t.id == token_id]
    return token, in_utc(info)


def revoke_token(store: Store, actor: Actor, token_id: str) -> None:
    """End a token now: one's own, or (the beheerder) anyone's."""
    store.revoke_token(actor, token_id)
