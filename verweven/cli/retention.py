"""`verweven retention list|purge`: each dataset's retention enforced, with a tombstone."""

from pathlib import Path

import typer
from rich.table import Table

from verweven.cli.common import cli_actor, console, open_cli_store
from verweven.errors import AccessDeniedError
from verweven.resolve.state import ResolveState
from verweven.settings import get_settings

app = typer.Typer(help="Retention: remove what has outlived its dataset's retention period.")


def register(main: typer.Typer) -> None:
    """Add the retention group to the main app."""
    main.add_typer(app, name="retention")


@app.command("list")
def list_expired() -> None:
    """How many statements of each dataset you may purge have outlived their retention."""
    with open_cli_store() as store:
        expired = store.expired_statements(cli_actor(store))
    table = Table("dataset", "expired statements")
    for name, count in expired.items():
        table.add_row(name, f"{count:,}")
    console().print(table)


@app.command("purge")
def purge(
    state: Path | None = typer.Option(
        None,
        help="Resolution's state folder, whose review queue also forgets purged records "
        "(default VERWEVEN_OUT_DIR/resolve).",
    ),
) -> None:
    """Purge every dataset you may purge: statements not delivered again within the retention
    period, and everything derived from them — clusters, judgements, signal hits, quarantined
    rows, exported files, the records' ids in the audit log — then rewrite the storage so no
    byte of a purged value remains. Each dataset leaves a tombstone in the audit log. Then
    every Bibob file whose own retention period has passed (purpose bibob)."""
    with open_cli_store() as store:
        actor = cli_actor(store)
        reports = store.purge_expired(actor)
        try:
            files: list[str] | None = store.purge_expired_bibob_files(actor)
        except AccessDeniedError:
            files = None  # a partner's steward purges its deliveries; the operator the files
    gone = [record for report in reports for record in report.records]
    forgotten = ResolveState(state or get_settings().out_dir / "resolve").forget(gone)
    for r in reports:
        typer.echo(
            f"{r.dataset}: {r.statements:,} statements, {len(r.records):,} records, "
            f"{r.quarantined:,} quarantined rows, {r.judgements:,} judgements, "
            f"{r.signal_hits:,} signal hits, {r.clusters_split:,} clusters split, "
            f"{len(r.exports_removed):,} exported files removed (cut-off {r.cutoff:%Y-%m-%d})"
        )
    if files is not None:
        typer.echo(f"Bibob files past their retention period: {len(files):,} removed")
        for ref in files:
            typer.echo(f"  {ref}")
    if forgotten:
        typer.echo(f"review queue: {forgotten:,} pairs with a purged record removed")
