"""`verweven subject …`: a data subject's request — everything held on one person, and the
privacy officer's decisions to restrict or rectify."""

from pathlib import Path

import typer

from verweven.cli.common import PurposeOption, cli_actor, open_cli_store
from verweven.reports.subject import write_subject_report

app = typer.Typer(
    help="Data-subject requests (AVG art. 15-18): the privacy officer's commands, purpose "
    "rechten_betrokkene."
)

Reason = typer.Option(..., "--reason", help="Why: the request and what was weighed.")


def register(main: typer.Typer) -> None:
    """Add the subject group to the main app."""
    main.add_typer(app, name="subject")


@app.command("export")
def export(
    subject_id: str = typer.Argument(help="The person's canonical id, or one of its record ids."),
    out: Path = typer.Option(..., "--out", help="A new folder for subject.json and subject.html."),
    purpose: PurposeOption = None,
) -> None:
    """Everything verweven holds on one person: every value with its source, legal basis and
    retention, the signals that flagged it, the hit/no-hit questions about it, who read it for
    which purpose, and the decisions on its requests — as JSON and as a readable page."""
    with open_cli_store() as store:
        report = store.export_subject(cli_actor(store, purpose), subject_id)
    for path in write_subject_report(report, out):
        typer.echo(f"wrote {path}")
    typer.echo(
        f"{len(report.values)} values from {len({v['dataset'] for v in report.values})} "
        f"deliveries, {len(report.signal_hits)} signal hits, {len(report.reads)} uses"
    )


@app.command("restrict")
def restrict(
    subject_id: str = typer.Argument(help="The person's canonical or record id."),
    reason: str = Reason,
    purpose: PurposeOption = None,
) -> None:
    """Restrict processing (AVG art. 18): the person's records leave every read but this export."""
    _decide(subject_id, "restrict", reason, purpose)


@app.command("lift")
def lift(
    subject_id: str = typer.Argument(help="The person's canonical or record id."),
    reason: str = Reason,
    purpose: PurposeOption = None,
) -> None:
    """End the latest restriction of a person's records."""
    _decide(subject_id, "lift", reason, purpose)


@app.command("rectify")
def rectify(
    subject_id: str = typer.Argument(help="The person's canonical or record id."),
    statement: str = typer.Option(..., help="The id of the wrong value (see the export)."),
    value: str = typer.Option(..., help="The corrected value."),
    reason: str = Reason,
    purpose: PurposeOption = None,
) -> None:
    """Rectify one value (AVG art. 16): the wrong statement leaves every read; the decision
    keeps the corrected value, and the delivering partner corrects its own source."""
    _decide(subject_id, "rectify", reason, purpose, statement, value)


def _decide(
    subject_id: str,
    kind: str,
    reason: str,
    purpose: str | None,
    statement: str | None = None,
    value: str | None = None,
) -> None:
    with open_cli_store() as store:
        decision = store.decide_subject(
            cli_actor(store, purpose), subject_id, kind, reason, statement, value
        )
    typer.echo(f"decision {decision.id}: {kind} {decision.canonical_id}")
