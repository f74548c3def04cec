"""`verweven ingest` and `verweven quarantine`: partner deliveries in, refused input visible."""

from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store
from verweven.errors import NotFoundError
from verweven.ingest import IngestReport, ingest_path

quarantine_app = typer.Typer(help="Input refused during ingest: file, row, column, reason.")


def register(app: typer.Typer) -> None:
    """Add ingest and quarantine to the main app."""
    app.command("ingest")(ingest)
    app.add_typer(quarantine_app, name="quarantine")


def ingest(
    mapping: Path = typer.Argument(help="A mapping file (.yml), or a folder of mapping files."),
    file: Path | None = typer.Option(None, help="Read this delivery instead of the mapping's."),
    deliveries: Path | None = typer.Option(
        None, help="Folder the mappings' source paths are relative to (default: their own)."
    ),
    atomic: bool = typer.Option(
        False,
        "--atomic",
        help="Import the whole delivery (every file of every mapping) in one transaction: all "
        "of it or nothing. Without it each file is atomic on its own.",
    ),
) -> None:
    """Ingest deliveries: one atomic import run per file (--atomic: one for the whole
    delivery); bad rows and values are quarantined, and every file's rows must add up."""
    with (
        open_cli_store() as store,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console(),
        ) as progress,
    ):
        task = progress.add_task(f"ingesting {mapping}", total=None)
        reports = ingest_path(
            store,
            mapping,
            cli_actor(store),
            file,
            lambda rows: progress.update(task, description=f"{rows:,} rows"),
            deliveries,
            atomic,
        )
    for report in reports:
        print_report(report)
    if len(reports) > 1:
        typer.echo(
            f"{len(reports)} files imported in one transaction (--atomic)"
            if atomic
            else f"{len(reports)} files, each imported atomically on its own "
            "(--atomic imports a delivery as a whole)"
        )


def print_report(report: IngestReport) -> None:
    """One line per file with its reconciled row count, then the quarantine reasons."""
    rate = report.rows / report.seconds if report.seconds else 0.0
    typer.echo(
        f"{report.file} → {report.dataset}: {report.rows:,} rows read = "
        f"{report.rows_imported:,} imported + {report.rows_quarantined:,} quarantined; "
        f"{report.entities:,} entities, {report.statements:,} statements "
        f"({report.statements_new:,} new), {report.values_quarantined:,} values quarantined "
        f"[{report.seconds:.1f} s, {rate:,.0f} rows/s, run {report.run_id}]"
    )
    for reason, count in report.reasons.most_common():
        typer.echo(f"    {count:>7,} × {reason}")
    if report.not_read:
        typer.echo(f"    archive members of another format, not read: {', '.join(report.not_read)}")


@quarantine_app.command("list")
def list_quarantine(
    dataset: str | None = typer.Option(None, help="Only this dataset."),
    run: str | None = typer.Option(None, help="Only this import run."),
    limit: int = typer.Option(50, min=1, help="Show at most this many."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """List quarantined rows and values: id, file, row, column, value and what was expected.
    Refused input is personal data: a partner's steward reads its own (purpose gegevensbeheer)."""
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        records = store.list_quarantine(actor, dataset=dataset, import_run=run)
    table = Table("id", "file", "row", "column", "value", "reason")
    for record in records[:limit]:
        table.add_row(
            record.id,
            Path(record.file).name,
            str(record.line or ""),
            record.field or "(whole row)",
            (record.value or "")[:40],
            record.reason,
        )
    console().print(table)
    typer.echo(
        f"{len(records):,} quarantined in all"
        + (f"; showing {limit}" if len(records) > limit else "")
    )


@quarantine_app.command("show")
def show_quarantine(
    record_id: str = typer.Argument(help="The id from `quarantine list`."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Show one quarantined row or value in full, with the raw row where it was kept."""
    with open_cli_store() as store:
        matches = store.list_quarantine(cli_actor(store, purpose, case), record_id=record_id)
    if not matches:
        raise NotFoundError(f"no quarantined record with id {record_id!r}")
    record = matches[0]
    for label, value in (
        ("id", record.id),
        ("dataset", record.dataset),
        ("import run", record.import_run),
        ("file", record.file),
        ("row", record.line),
        ("column", record.field or "(whole row)"),
        ("value", record.value),
        ("reason", record.reason),
        ("raw row", record.raw),
    ):
        if value is not None:
            typer.echo(f"{label:>10}: {value}")
