"""`verweven init`: create or upgrade the store (its owner's step, never a reader's)."""

import typer

from verweven.errors import UsageError
from verweven.store import open_store


def register(app: typer.Typer) -> None:
    """Add the store administration commands to the main app."""
    app.command("init")(init)


def init(
    admin: str | None = typer.Option(
        None, help="PostgreSQL: make this the first operator (beheerder) account."
    ),
    admin_partner: str = typer.Option(
        "riec", help="The partner the first operator works for (with --admin)."
    ),
    app_role: str | None = typer.Option(
        None,
        help="PostgreSQL: the database role verweven's users connect as; it may read and "
        "append to the audit log but never change it.",
    ),
) -> None:
    """Create the store (or bring it to the latest schema) at VERWEVEN_DATABASE_URL.

    Run it as the store's owner. Readers never migrate a PostgreSQL store, so they never wait
    behind a schema change."""
    with open_store(migrate=True) as store:
        version = store.schema_version()
        typer.echo(f"store {store.describe()} ({store.dialect}) at schema version {version}")
        if store.dialect == "duckdb":
            account = store.ensure_local_account()
            typer.echo(
                f"embedded store: one local user, {account.username!r} (partner "
                f"{account.partner}, every role). Every read still states a purpose the "
                "policy allows, and is audited."
            )
            if admin or app_role:
                raise UsageError("--admin and --app-role are for a PostgreSQL store")
            sealed = store.seal_audit(store.local_actor())
            typer.echo(
                f"audit log sealed at {sealed.size} events (and at every close); signing key"
                f" {sealed.key}; verifier key {sealed.verifier_key}"
            )
            return
        if admin:
            password = typer.prompt(f"password for {admin}", hide_input=True,
                                    confirmation_prompt=True)  # fmt: skip
            store.bootstrap_admin(admin, admin_partner, password)
            typer.echo(f"first operator {admin!r} added; `verweven login {admin}` to start")
        if app_role:
            store.grant_application_role(app_role)
            typer.echo(f"role {app_role!r} may use the store; the audit log is append-only")
        typer.echo(
            "seal the audit log on a schedule: `verweven audit seal` with VERWEVEN_AUDIT_KEY"
            " set (see docs/operations.md)"
        )
