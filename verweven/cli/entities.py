"""`verweven entity`: one entity with the source and legal basis of every value."""

import typer
from rich.table import Table

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store

app = typer.Typer(help="Look at one entity, value by value, with provenance.")


@app.command("show")
def show(
    entity_id: str = typer.Argument(help="The (canonical) id of the entity."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Show an entity: every value with its dataset, partner, legal basis and when it was seen."""
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        entity = store.get_entity(reader, entity_id)
        datasets = {ds.name: ds for ds in store.list_datasets(reader)}
    out = console()
    out.print(f"[bold]{entity.caption}[/bold]  {entity.schema.name}  id={entity.id}")
    table = Table(
        "property", "value", "dataset", "partner", "legal basis", "first seen", "last seen"
    )
    for prop in sorted(entity.iterprops(), key=lambda p: p.name):
        for stmt in sorted(entity.get_statements(prop), key=lambda s: (s.value, s.dataset)):
            ds = datasets[stmt.dataset]
            table.add_row(
                prop.label,
                stmt.value,
                stmt.dataset,
                ds.partner,
                ds.legal_basis.article,
                stmt.first_seen,
                stmt.last_seen,
            )
    out.print(table)
