"""`verweven entity`: one entity with the source and legal basis of every value."""

import typer
from rich.table import Table

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store
from verweven.services.entities import read_entity

app = typer.Typer(help="Look at one entity, value by value, with provenance.")


@app.command("show")
def show(
    entity_id: str = typer.Argument(help="The (canonical) id of the entity."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Show an entity: every value with its dataset, partner, legal basis and when it was seen."""
    with open_cli_store() as store:
        entity = read_entity(store, cli_actor(store, purpose, case), entity_id)
    out = console()
    out.print(f"[bold]{entity.caption}[/bold]  {entity.schema_}  id={entity.id}")
    table = Table(
        "property", "value", "dataset", "partner", "legal basis", "first seen", "last seen"
    )
    for value in sorted(entity.values, key=lambda v: (v.label, v.value, v.dataset)):
        table.add_row(
            value.label,
            value.value,
            value.dataset,
            value.partner,
            value.legal_basis,
            value.first_seen,
            value.last_seen,
        )
    out.print(table)
