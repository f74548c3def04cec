"""`verweven datasets`: the registry of partner deliveries and their legal basis."""

import typer
from rich.table import Table

from verweven.cli.common import cli_actor, console, open_cli_store

app = typer.Typer(help="The registry of partner deliveries: partner, legal basis, purposes.")


@app.command("list")
def list_datasets() -> None:
    """List every registered dataset with its partner, legal basis, purposes and retention."""
    with open_cli_store() as store:
        datasets = store.list_datasets(cli_actor(store))
    table = Table("dataset", "partner", "legal basis", "purposes", "retention", "sensitivity")
    for ds in datasets:
        table.add_row(
            ds.name,
            ds.partner,
            ds.legal_basis.article,
            ", ".join(ds.purposes),
            f"{ds.retention_days} days",
            ds.sensitivity.value,
        )
    console().print(table)
    if not datasets:
        typer.echo("no datasets registered yet: import a delivery first")
