"""What every command group shares: the store it opens and the reader it acts as."""

import sys
from typing import Annotated

import typer
from rich.console import Console

from verweven.access import Reader
from verweven.errors import UsageError
from verweven.settings import get_settings
from verweven.store import Store, open_store

PurposeOption = Annotated[
    str | None,
    typer.Option(
        "--purpose",
        help="Why you read this data (e.g. riec_casus, bibob). Only datasets that may serve this "
        "purpose are shown. Defaults to VERWEVEN_PURPOSE.",
    ),
]


def open_cli_store() -> Store:
    """The store named by VERWEVEN_DATABASE_URL (default ./verweven.duckdb), migrated."""
    return open_store()


def cli_reader(purpose: str | None, default: str | None = None) -> Reader:
    """The acting user (VERWEVEN_USER, VERWEVEN_PARTNER) reading for a stated purpose."""
    settings = get_settings()
    chosen = purpose or settings.purpose or default
    if not chosen:
        raise UsageError(
            "reading personal data needs a purpose: pass --purpose or set VERWEVEN_PURPOSE"
        )
    return Reader(user=settings.user, partner=settings.partner, purpose=chosen)


def operator() -> Reader:
    """The acting user in the operator role, for writes (imports, retention, registration)."""
    return cli_reader(None, default="beheer")


def console() -> Console:
    """A rich console; wide when output goes to a file or pipe, so values are not cut."""
    return Console(width=None if sys.stdout.isatty() else 200)
