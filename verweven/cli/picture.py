"""`verweven picture build|publish`: the regional undermining picture (ondermijningsbeeld).
Reads in bulk for purpose ondermijningsbeeld; `publish` writes only the protected tables."""

from pathlib import Path

import typer

from verweven.cli.common import PurposeOption, cli_actor, open_cli_store
from verweven.errors import UsageError
from verweven.picture import DisclosureRules, load_areas
from verweven.picture.build import Picture, PublishedTable, build_picture, publish
from verweven.reports.pdf import find_chromium, print_pdf
from verweven.reports.picture import write_municipality, write_picture

app = typer.Typer(help="The regional undermining picture (purpose ondermijningsbeeld).")

GeoOption = typer.Option(
    ..., "--geo", help="Folder with gemeenten.geojson, wijken.geojson and buurten.geojson "
    "(the CBS wijk- en buurtkaart, or a synthetic region's geo/ folder).",
)  # fmt: skip
NameOption = typer.Option("Regio", "--region-name", help="The region's name in the report.")
MinimumOption = typer.Option(10, "--minimum", min=1, help="Frequency rule: least count shown.")
RoundingOption = typer.Option(5, "--rounding", min=1, help="Counts round to multiples of this.")
DominanceOption = typer.Option(
    0.30, "--dominance", min=0.01, max=1.0,
    help="Dominance rule: the largest share one contribution may have of a sum of money.",
)  # fmt: skip


def register(main: typer.Typer) -> None:
    """Add the picture group to the main app."""
    main.add_typer(app, name="picture")


def _compute(
    geo: Path, region_name: str, purpose: str | None, rules: DisclosureRules
) -> tuple[Picture, list[PublishedTable]]:
    areas = load_areas(geo, region_name)
    with open_cli_store() as store:
        picture = build_picture(store, cli_actor(store, purpose), areas)
    return picture, publish(picture, rules)


@app.command("build")
def build(
    geo: Path = GeoOption,
    region_name: str = NameOption,
    minimum: int = MinimumOption,
    rounding: int = RoundingOption,
    dominance: float = DominanceOption,
    purpose: PurposeOption = None,
) -> None:
    """Count the picture and protect it, writing nothing: per indicator how many cells it has
    and how many the disclosure control hides (a dry run of `publish`)."""
    rules = DisclosureRules(minimum=minimum, rounding=rounding, dominance=dominance,
                            protection=minimum)  # fmt: skip
    picture, tables = _compute(geo, region_name, purpose, rules)
    areas = picture.areas
    typer.echo(
        f"{areas.region_name}: {len(areas.at('gemeente'))} gemeenten, "
        f"{len(areas.at('wijk'))} wijken, {len(areas.at('buurt'))} buurten"
    )
    for table in tables:
        reasons = list(table.counts.reasons.values())
        typer.echo(
            f"  {table.indicator.id:<20} {len(table.counts.published):>6} cellen, "
            f"{reasons.count('primair'):>5} primair en {reasons.count('secundair'):>5} "
            f"secundair geheim"
        )
    for what, count in sorted(picture.unplaced.items()):
        typer.echo(f"  niet in een buurt te plaatsen: {count} ({what})")
    typer.echo(f"beveiliging: {rules.describe()}")


@app.command("publish")
def publish_picture(
    out: Path = typer.Option(..., "--out", help="Folder for the HTML report and the CSV."),
    geo: Path = GeoOption,
    region_name: str = NameOption,
    pdf: bool = typer.Option(False, "--pdf", help="Also print the report to PDF (Chromium)."),
    per_gemeente: bool = typer.Option(
        False, "--per-gemeente", help="Also one report per gemeente (same protected tables)."
    ),
    minimum: int = MinimumOption,
    rounding: int = RoundingOption,
    dominance: float = DominanceOption,
    purpose: PurposeOption = None,
) -> None:
    """Write the published picture: ondermijningsbeeld.html (maps, tables, method) and
    ondermijningsbeeld.csv, protected against disclosure; with --pdf also the PDF."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder")
    if pdf:
        find_chromium()
    rules = DisclosureRules(minimum=minimum, rounding=rounding, dominance=dominance,
                            protection=minimum)  # fmt: skip
    picture, tables = _compute(geo, region_name, purpose, rules)
    pages = [write_picture(out, tables, picture.areas, rules)]
    if per_gemeente:
        pages += [
            write_municipality(out, tables, picture.areas, rules, area.code)
            for area in picture.areas.at("gemeente")
        ]
    for page in pages:
        typer.echo(f"report: {page}")
        if pdf:
            typer.echo(f"pdf: {print_pdf(page, page.with_suffix('.pdf'))}")
    typer.echo(f"tables: {out / 'ondermijningsbeeld.csv'}")
