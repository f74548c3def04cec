"""`verweven import ftm` and `verweven export ftm`: FollowTheMoney JSON lines in and out."""

import json
from datetime import datetime
from pathlib import Path

import typer

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, open_cli_store
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.ingest import import_ftm_file
from verweven.model import Dataset, LegalBasis, Sensitivity

import_app = typer.Typer(help="Bring a partner delivery into the store.")
export_app = typer.Typer(help="Write what the store holds to a file.")


def register(app: typer.Typer) -> None:
    """Add the import and export groups to the main app."""
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")


@import_app.command("ftm")
def import_ftm(
    file: Path = typer.Argument(help="FollowTheMoney entities, one JSON object per line."),
    dataset: str = typer.Option(..., help="Name of the dataset, e.g. opensanctions_pep."),
    partner: str = typer.Option(..., help="The partner that delivers it."),
    legal_basis: str = typer.Option(..., help="Article of law or covenant that allows sharing."),
    legal_basis_text: str = typer.Option("", help="The text or summary of that article."),
    purpose: list[str] = typer.Option(..., help="A purpose the data may serve; repeatable."),
    title: str = typer.Option("", help="A human title for the dataset."),
    retention_days: int = typer.Option(5 * 365, min=1, help="How long statements are kept."),
    sensitivity: Sensitivity = typer.Option(Sensitivity.CONFIDENTIAL, help="How sensitive."),
    contact: str = typer.Option("", help="Whom a hit/no-hit answer names for this delivery."),
) -> None:
    """Import FtM JSON lines as one atomic run; bad lines and values go to quarantine."""
    ds = Dataset(
        name=dataset,
        partner=partner,
        title=title or dataset,
        legal_basis=LegalBasis(article=legal_basis, text=legal_basis_text),
        purposes=tuple(purpose),
        retention_days=retention_days,
        sensitivity=sensitivity,
        delivered_at=datetime.fromtimestamp(file.stat().st_mtime) if file.exists() else None,
        contact=contact,
    )
    with open_cli_store() as store:
        actor = cli_actor(store)
        store.register_dataset(ds, actor)
        report = import_ftm_file(store, file, dataset, actor)
    typer.echo(
        f"{file}: {report.lines} lines, {report.entities} entities, "
        f"{report.statements} statements ({report.statements_new} new), "
        f"{len(report.quarantined)} quarantined (run {report.run_id})"
    )
    for record in report.quarantined:
        where = f"line {record.line}" + (f", field {record.field}" if record.field else "")
        typer.echo(f"  quarantined {where}: {record.reason}", err=True)


@export_app.command("ftm")
def export_ftm(
    out: Path = typer.Option(..., "--out", help="File to write FtM JSON lines to."),
    schema: str | None = typer.Option(None, help="Only this schema (and its descendants)."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
    force: ForceOption = False,
) -> None:
    """Export every entity you may export for this purpose as FtM JSON lines, with its
    datasets. The export is audited with its destination."""
    check_output_file(out, force)
    count = 0
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        entities = store.export_entities(reader, str(out.resolve()), schema)  # checked first
        with open_output(out, force) as handle:
            for entity in entities:
                line = json.dumps(entity.to_dict(), sort_keys=True, ensure_ascii=False)
                handle.write(line + "\n")
                count += 1
    typer.echo(f"wrote {count} entities to {out}")
