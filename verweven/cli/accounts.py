"""`verweven user …`, `login`, `logout` and `whoami`: accounts, tokens and sessions."""

import typer
from rich.table import Table

from verweven.access import Account, Role, split_token
from verweven.cli.common import cli_actor, console, open_cli_store
from verweven.cli.session import load_session_token, save_session_token
from verweven.errors import UsageError

app = typer.Typer(help="Accounts of a multi-user (PostgreSQL) store, and their API tokens.")


def register(main: typer.Typer) -> None:
    """Add the user group and login, logout and whoami to the main app."""
    main.add_typer(app, name="user")
    main.command("login")(login)
    main.command("logout")(logout)
    main.command("whoami")(whoami)


@app.command("add")
def add(
    username: str = typer.Argument(help="Lowercase, e.g. analist.jansen."),
    partner: str = typer.Option(..., help="The partner organisation the person works for."),
    role: list[Role] = typer.Option(..., "--role", help="A role (repeatable)."),
    name: str = typer.Option("", help="The person's name, for people reading the log."),
    password: bool = typer.Option(
        True, help="Ask for a password; --no-password for a machine client (tokens only)."
    ),
) -> None:
    """Add an account (operators only). An embedded store has its one local user instead."""
    with open_cli_store() as store:
        if store.dialect == "duckdb":
            raise UsageError(
                "an embedded store has one local user; several accounts need PostgreSQL "
                "(VERWEVEN_DATABASE_URL=postgresql://…)"
            )
        admin = cli_actor(store)
        secret = (
            typer.prompt(f"password for {username}", hide_input=True, confirmation_prompt=True)
            if password
            else None
        )
        account = Account(username=username, partner=partner, roles=tuple(role), display_name=name)
        store.add_account(admin, account, secret)
    typer.echo(f"added {username} ({partner}: {', '.join(account.roles)})")


@app.command("list")
def list_accounts() -> None:
    """Every account: partner, roles, and whether it is disabled (operators only)."""
    with open_cli_store() as store:
        accounts = store.list_accounts(cli_actor(store))
    table = Table("user", "partner", "roles", "name", "created", "disabled")
    for a in accounts:
        table.add_row(
            a.username + (" (local)" if a.local else ""),
            a.partner,
            ", ".join(a.roles),
            a.display_name,
            f"{a.created_at:%Y-%m-%d}" if a.created_at else "",
            f"{a.disabled_at:%Y-%m-%d %H:%M}" if a.disabled_at else "",
        )
    console().print(table)


@app.command("disable")
def disable(username: str = typer.Argument(help="The account to disable.")) -> None:
    """Disable an account: its password and every token stop working (operators only)."""
    with open_cli_store() as store:
        store.disable_account(cli_actor(store), username)
    typer.echo(f"disabled {username}")


@app.command("token")
def token(
    username: str | None = typer.Argument(None, help="Whose token (default: your own)."),
    label: str = typer.Option(..., help="What the token is for, e.g. 'koppeling gemeente'."),
    days: float = typer.Option(90, help="How long it lives (at most 366 days)."),
) -> None:
    """Issue an API token for a machine client. It is shown once: keep it secret."""
    with open_cli_store() as store:
        issued = store.issue_token(cli_actor(store), label, days, username)
    typer.echo(issued)
    typer.echo("the token is shown once; verweven keeps only its digest", err=True)


@app.command("tokens")
def tokens(username: str | None = typer.Argument(None, help="Whose (default: yours).")) -> None:
    """List tokens (never the token itself): id, label, expiry, revocation."""
    with open_cli_store() as store:
        actor = cli_actor(store)
        found = store.list_tokens(actor, username or actor.user)
    table = Table("id", "user", "label", "created", "expires", "revoked")
    for t in found:
        table.add_row(t.id, t.username, t.label, f"{t.created_at:%Y-%m-%d %H:%M}",
                      f"{t.expires_at:%Y-%m-%d %H:%M}",
                      f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "")  # fmt: skip
    console().print(table)


@app.command("revoke")
def revoke(
    token_id: str = typer.Argument(help="The token id (see `verweven user tokens`)."),
) -> None:
    """Revoke a token now."""
    with open_cli_store() as store:
        store.revoke_token(cli_actor(store), token_id)
    typer.echo(f"revoked token {token_id}")


@app.command("password")
def password(username: str | None = typer.Argument(None, help="Whose (default: yours).")) -> None:
    """Set a password: your own, or (operators) another account's."""
    with open_cli_store() as store:
        actor = cli_actor(store)
        who = username or actor.user
        secret = typer.prompt(f"new password for {who}", hide_input=True,
                              confirmation_prompt=True)  # fmt: skip
        store.set_password(actor, who, secret)
    typer.echo(f"password of {who} set")


def login(username: str = typer.Argument(help="Your user name.")) -> None:
    """Log in to a multi-user store: the session lasts 12 hours (or until `verweven logout`)."""
    with open_cli_store() as store:
        if store.dialect == "duckdb":
            local = store.local_actor()
            typer.echo(f"this embedded store has one local user, {local.user!r}: no login needed")
            return
        secret = typer.prompt("password", hide_input=True)
        actor, session = store.login_token(username, secret)
        path = save_session_token(store, session)
    typer.echo(f"logged in as {actor.user} ({actor.partner}); session kept in {path}")


def logout() -> None:
    """End this store's login session (its token is revoked)."""
    with open_cli_store() as store:
        session = load_session_token(store)
        if session is not None:
            store.revoke_token(store.authenticate_token(session), split_token(session)[0])
        save_session_token(store, None)
    typer.echo("logged out")


def whoami() -> None:
    """Who you act as on this store, for which partner, and the purposes you may read for."""
    with open_cli_store() as store:
        actor = cli_actor(store)
        purposes = store.usable_purposes(actor)
    if actor.local:
        typer.echo(
            f"{actor.user} — the one local user of this embedded store (partner "
            f"{actor.partner}, every role)"
        )
    else:
        typer.echo(f"{actor.user} — partner {actor.partner}, roles {', '.join(actor.roles)}")
    typer.echo(f"purposes you may read for: {', '.join(purposes) or 'none'}")
