"""What every command group shares: the store it opens and the actor it acts as."""

import sys
from typing import Annotated

import typer
from rich.console import Console

from verweven.access import Actor
from verweven.cli.session import load_session_token
from verweven.errors import NotAuthenticatedError
from verweven.settings import get_settings
from verweven.store import Store, open_store

PurposeOption = Annotated[
    str | None,
    typer.Option(
        "--purpose",
        help="Why you read this data: a purpose your roles may use (`verweven whoami` lists "
        "them), e.g. riec_casus or bibob. Required: there is no default purpose. Only "
        "deliveries that may serve it are read, and the read is audited under it.",
    ),
]
CaseOption = Annotated[
    str | None,
    typer.Option(
        "--case",
        help="The case (casus) or file reference you read for, e.g. RIEC-2026-0042. Secret "
        "deliveries (police, FIU, judicial data) are read only for a named case.",
    ),
]


def open_cli_store() -> Store:
    """The store named by VERWEVEN_DATABASE_URL (default ./verweven.duckdb)."""
    return open_store()


def cli_actor(store: Store, purpose: str | None = None, case: str | None = None) -> Actor:
    """Who runs this command: the account of VERWEVEN_TOKEN or of `verweven login`, else the
    single local user of an embedded store; acting for ``purpose`` and ``case``."""
    token = get_settings().token or load_session_token(store)
    if token:
        actor = store.authenticate_token(token)
    elif store.dialect == "duckdb":
        actor = store.local_actor()
    else:
        raise NotAuthenticatedError(
            "this store has several users: log in first (`verweven login`), or set "
            "VERWEVEN_TOKEN to an API token"
        )
    return actor.acting_for(purpose, case)


def console() -> Console:
    """A rich console; wide when output goes to a file or pipe, so values are not cut."""
    return Console(width=None if sys.stdout.isatty() else 200)
