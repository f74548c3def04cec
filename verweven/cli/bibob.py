"""`verweven bibob …`: Bibob files and the screening of their applicants under the Wet Bibob —
open a file (`new`), record its dates (`date`) and the LBB's art. 11a answers (`lbb`), screen
the applicant (`screen`), write the findings report (`report`), record the decision
(`decide`), and see a file (`show`) or all files (`list`). Acts for purpose bibob and the Bibob
file's reference (--case)."""

import tempfile
from datetime import date
from pathlib import Path

import typer

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, open_cli_store
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.errors import UsageError
from verweven.model.bibob import BibobFile, DateKind, Instrument, Outcome
from verweven.reports.pdf import find_chromium, print_pdf
from verweven.screening import BibobClock, Deadlines
from verweven.services import bibob as files
from verweven.services import screening as services
from verweven.services.screening import ScreeningResult

app = typer.Typer(help="Bibob files and the screening of their applicants (purpose bibob).")
Out = typer.Option(None, "--out", help="Write the findings report: .html, or .pdf (Chromium).")


def register(main: typer.Typer) -> None:
    """Add the bibob group to the main app."""
    main.add_typer(app, name="bibob")


@app.command("new")
def new(
    applicant: str = typer.Argument(help="The applicant: its id, record id or KvK number."),
    authority: str = typer.Option(..., "--authority", help="The administrative body."),
    instrument: Instrument = typer.Option(..., "--instrument", help="What is applied for."),
    subject: str = typer.Option(
        ..., "--subject", help="Which: the permit type, the subsidy, the tender, the property."
    ),
    received: str = typer.Option(
        ..., "--received", help="The day the complete application was received (YYYY-MM-DD)."
    ),
    questionnaire: str = typer.Option("", "--questionnaire", help="The questionnaire's ref."),
    decision_weeks: int = typer.Option(8, "--decision-weeks", help="The decision period."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Open the Bibob file named by --case for an applicant."""
    request = files.FileRequest(
        authority, instrument, subject, applicant, _day(received, "--received"), questionnaire,
        decision_weeks,
    )  # fmt: skip
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        opened = files.open_file(store, actor, request)
    _print_file(opened, files.deadlines_of(opened))


@app.command("date")
def record_date(
    kind: DateKind = typer.Argument(help="Which day: the LBB asked, extended, answered, …"),
    day: str = typer.Argument(help="The day (YYYY-MM-DD)."),
    reason: str = typer.Option(..., "--reason", help="Why (a later record corrects one)."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Record a day that starts or stops a clock of the file."""
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        updated = files.record_date(store, actor, kind, _day(day, "DAY"), reason)
    _print_file(updated, files.deadlines_of(updated))


@app.command("lbb")
def lbb(
    subject: str = typer.Argument(help="Whom the art. 11a question was about (id or KvK)."),
    hit: bool = typer.Option(..., "--hit/--no-hit", help="Known to the LBB, or not."),
    asked: str = typer.Option(..., "--asked", help="The day the LBB was asked."),
    answered: str = typer.Option(..., "--answered", help="The day it answered."),
    reference: str = typer.Option("", "--reference", help="The LBB's reference."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Record the LBB's answer to the art. 11a question: did it advise on this person or
    company in the last two years (a hit), or not."""
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        answer = files.record_lbb_answer(
            store, actor, subject, hit, _day(asked, "--asked"), _day(answered, "--answered"),
            reference,
        )  # fmt: skip
    typer.echo(f"art. 11a {answer.entity_id}: {'hit' if answer.hit else 'geen hit'}")


@app.command("decide")
def decide(
    outcome: Outcome = typer.Argument(help="The decision."),
    reasons: str = typer.Option(..., "--reasons", help="The reasons: what was weighed."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Record the decision on the file with its reasons (appended and audited)."""
    with open_cli_store() as store:
        decision = files.decide(store, cli_actor(store, purpose, case), outcome, reasons)
    typer.echo(f"{decision.file_ref}: {decision.outcome.value} ({decision.decided_by})")


@app.command("show")
def show(purpose: PurposeOption = None, case: CaseOption = None) -> None:
    """The file: its request, dates, deadlines, the LBB's answers and the decisions."""
    with open_cli_store() as store:
        overview = files.get_file(store, cli_actor(store, purpose, case))
    _print_file(overview.file, overview.deadlines)
    for answer in overview.file.lbb_answers:
        said = "hit" if answer.hit else "geen hit"
        typer.echo(f"  art. 11a {answer.entity_id}: {said} ({answer.answered_on:%d-%m-%Y})")
    for decision in overview.file.decisions:
        typer.echo(f"  besluit {decision.outcome.value} ({decision.decided_at:%d-%m-%Y}): "
                   f"{decision.reasons}")  # fmt: skip


@app.command("list")
def list_(purpose: PurposeOption = None, case: CaseOption = None) -> None:
    """Every Bibob file with its decision period, nearest first."""
    with open_cli_store() as store:
        overviews = files.list_files(store, cli_actor(store, purpose, case))
    for o in overviews:
        due = f"{o.deadlines.decision_due:%d-%m-%Y}" if o.deadlines else "-"
        outcome = o.file.outcome.value if o.file.outcome else "open"
        typer.echo(f"{o.file.ref:<16} {due:<11} {outcome:<28} {o.file.subject}")


@app.command("screen")
def screen(
    applicant: str | None = typer.Argument(
        None, help="Without a file: the applicant's id, record id or KvK number."
    ),
    out: Path | None = Out,
    received: str | None = typer.Option(
        None, "--received", help="Without a file: the day the application was received."
    ),
    questionnaire: str = typer.Option(
        "", "--questionnaire", help="Without a file: the reference of the applicant's answers."
    ),
    decision_weeks: int = typer.Option(8, "--decision-weeks", help="The decision period."),
    lbb_requested: str | None = typer.Option(None, "--lbb-requested", help="LBB advice asked."),
    lbb_extended: bool = typer.Option(False, "--lbb-extended", help="The LBB took 4 more weeks."),
    lbb_received: str | None = typer.Option(None, "--lbb-received", help="LBB advice received."),
    force: ForceOption = False,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Screen the file's applicant (or, without a file, the one named): its leidinggevenden,
    who has zeggenschap, its vermogensverschaffers and zakelijke relaties (art. 3 lid 4 Wet
    Bibob) with the paths that prove them, what it did not declare, the facts about each —
    with the deadlines from the file's dates (or the dates given)."""
    _check_out(out, force)
    if applicant is None and any(
        (received, lbb_requested, lbb_received, lbb_extended, questionnaire)
    ):
        raise UsageError(
            "a file's screening counts from the days recorded on it: record one with "
            "`verweven bibob date` (its questionnaire is the one it was opened with), or name "
            "an applicant to screen without a file"
        )
    clock = None
    if applicant is not None and (received_on := _optional(received, "--received")):
        clock = BibobClock(
            received_on, decision_weeks, _optional(lbb_requested, "--lbb-requested"),
            lbb_extended, _optional(lbb_received, "--lbb-received"),
        )  # fmt: skip
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        if applicant is None:
            screened = files.screen_file(store, actor)
        else:
            screened = services.screen(store, actor, applicant, clock, questionnaire=questionnaire)
        report = services.write_report(store, actor, screened, str(out.resolve())) if out else None
    _print_screening(screened)
    if out is not None and report is not None:
        _write(out, report.html, force)
        typer.echo(f"wrote {out}")
        for dataset, count in report.withheld.items():
            typer.echo(f"  not in the file: {count} facts from {dataset} (may not leave verweven)")


@app.command("report")
def report(
    out: Path = typer.Option(..., "--out", help="The report: .html, or .pdf (Chromium)."),
    force: ForceOption = False,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Write the findings report of the file: the request, the screening of its applicant with
    the network picture of the circle, the deadlines, the LBB's answers and the decisions."""
    _check_out(out, force)
    with open_cli_store() as store:
        actor = cli_actor(store, purpose, case)
        written = services.write_report(
            store, actor, files.screen_file(store, actor), str(out.resolve())
        )
    _write(out, written.html, force)
    typer.echo(f"wrote {out}")
    for dataset, count in written.withheld.items():
        typer.echo(f"  not in the file: {count} facts from {dataset} (may not leave verweven)")


def _print_file(file: BibobFile, deadlines: Deadlines | None) -> None:
    outcome = file.outcome.value if file.outcome else "open"
    typer.echo(f"{file.ref}: {file.instrument.value} {file.subject} ({file.authority}) — {outcome}")
    typer.echo(f"  aanvrager: {file.current_applicant or file.applicant}")
    if file.applicant_moved:
        typer.echo(
            f"  kenmerk gewijzigd: {file.applicant} is samengevoegd tot {file.current_applicant}"
        )
    elif file.current_applicant is None:
        typer.echo(f"  aanvrager {file.applicant} verwijderd (bewaartermijn van de leveringen)")
    if deadlines is not None:
        _print_deadlines(deadlines)


def _print_deadlines(deadlines: Deadlines) -> None:
    typer.echo(f"  beslistermijn: {deadlines.decision_due:%d-%m-%Y}")
    if deadlines.lbb_due is not None:
        typer.echo(f"  adviestermijn LBB: {deadlines.lbb_due:%d-%m-%Y}")
    for warning in deadlines.warnings:
        typer.echo(f"  let op: {warning}")


def _print_screening(screened: ScreeningResult) -> None:
    result, file = screened.screening, screened.file
    typer.echo(f"{result.applicant.caption}: {result.indication}")
    if file is not None and file.applicant_moved:
        typer.echo(f"  kenmerk gewijzigd: {file.applicant} is nu {file.current_applicant}")
    paths: dict[tuple[str, str], int] = {}
    for relation in result.circle:
        key = (relation.category.value, relation.member.caption)
        paths[key] = paths.get(key, 0) + 1
    for (category, caption), count in paths.items():
        typer.echo(f"  {category:<20} {caption}" + (f" ({count} paths)" if count > 1 else ""))
    if not result.questionnaire.delivered:
        named = result.questionnaire.reference
        said = f"geen vragenformulier {named} geleverd" if named else "geen vragenformulier"
        typer.echo(f"  {said}")
    for finding in result.undeclared:
        typer.echo(f"  niet opgegeven: {finding.caption} ({finding.category.value})")
    if screened.deadlines is not None:
        _print_deadlines(screened.deadlines)


def _check_out(out: Path | None, force: bool) -> None:
    if out is not None:
        check_output_file(out, force)
        if out.suffix.lower() == ".pdf":
            find_chromium()


def _write(out: Path, html: str, force: bool) -> None:
    if out.suffix.lower() != ".pdf":
        with open_output(out, force) as handle:
            handle.write(html)
        return
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as folder:
        page = Path(folder) / "bibob.html"
        page.write_text(html, encoding="utf-8")
        print_pdf(page, Path(folder) / "bibob.pdf").replace(out)


def _optional(text: str | None, option: str) -> date | None:
    return _day(text, option) if text else None


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} must be a date like 2026-10-01, got {text!r}") from None
