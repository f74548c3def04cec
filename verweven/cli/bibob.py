"""`verweven bibob …`: screening a permit applicant under the Wet Bibob — its circle, the
questionnaire against the registers, the facts with their sources, the deadlines — and the
findings report. Acts for purpose bibob and the Bibob file's reference (--case)."""

import tempfile
from datetime import date
from pathlib import Path

import typer

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, open_cli_store
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.errors import UsageError
from verweven.reports.pdf import find_chromium, print_pdf
from verweven.screening import BibobClock
from verweven.services import screening as services

app = typer.Typer(help="Bibob screening of permit applicants (purpose bibob).")


def register(main: typer.Typer) -> None:
    """Add the bibob group to the main app."""
    main.add_typer(app, name="bibob")


@app.command("screen")
def screen(
    applicant: str = typer.Argument(help="The applicant: its id, record id or KvK number."),
    out: Path | None = typer.Option(
        None, "--out", help="Write the findings report: .html, or .pdf (printed by Chromium)."
    ),
    received: str | None = typer.Option(
        None, "--received", help="The day the application was received (YYYY-MM-DD)."
    ),
    decision_weeks: int = typer.Option(8, "--decision-weeks", help="The decision period."),
    lbb_requested: str | None = typer.Option(None, "--lbb-requested", help="LBB advice asked."),
    lbb_extended: bool = typer.Option(False, "--lbb-extended", help="The LBB took 4 more weeks."),
    lbb_received: str | None = typer.Option(None, "--lbb-received", help="LBB advice received."),
    force: ForceOption = False,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Screen an applicant: its leidinggevenden, who has zeggenschap, its vermogensverschaffers
    and zakelijke relaties (art. 3 lid 4 Wet Bibob) with the paths that prove them, what the
    applicant did not declare, and the facts about each — with the deadlines of the file."""
    if out is not None:
        check_output_file(out, force)
        if out.suffix.lower() == ".pdf":
            find_chromium()
    clock = None
    received_on = _date(received, "--received")
    if received_on is not None:
        clock = BibobClock(
            received_on, decision_weeks, _date(lbb_requested, "--lbb-requested"), lbb_extended,
            _date(lbb_received, "--lbb-received"),
        )  # fmt: skip
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        screened = services.screen(store, actor, applicant, clock)
        if out is not None:
            report = services.write_report(store, actor, screened, str(out.resolve()))
    result, deadlines = screened.screening, screened.deadlines
    typer.echo(f"{result.applicant.caption}: {result.indication}")
    paths: dict[tuple[str, str], int] = {}
    for relation in result.circle:
        key = (relation.category.value, relation.member.caption)
        paths[key] = paths.get(key, 0) + 1
    for (category, caption), count in paths.items():
        typer.echo(f"  {category:<20} {caption}" + (f" ({count} paths)" if count > 1 else ""))
    for finding in result.undeclared:
        typer.echo(f"  niet opgegeven: {finding.caption} ({finding.category.value})")
    if deadlines is not None:
        typer.echo(f"  beslistermijn: {deadlines.decision_due:%d-%m-%Y}")
        for warning in deadlines.warnings:
            typer.echo(f"  let op: {warning}")
    if out is not None:
        _write(out, report.html, force)
        typer.echo(f"wrote {out}")
        for dataset, count in report.withheld.items():
            typer.echo(f"  not in the file: {count} facts from {dataset} (may not leave verweven)")


def _write(out: Path, html: str, force: bool) -> None:
    if out.suffix.lower() != ".pdf":
        with open_output(out, force) as handle:
            handle.write(html)
        return
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as folder:
        page = Path(folder) / "bibob.html"
        page.write_text(html, encoding="utf-8")
        print_pdf(page, Path(folder) / "bibob.pdf").replace(out)


def _date(text: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise UsageError(f"{option} must be a date like 2026-10-01, got {text!r}") from None
