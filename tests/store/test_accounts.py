"""Accounts and credentials: argon2id passwords, expiring and revocable tokens, disabled
accounts, and every login — refused ones included — in the audit log."""

from datetime import timedelta

import pytest

from tests.factories import admin, make_actor
from verweven.access import Account, Role
from verweven.errors import AccessDeniedError, NotAuthenticatedError, UsageError
from verweven.store import Store

PASSWORD = "correct paard batterij nietje"


@pytest.fixture
def jansen(store: Store) -> Store:
    account = Account(username="analist.jansen", partner="riec_oost", roles=(Role.ANALIST,))
    store.add_account(admin(store), account, PASSWORD)
    return store


def test_a_password_is_kept_as_an_argon2id_hash(jansen: Store) -> None:
    [(stored,)] = jansen._fetchall(
        "SELECT password_hash FROM accounts WHERE username = 'analist.jansen'"
    )
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_right_password_makes_an_actor_with_the_accounts_partner_and_roles(
    jansen: Store,
) -> None:
    actor = jansen.authenticate_password("analist.jansen", PASSWORD)
    assert (actor.user, actor.partner, actor.roles) == (
        "analist.jansen",
        "riec_oost",
        (Role.ANALIST,),
    )
    assert jansen.usable_purposes(actor) == ["ondermijningsbeeld", "riec_casus"]


def test_a_wrong_password_is_refused_and_audited(jansen: Store) -> None:
    with pytest.raises(NotAuthenticatedError, match="login refused"):
        jansen.authenticate_password("analist.jansen", "fout wachtwoord!!")
    [(decision, target)] = jansen._fetchall(
        "SELECT decision, target FROM audit_events WHERE action = 'login' AND decision = 'deny'"
    )
    assert (decision, target) == ("deny", "analist.jansen")


def test_a_short_password_is_refused(store: Store) -> None:
    account = Account(username="kort", partner="riec", roles=(Role.ANALIST,))
    with pytest.raises(UsageError, match="at least 12"):
        store.add_account(admin(store), account, "kort")


def test_a_token_works_until_it_is_revoked(jansen: Store) -> None:
    actor = jansen.authenticate_password("analist.jansen", PASSWORD)
    token = jansen.issue_token(actor, "script", 30)
    assert jansen.authenticate_token(token).user == "analist.jansen"
    [info] = jansen.list_tokens(actor, "analist.jansen")
    assert token not in repr(info) and info.label == "script"
    jansen.revoke_token(actor, info.id)
    with pytest.raises(NotAuthenticatedError, match="revoked"):
        jansen.authenticate_token(token)


def test_an_expired_token_is_refused(jansen: Store) -> None:
    token = jansen.issue_token(admin(jansen), "kort", 1, "analist.jansen")
    jansen._execute("UPDATE api_tokens SET expires_at = expires_at - ?", (timedelta(days=2),))
    with pytest.raises(NotAuthenticatedError, match="expired"):
        jansen.authenticate_token(token)


def test_a_tampered_token_is_refused(jansen: Store) -> None:
    token = jansen.issue_token(admin(jansen), "x", 1, "analist.jansen")
    with pytest.raises(NotAuthenticatedError, match="unknown token"):
        jansen.authenticate_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))


def test_a_disabled_account_can_no_longer_log_in(jansen: Store) -> None:
    token = jansen.issue_token(admin(jansen), "x", 1, "analist.jansen")
    jansen.disable_account(admin(jansen), "analist.jansen")
    with pytest.raises(NotAuthenticatedError):
        jansen.authenticate_password("analist.jansen", PASSWORD)
    with pytest.raises(NotAuthenticatedError):
        jansen.authenticate_token(token)


def test_only_an_operator_manages_accounts(jansen: Store) -> None:
    analyst = make_actor(jansen, Role.ANALIST)
    account = Account(username="nog.iemand", partner="riec", roles=(Role.BEHEERDER,))
    with pytest.raises(AccessDeniedError):
        jansen.add_account(analyst, account)
    with pytest.raises(AccessDeniedError):
        jansen.issue_token(analyst, "x", 1, "analist.jansen")


def test_a_first_operator_is_made_only_on_a_store_without_one(store: Store) -> None:
    admin(store)  # the local user of an embedded store; a multi-user store's first operator
    with pytest.raises(UsageError, match="operator"):
        store.bootstrap_admin("tweede.beheerder", "riec", PASSWORD)
