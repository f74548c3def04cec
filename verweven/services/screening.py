"""Bibob screening as the command line, the API and the web application all do it: screen an
applicant (its circle, the questionnaire against the registers, the facts, the deadlines) and
write the findings report, an audited export.

A screening is done for purpose ``bibob`` under the Bibob file's reference; the store decides
every read of it and the audit log records them."""

from dataclasses import dataclass
from datetime import date

from verweven.access import Action, Actor
from verweven.errors import UsageError
from verweven.model.bibob import BibobFile
from verweven.reports.bibob import bibob_html
from verweven.screening import (
    BibobClock,
    Deadlines,
    Screening,
    compute_deadlines,
    find_questionnaire,
)
from verweven.screening import screen_applicant as screen_in_network
from verweven.store import Store
from verweven.store.rows import utc_now

BIBOB = "bibob"


@dataclass(frozen=True)
class ScreeningResult:
    screening: Screening
    deadlines: Deadlines | None
    file: BibobFile | None = None
    """The Bibob file screened, when the screening was of a file."""


@dataclass(frozen=True)
class Report:
    """The findings report as a file may hold it, and what was left out of it."""

    html: str
    withheld: dict[str, int]


def screen(
    store: Store,
    actor: Actor,
    applicant: str,
    clock: BibobClock | None = None,
    today: date | None = None,
    questionnaire: str = "",
) -> ScreeningResult:
    """Screen an applicant (canonical id, record id or KvK number) in the officer's network
    against the answers of the questionnaire with reference ``questionnaire`` (none: nothing
    to compare), with the file's deadlines when ``clock`` gives its dates."""
    check_purpose(actor)
    answers = find_questionnaire(store, actor, questionnaire)
    screening = screen_in_network(store, actor, applicant, questionnaire=answers)
    deadlines = compute_deadlines(clock, today or date.today()) if clock else None
    return ScreeningResult(screening, deadlines)


def write_report(store: Store, actor: Actor, result: ScreeningResult, destination: str) -> Report:
    """The findings report of ``result`` for ``destination``: facts from deliveries the
    officer may not take out of verweven are left out and counted; the export is allowed and
    audited before it is written."""
    written = result.screening.for_export(store.permitted_datasets(actor, Action.EXPORT))
    members = [written.applicant.id, *(r.member.id for r in written.circle)]
    store.record_export(actor, destination, sorted(written.consulted), members)
    html = bibob_html(
        written, actor.case or "", actor.name, utc_now(), result.deadlines, result.file
    )
    return Report(html, dict(written.withheld))


def check_purpose(actor: Actor) -> None:
    if actor.purpose != BIBOB:
        raise UsageError(
            f"a Bibob screening is done for purpose {BIBOB}; you stated {actor.stated_purpose}"
        )
