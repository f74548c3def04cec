"""The ``verweven`` command. Errors become exit codes here and nowhere else."""

import sys

import typer

from verweven.cli import (
    accounts,
    audit,
    datasets,
    demo,
    entities,
    ftm,
    hits,
    ingest,
    network,
    pprl,
    resolve,
    retention,
    signals,
    store_admin,
    subjects,
    synth,
)
from verweven.cli.logs import configure_logging
from verweven.errors import VerwevenError

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
demo.register(app)


def main() -> None:
    """Entry point: run the CLI, turning verweven's errors into a message and an exit code."""
    try:
        app()
    except VerwevenError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        sys.exit(error.exit_code)
