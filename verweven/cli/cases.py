"""`verweven case …`: the RIEC's integral cases — open, move through the work process, name
subjects, advise and carry out interventions, feed outcomes back to the signals, and write the
case file. Every command acts for purpose riec_casus and names its case (--case)."""

import tempfile
from datetime import date
from pathlib import Path

import typer

from verweven.cases import load_barrier_model
from verweven.cli.common import CaseOption, PurposeOption, cli_actor, open_cli_store
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.errors import UsageError
from verweven.model import Case, CaseState, HitVerdict, InterventionStatus
from verweven.reports.pdf import find_chromium, print_pdf
from verweven.services import cases as services
from verweven.services.case_demo import run_case_demo
from verweven.settings import get_settings

app = typer.Typer(
    help="Integral cases of the RIEC (purpose riec_casus): the work process from signal to "
    "monitoring, the barrier model and the intervention ladder."
)

Reason = typer.Option(..., "--reason", help="Why: what was weighed, in a sentence or two.")
Evidence = typer.Option(
    [], "--evidence", help="What the decision rests on: signal hit, hit/no-hit or statement ids."
)


def register(main: typer.Typer) -> None:
    """Add the case group to the main app."""
    main.add_typer(app, name="case")


@app.command("open")
def open_(
    title: str = typer.Option(..., "--title", help="A short name for the case."),
    typology: str = typer.Option(
        ..., "--typology", help="The typology it concerns (see `verweven case model`)."
    ),
    reason: str = Reason,
    evidence: list[str] = Evidence,
    monitor_until: str | None = typer.Option(
        None, "--monitor-until", help="The end of the monitoring period (YYYY-MM-DD)."
    ),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Open the case named by --case in state signaal, with the signal it starts from."""
    with open_cli_store() as store:
        opened = services.open_case(
            store, cli_actor(store, purpose, case), title, typology, reason, evidence,
            _date(monitor_until, "--monitor-until"),
        )  # fmt: skip
    _print_case(opened)


@app.command("move")
def move(
    state: CaseState = typer.Argument(help="The state to move to."),
    reason: str = Reason,
    evidence: list[str] = Evidence,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Move the case along the work process: signaal → weging → hit_no_hit → casusoverleg →
    interventieadvies → uitvoering → monitoring → afgesloten (or afgewezen, until the advice)."""
    with open_cli_store() as store:
        moved = services.move_case(store, cli_actor(store, purpose, case), state, reason, evidence)
    _print_case(moved)


@app.command("subject")
def subject(
    entity_id: str = typer.Argument(help="The resolved entity (canonical id) the case is about."),
    reason: str = Reason,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Make an entity you may read a subject of the case."""
    with open_cli_store() as store:
        changed = services.add_subject(store, cli_actor(store, purpose, case), entity_id, reason)
    typer.echo(f"case {changed.ref}: {len(changed.subjects)} subjects")


@app.command("advise")
def advise(
    instrument: str = typer.Argument(help="An instrument of the ladder (`verweven case model`)."),
    barrier: str = typer.Option(..., "--barrier", help="The barrier it raises."),
    reason: str = Reason,
    partner: str | None = typer.Option(
        None, "--partner", help="The partner that carries it out (default: the instrument's owner)."
    ),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Add an intervention to the case's integral advice (state interventieadvies)."""
    with open_cli_store() as store:
        step = services.advise(
            store, cli_actor(store, purpose, case), instrument, barrier, reason, partner
        )
    typer.echo(f"intervention {step.intervention_id}: {step.instrument} by {step.partner}")


@app.command("report")
def report(
    intervention_id: str = typer.Argument(help="The intervention (see `verweven case show`)."),
    status: InterventionStatus = typer.Argument(help="What happened to it."),
    reason: str = Reason,
    planned_for: str | None = typer.Option(
        None, "--planned-for", help="The date it is planned for (YYYY-MM-DD), when planned."
    ),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """A partner's report on an intervention: aanvaard, gepland, uitgevoerd or afgewezen."""
    with open_cli_store() as store:
        step = services.report(
            store, cli_actor(store, purpose, case), intervention_id, status, reason,
            _date(planned_for, "--planned-for"),
        )  # fmt: skip
    typer.echo(f"intervention {step.intervention_id}: {step.status.value}")


@app.command("feedback")
def feedback(
    hit_id: str = typer.Argument(help="A recorded signal hit on a subject of the case."),
    verdict: HitVerdict = typer.Argument(help="What casework concluded about it."),
    reason: str = Reason,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Feed the case's outcome back to the signal that raised the hit."""
    with open_cli_store() as store:
        given = services.give_feedback(
            store, cli_actor(store, purpose, case), hit_id, verdict, reason
        )
    typer.echo(f"{given.signal_id}: hit {given.hit_id} {given.verdict.value}")


@app.command("show")
def show(purpose: PurposeOption = None, case: CaseOption = None) -> None:
    """The case: its state, decisions, subjects and interventions."""
    with open_cli_store() as store:
        found = services.read_case(store, cli_actor(store, purpose, case))
    _print_case(found, full=True)


@app.command("list")
def list_(purpose: PurposeOption = None) -> None:
    """Every case with its state and dates (the coordinator's overview; no subjects)."""
    with open_cli_store() as store:
        cases = services.list_cases(store, cli_actor(store, purpose))
    for found in cases:
        until = f", monitoring until {found.monitor_until}" if found.monitor_until else ""
        typer.echo(
            f"{found.ref}  {found.state.value:<17} {found.title} "
            f"(opened {found.opened_at:%Y-%m-%d}{until})"
        )
    if not cases:
        typer.echo("no cases")


@app.command("feedback-summary")
def feedback_summary(purpose: PurposeOption = None) -> None:
    """Per signal: how its hits fared in casework (the precision observed in practice)."""
    with open_cli_store() as store:
        summary = services.feedback_summary(store, cli_actor(store, purpose))
    for signal in summary:
        typer.echo(
            f"{signal.signal_id}: {signal.relevant} of {signal.judged} hits relevant "
            f"({signal.precision:.0%})"
        )
    if not summary:
        typer.echo("no feedback from casework yet")


@app.command("file")
def file(
    out: Path = typer.Option(..., "--out", help="The file to write: .html, or .pdf to print it."),
    force: ForceOption = False,
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """The case file for the case meeting: decisions, facts with source and legal basis,
    signals, the barrier model and the advice — as HTML, or as PDF (printed by Chromium) when
    --out ends in .pdf. Writing it is an export of the case's facts, audited as one."""
    check_output_file(out, force)
    as_pdf = out.suffix.lower() == ".pdf"
    if as_pdf:
        find_chromium()  # before any work: a clear error when it is missing
    with open_cli_store() as store:
        text = services.export_case_file(store, cli_actor(store, purpose, case), str(out.resolve()))
    if as_pdf:
        # Printed beside --out and moved into place whole: never a half-written PDF.
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as folder:
            page = Path(folder) / "casusdossier.html"
            page.write_text(text, encoding="utf-8")
            print_pdf(page, Path(folder) / "casusdossier.pdf").replace(out)
    else:
        with open_output(out, force) as handle:
            handle.write(text)
    typer.echo(f"wrote {out}")


@app.command("monitor")
def monitor(purpose: PurposeOption = None, case: CaseOption = None) -> None:
    """What changed around the case's subjects since monitoring began: new facts, new signal
    hits, and displacement (a new address, company or vehicle), with a reminder before the
    monitoring period ends."""
    with open_cli_store() as store:
        report = services.monitor(store, cli_actor(store, purpose, case))
    typer.echo(f"case {report.case_ref}: monitoring since {report.since:%Y-%m-%d %H:%M}")
    for subject_id, statements in report.new_facts.items():
        typer.echo(f"  {subject_id}: {len(statements)} new facts")
    for hit in report.new_hits:
        typer.echo(f"  new hit {hit.signal_id} on {hit.entity_id}: {hit.sentence}")
    for moved in report.displacements:
        typer.echo(
            f"  displacement: {moved.subject} -> {moved.other} via {moved.via} "
            f"({moved.dataset}, first seen {moved.first_seen[:10]})"
        )
    if not (report.new_facts or report.new_hits or report.displacements):
        typer.echo("  nothing new around the subjects")
    if report.reminder:
        typer.echo(f"  reminder: {report.reminder}")


@app.command("demo")
def demo(
    out: Path | None = typer.Option(
        None, "--out", help="A new folder for it (default: VERWEVEN_OUT_DIR/case-demo)."
    ),
    persons: int = typer.Option(5_000, min=1_000, help="Size of the synthetic region."),
    seed: int = typer.Option(2026, help="Seed of the synthetic region."),
    per_typology: int = typer.Option(
        3, "--per-typology", min=1, help="Cases opened per planted typology (strongest hits)."
    ),
) -> None:
    """The work process scripted on a synthetic region: cases from the strongest signal hits,
    hit/no-hit, advice, execution, monitoring; then the next period's deliveries, and what
    monitoring catches of the planted displacement (and how many other changes it reports)."""
    folder = out or get_settings().out_dir / "case-demo"
    figures = run_case_demo(folder, persons, seed, per_typology, say=typer.echo)
    typer.echo(
        f"{figures.cases} cases, {figures.subjects} subjects, {figures.hit_questions} hit/no-hit "
        f"questions ({figures.partner_hits} partner hits), {figures.interventions} interventions "
        f"advised, {figures.executed} executed"
    )
    typer.echo(
        f"planted displacements: {figures.planted}, of which {figures.planted_in_cases} of a "
        f"case subject; caught by monitoring: {figures.caught}; other changes reported (false "
        f"alarms): {figures.false_alarms}"
    )
    typer.echo(f"store: {folder / 'verweven.duckdb'}")


@app.command("model")
def model() -> None:
    """The barrier model (phases, barriers and their owners) and the intervention ladder."""
    loaded = load_barrier_model()
    for phase, title in loaded.phases.items():
        typer.echo(f"{phase}: {title}")
        for barrier in loaded.barriers_in(phase):
            typer.echo(f"  {barrier.id} ({barrier.owner}): {', '.join(barrier.instruments)}")
    typer.echo("ladder:")
    for instrument in sorted(loaded.instruments.values(), key=lambda i: (i.rung, i.id)):
        typer.echo(f"  {instrument.rung} {instrument.id} ({instrument.owner}): {instrument.title}")


def _date(text: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise UsageError(f"{option} must be a date like 2027-06-30, got {text!r}") from None


def _print_case(case: Case, full: bool = False) -> None:
    typer.echo(f"case {case.ref}: {case.title} — {case.state.value}")
    if not full:
        return
    for decision in case.decisions:
        source = decision.from_state.value if decision.from_state else "nieuw"
        typer.echo(
            f"  {decision.decided_at:%Y-%m-%d %H:%M} {source} -> {decision.to_state.value} "
            f"({decision.decided_by}): {decision.reason}"
        )
    for subject_id in case.subjects:
        typer.echo(f"  subject {subject_id}")
    for step in case.current_interventions().values():
        typer.echo(
            f"  intervention {step.intervention_id} {step.instrument} ({step.partner}, "
            f"{step.barrier}): {step.status.value}"
        )
