"""`verweven init`: create or upgrade the store."""

import typer

from verweven.cli.common import open_cli_store
from verweven.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add the store administration commands to the main app."""
    app.command("init")(init)


def init() -> None:
    """Create the store (or bring it to the latest schema) at VERWEVEN_DATABASE_URL."""
    with open_cli_store() as store:
        version = store.schema_version()
    typer.echo(f"store {get_settings().database_url} ({store.dialect}) at schema version {version}")
