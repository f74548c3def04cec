"""Accounts, passwords, API tokens and the actors the store makes from them.

An actor is only ever made here: by password, by token, as the single local user of an
embedded store, or as a system job started by an authenticated actor. Every login — refused
ones included — is an audit event."""

import getpass
from datetime import timedelta

from verweven.access import (
    Account,
    Action,
    Actor,
    Job,
    Role,
    TokenInfo,
    digests_equal,
    hash_password,
    job_resource,
    new_token,
    password_matches,
    split_token,
    store_resource,
    token_digest,
)
from verweven.audit.event import AuditDecision
from verweven.errors import NotAuthenticatedError, NotFoundError, UsageError
from verweven.settings import get_settings
from verweven.store.guard import Guard
from verweven.store.rows import Row, utc_now

ACCOUNT_COLUMNS = (
    "username, partner, roles, display_name, local, created_at, created_by, disabled_at"
)
TOKEN_COLUMNS = "id, username, label, created_at, expires_at, revoked_at"
LOGIN_TOKEN_HOURS = 12


class Accounts(Guard):
    """Who may act: accounts, credentials, and the actors made from them."""

    # ---- making actors ------------------------------------------------------------------------

    def authenticate_password(self, username: str, password: str) -> Actor:
        """The actor of an enabled account whose password matches; refused otherwise."""
        row = self._fetchall(
            f"SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE username = ?",
            (username,),
        )
        if not row or row[0][7] is not None or not password_matches(row[0][8], password):
            self._login_refused(username, "wrong user name or password, or account disabled")
        return self._logged_in(_account(row[0][:8]), "password")

    def authenticate_token(self, token: str) -> Actor:
        """The actor of an enabled account holding this unexpired, unrevoked API token."""
        token_id, _ = split_token(token)
        rows = self._fetchall(
            "SELECT t.digest, t.expires_at, t.revoked_at, a.disabled_at, "
            f"{', '.join('a.' + c.strip() for c in ACCOUNT_COLUMNS.split(','))} "
            "FROM api_tokens t JOIN accounts a ON a.username = t.username WHERE t.id = ?",
            (token_id,),
        )
        if not rows or not digests_equal(rows[0][0], token_digest(token)):
            self._login_refused(f"token {token_id}", "unknown token")
        _, expires, revoked, disabled, *account = rows[0]
        if revoked is not None or expires <= utc_now() or disabled is not None:
            self._login_refused(account[0], f"token {token_id} expired, revoked or disabled")
        return self._logged_in(_account(tuple(account)), f"token {token_id}")

    def local_actor(self) -> Actor:
        """The single local user of an embedded store (it owns the file). A multi-user store
        has none: its readers authenticate."""
        rows = self._fetchall(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE local")
        if self.dialect != "duckdb" or not rows:
            raise NotAuthenticatedError(
                "this store has no local user: log in (`verweven login`) or set VERWEVEN_TOKEN"
            )
        return self._logged_in(_account(rows[0]), f"local ({getpass.getuser()})")

    def system_actor(self, job: Job, started_by: Actor) -> Actor:
        """The actor of a system job (e.g. resolution), started by an authenticated actor."""
        self._require(started_by, Action.START_JOB, job_resource(job.value), job.value)
        actor = Actor(
            user=f"taak.{job.value}",
            partner=started_by.partner,
            job=job,
            started_by=started_by.name,
        )
        minted = self._mint(actor)
        self._audit(minted, Action.START_JOB, target=job.value)
        return minted

    def _logged_in(self, account: Account, how: str) -> Actor:
        actor = self._mint(
            Actor(
                user=account.username,
                partner=account.partner,
                roles=account.roles,
                local=account.local,
            )
        )
        self._audit(actor, Action.LOGIN, target=account.username, detail=how)
        return actor

    def _login_refused(self, who: str, reason: str) -> None:
        stranger = Actor(user=who or "?", partner="?")
        self._audit(stranger, Action.LOGIN, target=who, decision=AuditDecision.DENY, detail=reason)
        raise NotAuthenticatedError(f"login refused: {reason}")

    # ---- accounts ----------------------------------------------------------------------------

    def bootstrap_admin(self, username: str, partner: str, password: str) -> Account:
        """The first operator (beheerder) of a multi-user store; refused once any exists."""
        if self.dialect == "duckdb":
            raise UsageError("an embedded store's operator is its local user")
        if self._fetchall("SELECT 1 FROM accounts WHERE NOT local LIMIT 1"):
            raise UsageError("this store already has accounts: an operator adds the next ones")
        account = Account(username=username, partner=partner, roles=(Role.BEHEERDER,))
        self._insert_account(account, hash_password(password), "init")
        actor = self._logged_in(account, "first operator")
        self._audit(actor, Action.MANAGE_ACCOUNTS, target=username, detail="first operator")
        return account

    def ensure_local_account(self) -> Account:
        """The embedded store's one local user (all roles), made on first use."""
        rows = self._fetchall(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE local")
        if rows:
            return _account(rows[0])
        settings = get_settings()
        account = Account(
            username=settings.user, partner=settings.partner, roles=tuple(Role), local=True
        )
        self._insert_account(account, None, "init")
        return account

    def add_account(
        self,
        admin: Actor,
        account: Account,
        password: str | None = None,
    ) -> Account:
        """Add an account (an operator's act, audited). Without a password it can only use
        tokens (machine clients)."""
        self._require(admin, Action.MANAGE_ACCOUNTS, store_resource(), account.username)
        if account.local:
            raise UsageError("only an embedded store has a local user, made by `verweven init`")
        if self._fetchall("SELECT 1 FROM accounts WHERE username = ?", (account.username,)):
            raise UsageError(f"an account named {account.username!r} exists already")
        self._insert_account(account, hash_password(password) if password else None, admin.name)
        self._audit(
            admin,
            Action.MANAGE_ACCOUNTS,
            target=account.username,
            detail=f"added: partner {account.partner}, roles {', '.join(account.roles)}",
        )
        return self._account(account.username)

    def _insert_account(self, account: Account, password_hash: str | None, by: str) -> None:
        self._execute(
            "INSERT INTO accounts (username, partner, roles, display_name, password_hash, "
            "local, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                account.username,
                account.partner,
                [role.value for role in account.roles],
                account.display_name,
                password_hash,
                account.local,
                utc_now(),
                by,
            ),
        )

    def list_accounts(self, admin: Actor) -> list[Account]:
        """Every account, by name."""
        self._require(admin, Action.LIST_ACCOUNTS, store_resource(), "accounts")
        rows = self._fetchall(f"SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY username")
        self._audit(admin, Action.LIST_ACCOUNTS, target="accounts", result_size=len(rows))
        return [_account(row) for row in rows]

    def disable_account(self, admin: Actor, username: str) -> None:
        """Disable an account: its password and every token stop working (kept for the log)."""
        self._require(admin, Action.MANAGE_ACCOUNTS, store_resource(), username)
        self._account(username)
        with self._transaction():
            self._execute(
                "UPDATE accounts SET disabled_at = ?, disabled_by = ? "
                "WHERE username = ? AND disabled_at IS NULL",
                (utc_now(), admin.name, username),
            )
            self._audit(admin, Action.MANAGE_ACCOUNTS, target=username, detail="disabled")

    def set_password(self, actor: Actor, username: str, password: str) -> None:
        """Set a password: one's own, or (as operator) anyone's."""
        if username != actor.user:
            self._require(actor, Action.MANAGE_ACCOUNTS, store_resource(), username)
        else:
            self._check_actor(actor)
        self._account(username)
        with self._transaction():
            self._execute(
                "UPDATE accounts SET password_hash = ? WHERE username = ?",
                (hash_password(password), username),
            )
            self._audit(actor, Action.MANAGE_ACCOUNTS, target=username, detail="password set")

    def _account(self, username: str) -> Account:
        rows = self._fetchall(
            f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = ?", (username,)
        )
        if not rows:
            raise NotFoundError(f"no account named {username!r}")
        return _account(rows[0])

    # ---- tokens -------------------------------------------------------------------------------

    def issue_token(
        self, actor: Actor, label: str, days: float, username: str | None = None
    ) -> str:
        """A new API token for one's own account (or, as operator, another's); returned once,
        kept only as a digest."""
        username = username or actor.user
        if username != actor.user:
            self._require(actor, Action.MANAGE_ACCOUNTS, store_resource(), username)
        else:
            self._check_actor(actor)
        if actor.job is not None:
            raise UsageError("a system job cannot hold a token")
        account = self._account(username)
        if account.disabled_at is not None:
            raise UsageError(f"account {username!r} is disabled")
        if not 0 < days <= 366:
            raise UsageError("a token lives between a moment and a year (--days 0 < d <= 366)")
        token_id, token = new_token()
        now = utc_now()
        with self._transaction():
            self._execute(
                "INSERT INTO api_tokens (id, username, digest, label, created_at, created_by, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token_id, username, token_digest(token), label, now, actor.name,
                 now + timedelta(days=days)),
            )  # fmt: skip
            self._audit(
                actor,
                Action.MANAGE_ACCOUNTS,
                target=username,
                detail=f"token {token_id} issued ({label}, {days:g} days)",
            )
        return token

    def login_token(self, username: str, password: str) -> tuple[Actor, str]:
        """Log in by password and get a short-lived token for the next commands."""
        actor = self.authenticate_password(username, password)
        return actor, self.issue_token(actor, "login", LOGIN_TOKEN_HOURS / 24)

    def list_tokens(self, actor: Actor, username: str | None = None) -> list[TokenInfo]:
        """The tokens of one's own account (or, as operator, of any or all accounts)."""
        if username != actor.user:
            self._require(actor, Action.LIST_ACCOUNTS, store_resource(), username or "tokens")
        else:
            self._check_actor(actor)
        rows = self._fetchall(
            f"SELECT {TOKEN_COLUMNS} FROM api_tokens "
            "WHERE CAST(? AS TEXT) IS NULL OR username = ? ORDER BY created_at, id",
            (username, username),
        )
        return [TokenInfo(**dict(zip(TOKEN_COLUMNS.split(", "), row, strict=True))) for row in rows]

    def revoke_token(self, actor: Actor, token_id: str) -> None:
        """End a token now: one's own, or (as operator) anyone's."""
        rows = self._fetchall("SELECT username FROM api_tokens WHERE id = ?", (token_id,))
        if not rows:
            raise NotFoundError(f"no token with id {token_id!r}")
        if rows[0][0] != actor.user:
            self._require(actor, Action.MANAGE_ACCOUNTS, store_resource(), rows[0][0])
        else:
            self._check_actor(actor)
        with self._transaction():
            self._execute(
                "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? "
                "WHERE id = ? AND revoked_at IS NULL",
                (utc_now(), actor.name, token_id),
            )
            self._audit(actor, Action.MANAGE_ACCOUNTS, target=rows[0][0],
                        detail=f"token {token_id} revoked")  # fmt: skip


def _account(row: Row) -> Account:
    username, partner, roles, display, local, created, by, disabled = row
    return Account(
        username=username,
        partner=partner,
        roles=tuple(Role(r) for r in roles),
        display_name=display,
        local=bool(local),
        created_at=created,
        created_by=by,
        disabled_at=disabled,
    )
