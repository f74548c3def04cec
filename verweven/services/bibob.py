"""Bibob files as the command line, the API and the web application all keep them: open a
file for an applicant, record its dates and the LBB's answers to the art. 11a question, screen
the applicant with the file's dates as the clock, write the report, record the decision, and
the officer's list of files with their deadlines.

The file's reference is the actor's case (``actor.case``), as the store requires; the store
authorises and audits every call."""

from dataclasses import dataclass
from datetime import date

from verweven.access import Actor
from verweven.errors import NotFoundError
from verweven.model.bibob import (
    BibobDecision,
    BibobFile,
    DateKind,
    Instrument,
    LbbAnswer,
    Outcome,
)
from verweven.screening import BibobClock, Deadlines, compute_deadlines, find_applicant
from verweven.services.screening import ScreeningResult, check_purpose, screen
from verweven.store import Store


@dataclass(frozen=True)
class FileRequest:
    """What an officer gives to open a file."""

    authority: str
    instrument: Instrument
    subject: str
    applicant: str  # canonical id, record id or KvK number
    received: date
    questionnaire: str = ""
    decision_weeks: int = 8


@dataclass(frozen=True)
class FileOverview:
    """A file in the officer's list: the request, its deadlines on the day, its decision."""

    file: BibobFile
    deadlines: Deadlines | None


def clock_of(file: BibobFile) -> BibobClock | None:
    """The file's dates as the clock of its deadlines (none before a day of receipt)."""
    received = file.latest(DateKind.ONTVANGEN)
    if received is None:
        return None
    return BibobClock(
        received, file.decision_weeks, file.latest(DateKind.LBB_GEVRAAGD),
        file.latest(DateKind.LBB_VERLENGD) is not None, file.latest(DateKind.LBB_ONTVANGEN),
        tuple(file.questions()),
    )  # fmt: skip


def deadlines_of(file: BibobFile, today: date | None = None) -> Deadlines | None:
    clock = clock_of(file)
    return compute_deadlines(clock, today or date.today()) if clock else None


def open_file(store: Store, actor: Actor, request: FileRequest) -> BibobFile:
    """Open the actor's file for the applicant (found as the screening finds it)."""
    check_purpose(actor)
    applicant = find_applicant(store, actor, request.applicant)
    return store.open_bibob_file(
        actor, request.authority, request.instrument, request.subject, applicant,
        request.received, request.questionnaire, request.decision_weeks,
    )  # fmt: skip


def record_date(store: Store, actor: Actor, kind: DateKind, day: date, reason: str) -> BibobFile:
    return store.record_bibob_date(actor, kind, day, reason)


def record_lbb_answer(
    store: Store,
    actor: Actor,
    subject: str,
    hit: bool,
    asked_on: date,
    answered_on: date,
    reference: str = "",
) -> LbbAnswer:
    """Record the LBB's art. 11a answer about a person or company (found as an applicant is)."""
    check_purpose(actor)
    entity_id = find_applicant(store, actor, subject)
    return store.record_lbb_answer(actor, entity_id, hit, asked_on, answered_on, reference)


def decide(store: Store, actor: Actor, outcome: Outcome, reasons: str) -> BibobDecision:
    return store.decide_bibob_file(actor, outcome, reasons)


def get_file(store: Store, actor: Actor, today: date | None = None) -> FileOverview:
    file = store.get_bibob_file(actor)
    return FileOverview(file, deadlines_of(file, today))


def list_files(store: Store, actor: Actor, today: date | None = None) -> list[FileOverview]:
    """Every file with its deadlines on ``today``, the nearest decision period first; decided
    files last."""
    files = [FileOverview(f, deadlines_of(f, today)) for f in store.list_bibob_files(actor)]
    return sorted(
        files,
        key=lambda o: (
            o.file.outcome not in (None, Outcome.LBB_ADVIES),
            o.deadlines.decision_due if o.deadlines else date.max,
            o.file.ref,
        ),
    )


def screen_file(store: Store, actor: Actor, today: date | None = None) -> ScreeningResult:
    """Screen the applicant of the actor's file, with the file's dates as the clock."""
    file = store.get_bibob_file(actor)  # the store decides first: a refusal is a refusal
    applicant = file.current_applicant  # where resolution's redirects lead the recorded id
    if applicant is None:
        raise NotFoundError(
            f"the applicant of Bibob file {file.ref} ({file.applicant}) is gone: retention "
            "removed its records"
        )
    result = screen(store, actor, applicant, clock_of(file), today, file.questionnaire)
    # The file records whom its screening found: a member's data-subject request and the
    # retention of a member's records reach the file through it.
    circle = [(r.member.id, r.category.value) for r in result.screening.circle]
    store.record_bibob_circle(actor, circle)
    return ScreeningResult(result.screening, result.deadlines, file)
