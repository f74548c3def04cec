"""RIEC casework as the command line, the API and the web application all do it: open a
case, move it, name subjects, advise and report interventions, feed verdicts back to the
signals, read the case (file), monitor it, and the coordinator's overviews.

Each function is one or a few calls of the store (which authorises and audits every one) or of
``verweven.cases``; the actor names its case (``actor.case``) as the store requires."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from verweven.access import Action, Actor
from verweven.cases import (
    CaseFile,
    MonitoringReport,
    PhaseView,
    assess_barriers,
    gather_case_file,
    load_barrier_model,
    monitor_case,
)
from verweven.cases import advise as advise_instrument
from verweven.model import Case, CaseState, HitVerdict, InterventionStatus
from verweven.model.case import MOVES, HitFeedback, InterventionStep
from verweven.reports.case import case_html
from verweven.store import Store
from verweven.store.cases import ADVISING, ENDED, EXECUTING
from verweven.store.rows import utc_now


@dataclass(frozen=True)
class SignalFeedback:
    """How one signal's hits fared in casework (each hit's latest verdict)."""

    signal_id: str
    judged: int
    relevant: int
    verdicts: dict[str, int]

    @property
    def precision(self) -> float:
        return self.relevant / self.judged if self.judged else 0.0


@dataclass(frozen=True)
class Deadline:
    """A date the coordinator watches: the end of monitoring or a planned intervention."""

    when: date
    what: str
    """``monitoring`` or the planned instrument's id."""


@dataclass(frozen=True)
class OpenIntervention:
    """An intervention of a case that is neither executed nor declined."""

    case_ref: str
    case_title: str
    step: InterventionStep


@dataclass(frozen=True)
class NextSteps:
    """What the work process allows on a case now (the store refuses anything else)."""

    moves: tuple[CaseState, ...]
    advise: bool
    """Interventions may be advised (in interventieadvies)."""
    report: bool
    """Partners may report on interventions (in uitvoering and monitoring)."""
    monitored: bool
    ended: bool


def next_steps(case: Case) -> NextSteps:
    """The moves and records the work process allows on ``case`` in its state."""
    return NextSteps(
        moves=MOVES[case.state],
        advise=case.state in ADVISING,
        report=case.state in EXECUTING,
        monitored=case.state is CaseState.MONITORING,
        ended=case.state in ENDED,
    )


def open_case(
    store: Store,
    actor: Actor,
    title: str,
    typology: str,
    reason: str,
    evidence: Sequence[str] = (),
    monitor_until: date | None = None,
) -> Case:
    """Open the case the actor names, in state signaal, with the signal it starts from."""
    return store.open_case(actor, title, typology, reason, evidence, monitor_until)


def move_case(
    store: Store, actor: Actor, state: CaseState, reason: str, evidence: Sequence[str] = ()
) -> Case:
    """Move the case along the work process (an illegal move is refused, naming the legal)."""
    return store.move_case(actor, state, reason, evidence)


def add_subject(store: Store, actor: Actor, entity_id: str, reason: str) -> Case:
    """Make an entity the actor may read a subject of the case."""
    return store.add_case_subject(actor, entity_id, reason)


def advise(
    store: Store,
    actor: Actor,
    instrument: str,
    barrier: str,
    reason: str,
    partner: str | None = None,
) -> InterventionStep:
    """Add an instrument of the ladder to the advice, against a barrier it raises."""
    return advise_instrument(store, actor, instrument, barrier, reason, partner)


def report(
    store: Store,
    actor: Actor,
    intervention_id: str,
    status: InterventionStatus,
    reason: str,
    planned_for: date | None = None,
) -> InterventionStep:
    """A partner's report on an intervention: aanvaard, gepland, uitgevoerd or afgewezen."""
    return store.report_intervention(actor, intervention_id, status, reason, planned_for)


