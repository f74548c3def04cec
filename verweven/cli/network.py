"""`verweven network`: the network around an entity, paths, groups, brokers and exports.

Every command builds the network for its purpose (one audited read of the statements that
purpose may see), then analyses it in memory. ``verweven network ID`` is short for
``verweven network show ID`` (for an entity whose id is a command name, say ``show``).
"""

from enum import StrEnum
from pathlib import Path
from typing import Any

import igraph
import typer
from rich.table import Table
from typer.core import TyperGroup

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.graph import (
    EdgeFact,
    brokers,
    build_graph,
    centrality,
    communities,
    components,
    neighbourhood_graph,
    write_cypher,
    write_ftm,
    write_gexf,
)
from verweven.services import network as services


class ShowByDefault(TyperGroup):
    """A group where an argument that is no command name means ``show`` it."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Any: Typer may hand over its vendored click's context or click's own.
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "show", self.commands["show"], args
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=ShowByDefault,
    no_args_is_help=True,
    help="The network of entities and relationships: neighbourhoods, paths, groups, brokers, "
    "exports. `verweven network ID` is short for `verweven network show ID`.",
)


class ExportFormat(StrEnum):
    """What `network export` writes."""

    GEXF = "gexf"
    CYPHER = "cypher"
    FTM = "ftm"


def register(main: typer.Typer) -> None:
    """Add the network group to the main app."""
    main.add_typer(app, name="network")


def _network(purpose: str | None, case: str | None) -> igraph.Graph:
    with open_cli_store() as store:
        return build_graph(store, cli_actor(store, purpose, case))


def _evidence(edge: EdgeFact, ids: bool) -> str:
    return " ".join(edge.statements) if ids else str(len(edge.statements))


def _edge_table(edges: tuple[EdgeFact, ...], ids: bool) -> Table:
    table = Table("from", "relationship", "to", "detail", "period", "datasets", "statements")
    for edge in edges:
        period = f"{edge.start or '…'} – {edge.end or '…'}" if edge.start or edge.end else ""
        table.add_row(
            edge.source_caption,
            edge.label,
            edge.target_caption,
            edge.detail or "",
            period,
            ", ".join(edge.datasets),
            _evidence(edge, ids),
        )
    return table


@app.command("show")
def show(
    entity_id: str = typer.Argument(help="The (canonical) id of the entity at the centre."),
    hops: int = typer.Option(2, "--hops", min=0, max=6, help="How many steps out to look."),
    evidence: bool = typer.Option(False, "--evidence", help="List statement ids, not counts."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """The neighbourhood of an entity: everything within --hops steps, each tie with its sources."""
    with open_cli_store() as store:
        found = services.neighbourhood(store, cli_actor(store, purpose, case), entity_id, hops)
    out = console()
    center = found.center
    out.print(f"[bold]{center.caption}[/bold]  {center.schema}  id={center.id}")
    out.print(found.explanation)
    nodes = Table("distance", "entity", "schema", "id", "datasets")
    for distance, layer in enumerate(found.layers):
        for node in layer:
            shown = "(not visible)" if node.stub else ", ".join(node.datasets)
            nodes.add_row(str(distance), node.caption, node.schema, node.id, shown)
    out.print(nodes)
    out.print(_edge_table(found.edges, evidence))


@app.command("path")
def path(
    source_id: str = typer.Argument(help="Id of the entity the path starts at."),
    target_id: str = typer.Argument(help="Id of the entity the path ends at."),
    limit: int = typer.Option(5, "--limit", min=1, help="At most this many shortest paths."),
    evidence: bool = typer.Option(False, "--evidence", help="List statement ids, not counts."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """The shortest paths between two entities, each step with the facts that support it."""
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        found = services.paths(store, reader, source_id, target_id, limit)
    out = console()
    out.print(found.explanation)
    for number, route in enumerate(found.paths, start=1):
        out.print(f"[bold]path {number}[/bold]: " + " → ".join(n.caption for n in route.nodes))
        out.print(_edge_table(tuple(e for hop in route.hops for e in hop.edges), evidence))


@app.command("components")
def list_components(
    limit: int = typer.Option(10, "--limit", min=1, help="Show the largest this many."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Connected components, largest first."""
    found = components(_network(purpose, case))
    out = console()
    out.print(f"{len(found)} components; the largest {min(limit, len(found))}:")
    for group in found[:limit]:
        out.print(f"  {group.explanation}")


@app.command("communities")
def list_communities(
    limit: int = typer.Option(10, "--limit", min=1, help="Show the largest this many."),
    resolution: float = typer.Option(1.0, help="Higher: more, smaller communities."),
    seed: int = typer.Option(0, help="Seed of the Leiden algorithm (same seed, same result)."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Leiden communities, largest first."""
    found = communities(_network(purpose, case), resolution=resolution, seed=seed)
    out = console()
    out.print(found.explanation)
    for group in found.communities[:limit]:
        out.print(f"  {group.explanation}")


@app.command("centrality")
def show_centrality(
    limit: int = typer.Option(20, "--limit", min=1, help="Show the top this many."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """The most central entities by betweenness and by PageRank."""
    found = centrality(_network(purpose, case), limit=limit)
    out = console()
    out.print(found.explanation)
    for title, scores in (("betweenness", found.by_betweenness), ("PageRank", found.by_pagerank)):
        table = Table("rank", "entity", "schema", "id", title, "ties", title=title)
        for score in scores:
            node = score.node
            value = f"{score.score:.6g}"
            table.add_row(
                str(score.rank), node.caption, node.schema, node.id, value, str(score.degree)
            )
        out.print(table)


@app.command("brokers")
def list_brokers(
    limit: int = typer.Option(20, "--limit", min=1, help="Show at most this many."),
    seed: int = typer.Option(0, help="Seed of the Leiden communities."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Persons and organisations that tie otherwise separate communities (facilitators)."""
    found = brokers(_network(purpose, case), limit=limit, seed=seed)
    out = console()
    if not found:
        out.print("no brokers: no person or organisation ties separate communities")
    for broker in found:
        out.print(f"{broker.node.id}: {broker.explanation}")


@app.command("export")
def export(
    format: ExportFormat = typer.Option(..., "--format", help="gexf (Gephi), cypher (Neo4j), ftm."),
    out: Path = typer.Option(..., "--out", help="The file to write."),
    around: str | None = typer.Option(None, help="Only the neighbourhood of this entity."),
    hops: int = typer.Option(2, "--hops", min=0, max=6, help="Steps out, with --around."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
    force: ForceOption = False,
) -> None:
    """Write the network (or the neighbourhood of --around) as GEXF, Cypher or FtM lines."""
    check_output_file(out, force)  # before the network is built, not after
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        graph = build_graph(store, reader)
        if around is not None:
            graph = neighbourhood_graph(graph, around, hops)
        destination = str(out.resolve())
        if format is not ExportFormat.FTM:  # FtM lines are exported entity by entity below
            datasets = sorted({d for node in graph.vs for d in node["datasets"]})
            store.record_export(reader, destination, datasets, graph.vs["name"])
        with open_output(out, force) as handle:
            if format is ExportFormat.GEXF:
                write_gexf(graph, handle)
            elif format is ExportFormat.CYPHER:
                write_cypher(graph, handle)
            else:
                entities = write_ftm(graph, store, reader, handle, destination)
                typer.echo(f"wrote {entities} entities to {out}")
                return
    typer.echo(f"wrote {graph.vcount()} nodes and {graph.ecount()} edges to {out}")
