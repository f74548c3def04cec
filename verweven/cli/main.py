"""The ``verweven`` command. Errors become exit codes here and nowhere else."""

import sys

import typer

from verweven.cli import (
    accounts,
    audit,
    bibob,
    cases,
    datasets,
    demo,
    entities,
    ftm,
    hits,
    ingest,
    network,
    picture,
    pprl,
    resolve,
    retention,
    serve,
    signals,
    store_admin,
    subjects,
    synth,
)
from verweven.cli.logs import configure_logging
from verweven.errors import (
    AccessDeniedError,
    AuditTamperedError,
    InputError,
    NotAuthenticatedError,
    NotFoundError,
    ReconciliationError,
    ResourceError,
    SettingsError,
    StoreError,
    UsageError,
    VerwevenError,
    code_for,
)

# The one place errors become exit codes (documented in docs/operations.md). A class not listed
# takes the code of its nearest listed base; anything else of the family exits with 1.
EXIT_CODES: dict[type[VerwevenError], int] = {
    UsageError: 2,
    InputError: 3,
    StoreError: 4,
    NotFoundError: 5,
    AccessDeniedError: 6,
    AuditTamperedError: 7,
    NotAuthenticatedError: 8,
    ResourceError: 9,
    ReconciliationError: 10,
    SettingsError: 11,
}

app = typer.Typer(
    name="verweven",
    help=(
        "verweven: lawful, explainable analysis for the integral approach to undermining crime. "
        "Partner deliveries come in with provenance and legal basis; every read names who reads, "
        "for which partner and which purpose."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def options(
    verbose: bool = typer.Option(
        False,
        "--verbose",
        "-v",
        help="Also show Splink's training notes and verweven's INFO lines (on stderr).",
    ),
) -> None:
    """Options for every command."""
    configure_logging(verbose)


store_admin.register(app)
accounts.register(app)
hits.register(app)
subjects.register(app)
cases.register(app)
bibob.register(app)
retention.register(app)
audit.register(app)
app.add_typer(datasets.app, name="datasets")
app.add_typer(entities.app, name="entity")
ftm.register(app)
ingest.register(app)
synth.register(app)
resolve.register(app)
network.register(app)
signals.register(app)
pprl.register(app)
picture.register(app)
demo.register(app)
serve.register(app)


def exit_code(error: VerwevenError) -> int:
    """The exit code of an error: that of its class or its nearest listed base."""
    return code_for(error, EXIT_CODES, 1)


def main() -> None:
    """Entry point: run the CLI, turning verweven's errors into a message and an exit code."""
    try:
        app()
    except VerwevenError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        sys.exit(exit_code(error))