def give_feedback(
    store: Store, actor: Actor, hit_id: str, verdict: HitVerdict, reason: str
) -> HitFeedback:
    """Record what casework concluded about a signal hit on a subject of the case."""
    return store.record_hit_feedback(actor, hit_id, verdict, reason)


def read_case(store: Store, actor: Actor) -> Case:
    """The actor's case: state, decisions, subjects, interventions (an audited read)."""
    return store.get_case(actor)


def list_cases(store: Store, actor: Actor) -> list[Case]:
    """Every case with its state and dates, without subjects (the coordinator's overview)."""
    return store.list_cases(actor)


def deadlines(case: Case) -> list[Deadline]:
    """The case's dates to watch, soonest first: the end of monitoring (unless the case has
    ended) and the planned date of every intervention still to be carried out."""
    if case.state in ENDED:
        return []
    found = [Deadline(case.monitor_until, "monitoring")] if case.monitor_until else []
    found += [
        Deadline(step.planned_for, step.instrument)
        for step in case.current_interventions().values()
        if step.status is InterventionStatus.PLANNED and step.planned_for
    ]
    return sorted(found, key=lambda d: (d.when, d.what))


def open_interventions(store: Store, actor: Actor) -> dict[str, list[OpenIntervention]]:
    """The board: per partner, the interventions of open cases that still wait for it
    (advised, accepted or planned), soonest planned first."""
    board: dict[str, list[OpenIntervention]] = {}
    for case in store.list_cases(actor):
        if case.state in ENDED:
            continue
        for step in case.current_interventions().values():
            if step.status not in (InterventionStatus.EXECUTED, InterventionStatus.DECLINED):
                board.setdefault(step.partner, []).append(
                    OpenIntervention(case.ref, case.title, step)
                )
    return {
        partner: sorted(
            waiting, key=lambda o: (o.step.planned_for or date.max, o.case_ref, o.step.instrument)
        )
        for partner, waiting in sorted(board.items())
    }


def feedback_summary(store: Store, actor: Actor) -> list[SignalFeedback]:
    """Per signal: how many of its judged hits casework found relevant."""
    summary = []
    for signal_id, verdicts in store.signal_feedback(actor).items():
        judged = sum(verdicts.values())
        relevant = judged - verdicts.get(HitVerdict.NOT_RELEVANT.value, 0)
        summary.append(SignalFeedback(signal_id, judged, relevant, dict(verdicts)))
    return summary


def barriers(store: Store, actor: Actor) -> list[PhaseView]:
    """Per phase of the case's typology: the signal hits on its subjects that cover it and
    each barrier's state (open, advised, raised)."""
    case = store.get_case(actor)
    hits = store.list_signal_hits(actor, list(case.subjects)) if case.subjects else []
    return assess_barriers(case, hits, load_barrier_model())


def read_case_file(store: Store, actor: Actor) -> CaseFile:
    """The case with its subjects' facts, hits and the barrier model, read on screen (each
    read audited; nothing leaves verweven). Without the network picture: the page must not
    build the reader's whole network on every view (the case file draws it)."""
    return gather_case_file(store, actor, with_network=False)


def export_case_file(store: Store, actor: Actor, destination: str) -> str:
    """The case file as HTML, for ``destination`` (a file, or an HTTP client): an export of
    the case's facts, allowed and audited as one before it is written. Facts from deliveries
    the actor may not take out of verweven are left out of it, and counted in it."""
    model = load_barrier_model()
    gathered = gather_case_file(store, actor, model).for_export(
        store.permitted_datasets(actor, Action.EXPORT), model
    )
    store.record_export(
        actor, destination, sorted(gathered.legal_bases), list(gathered.case.subjects)
    )
    return case_html(gathered, actor.name, utc_now())


def monitor(store: Store, actor: Actor, today: date | None = None) -> MonitoringReport:
    """What changed around the case's subjects since monitoring began."""
    return monitor_case(store, actor, today)
