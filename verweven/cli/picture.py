"""`verweven picture build|publish|drill`: the regional undermining picture
(ondermijningsbeeld). `build` and `publish` read in bulk for purpose ondermijningsbeeld, and
`publish` writes only the protected tables; `drill` lists the records behind one number for a
purpose that may read them."""

from pathlib import Path

import typer

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, open_cli_store
from verweven.errors import UsageError
from verweven.picture.build import register_tables
from verweven.picture.facts import Granularity
from verweven.picture.register import (
    REGISTER_FILE,
    Earlier,
    exposed,
    load_register,
    record_publication,
)
from verweven.reports.pdf import find_chromium, print_pdf
from verweven.reports.picture import write_municipality, write_picture
from verweven.services.picture import (
    PublishedPicture,
    default_rules,
    drill,
    published_picture,
    region_areas,
)

app = typer.Typer(help="The regional undermining picture (purpose ondermijningsbeeld).")

GeoOption = typer.Option(
    None, "--geo", help="Folder with gemeenten.geojson, wijken.geojson and buurten.geojson "
    "(the CBS wijk- en buurtkaart, or a synthetic region's geo/ folder); default "
    "VERWEVEN_GEO_DIR.",
)  # fmt: skip
NameOption = typer.Option(
    None, "--region-name", help="The region's name in the report; default VERWEVEN_REGION_NAME."
)
PeriodOption = typer.Option(
    Granularity.JAAR, "--per", help="Count dated indicators per year (jaar) or quarter (kwartaal)."
)
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
    geo: Path | None,
    region_name: str | None,
    purpose: str | None,
    rules: tuple[int, int, float],
    granularity: Granularity,
    earlier: Earlier | None = None,
) -> PublishedPicture:
    areas = region_areas(geo, region_name)
    with open_cli_store() as store:
        actor = cli_actor(store, purpose)
        return published_picture(store, actor, areas, default_rules(*rules), granularity, earlier)


@app.command("build")
def build(
    geo: Path | None = GeoOption,
    region_name: str | None = NameOption,
    minimum: int = MinimumOption,
    rounding: int = RoundingOption,
    dominance: float = DominanceOption,
    granularity: Granularity = PeriodOption,
    purpose: PurposeOption = None,
) -> None:
    """Count the picture and protect it, writing nothing: per indicator how many cells it has
    and how many the disclosure control hides (a dry run of `publish`)."""
    result = _compute(geo, region_name, purpose, (minimum, rounding, dominance), granularity)
    picture, tables, rules = result.picture, result.tables, result.rules
    areas = picture.areas
    typer.echo(
        f"{areas.region_name}: {len(areas.at('gemeente'))} gemeenten, "
        f"{len(areas.at('wijk'))} wijken, {len(areas.at('buurt'))} buurten"
    )
    for table in tables:
        reasons = list(table.counts.reasons.values())
        typer.echo(
            f"  {table.indicator.id:<20} {len(table.counts.published):>6} cellen, "
            f"{reasons.count('primair'):>5} primair, {reasons.count('secundair'):>5} "
            f"secundair en {reasons.count('eerder geheim'):>5} eerder geheim"
        )
    for what, count in sorted(picture.unplaced.items()):
        typer.echo(f"  niet in een buurt te plaatsen: {count} ({what})")
    typer.echo(f"beveiliging: {rules.describe()}")


@app.command("publish")
def publish_picture(
    out: Path = typer.Option(..., "--out", help="Folder for the HTML report and the CSV."),
    geo: Path | None = GeoOption,
    region_name: str | None = NameOption,
    pdf: bool = typer.Option(False, "--pdf", help="Also print the report to PDF (Chromium)."),
    per_gemeente: bool = typer.Option(
        False, "--per-gemeente", help="Also one report per gemeente (same protected tables)."
    ),
    minimum: int = MinimumOption,
    rounding: int = RoundingOption,
    dominance: float = DominanceOption,
    granularity: Granularity = PeriodOption,
    purpose: PurposeOption = None,
    register_file: Path | None = typer.Option(
        None,
        "--register",
        help="The publication register: what earlier publications hid stays hidden, and "
        f"this one is added to it (default: {REGISTER_FILE} in --out).",
    ),
) -> None:
    """Write the published picture: ondermijningsbeeld.html (maps, tables, method) and
    ondermijningsbeeld.csv, protected against disclosure; with --pdf also the PDF. A cell an
    earlier publication (in the register) hid stays hidden."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder")
    if pdf:
        find_chromium()
    register_path = register_file or out / REGISTER_FILE
    earlier = load_register(register_path)
    result = _compute(
        geo, region_name, purpose, (minimum, rounding, dominance), granularity, earlier
    )
    picture, tables, rules = result.picture, result.tables, result.rules
    named = register_tables(tables)
    risky = exposed(named, earlier)
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
    number = record_publication(
        register_path, named, rules, granularity.value, result.computed_at, risky
    )
    typer.echo(f"publicatie {number} in het register: {register_path}")
    for cell in risky:
        typer.echo(
            f"let op: {cell.table} {cell.cell[0]} {cell.cell[1]} is nu kleiner dan "
            f"{rules.minimum} en stond in publicatie {cell.number} als {cell.value:g}; "
            "wie weet wat de late leveringen veranderden, kan het nieuwe aantal afleiden"
        )


@app.command("drill")
def drill_command(
    indicator: str = typer.Option(..., "--indicator", help="The indicator, e.g. hennepkwekerij."),
    area: str = typer.Option(..., "--area", help="The area's CBS code (GM, WK or BU) or regio."),
    period: str = typer.Option(
        "totaal", "--period", help="A year (2026), a quarter (2026-K1), totaal or stand."
    ),
    geo: Path | None = GeoOption,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """The records behind one number of the picture, as your purpose and case may see them
    (not for purpose ondermijningsbeeld, which shows aggregates only). Audited."""
    areas = region_areas(geo)
    granularity = Granularity.KWARTAAL if "-K" in period else Granularity.JAAR
    with open_cli_store() as store:
        behind = drill(store, cli_actor(store, purpose, case), areas, indicator, area, period,
                       granularity)  # fmt: skip
    typer.echo(f"{behind.indicator.title} · {behind.area.name} ({behind.area.code}) · {period}: "
               f"{len(behind.facts)} feiten zichtbaar voor uw doel")  # fmt: skip
    for fact in behind.facts:
        for record in fact.records:
            shown = f"{record.schema} {record.caption}" if record.visible else "niet zichtbaar"
            hits = ", ".join(h.signal_id for h in behind.hits.get(record.canonical_id, []))
            typer.echo(f"  {fact.buurt} {fact.period}  {record.canonical_id}  {shown}"
                       + (f"  [signalen: {hits}]" if hits else ""))  # fmt: skip
    if behind.unreadable:
        typer.echo(f"niet te lezen voor uw doel: {', '.join(behind.unreadable)}")
    if behind.undelivered:
        typer.echo(f"niet aangeleverd: {', '.join(behind.undelivered)}")
