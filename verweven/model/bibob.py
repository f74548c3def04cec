"""A Bibob file (dossier) of an administrative body: the request it screens, the dates that
start and stop its clocks, the answers of the LBB to the art. 11a question, and the officer's
decisions with their reasons. No I/O: the store keeps files, ``screening`` works with them.

Everything on a file is appended: a date given again (a correction, a later receipt) is a new
record with its reason and the latest one counts; a decision follows the earlier ones.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from verweven.errors import UsageError
from verweven.model.case import SubjectPurge


class Instrument(StrEnum):
    """What the applicant asks of the administrative body (art. 3 Wet Bibob)."""

    VERGUNNING = "vergunning"
    SUBSIDIE = "subsidie"
    AANBESTEDING = "aanbesteding"
    VASTGOED = "vastgoedtransactie"


class Outcome(StrEnum):
    """The officer's decision on the file (the body's decision, prepared by the officer)."""

    VERLENEN = "verlenen"
    VOORSCHRIFTEN = "verlenen_met_voorschriften"
    WEIGEREN = "weigeren"
    INTREKKEN = "intrekken"
    LBB_ADVIES = "lbb_advies"


class DateKind(StrEnum):
    """The days that start, suspend and restart the clocks of a file."""

    ONTVANGEN = "ontvangen"  # the complete application received: the decision period starts
    LBB_GEVRAAGD = "lbb_gevraagd"
    LBB_VERLENGD = "lbb_verlengd"  # the LBB extended its period by four weeks
    LBB_ONTVANGEN = "lbb_ontvangen"
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd"  # art. 4:15 Awb
    AANVULLING_ONTVANGEN = "aanvulling_ontvangen"


GRANTED = (Outcome.VERLENEN, Outcome.VOORSCHRIFTEN)
FINAL = (Outcome.VERLENEN, Outcome.VOORSCHRIFTEN, Outcome.WEIGEREN)


def check_decision(earlier: tuple[Outcome, ...], outcome: Outcome, reasons: str) -> None:
    """Refuse a decision the file's history does not allow, saying what it does allow: a
    decision on the application is taken once; only a granted one can be withdrawn, once;
    the LBB is asked before the decision on the application."""
    if not reasons.strip():
        raise UsageError(f"a decision ({outcome.value}) states its reasons")
    decided = [o for o in earlier if o in FINAL]
    if Outcome.INTREKKEN in earlier:
        raise UsageError("the file's permit, subsidy or contract was withdrawn; nothing follows")
    if outcome is Outcome.INTREKKEN:
        if not decided or decided[-1] not in GRANTED:
            raise UsageError("only a granted application can be withdrawn (intrekken)")
        return
    if decided:
        raise UsageError(
            f"the application was decided already ({decided[-1].value}); what can follow is "
            "a withdrawal (intrekken)"
            if decided[-1] in GRANTED
            else f"the application was decided already ({decided[-1].value})"
        )


@dataclass(frozen=True)
class BibobDate:
    """One day recorded on a file, with why and by whom."""

    id: str
    file_ref: str
    kind: DateKind
    day: date
    reason: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class BibobDecision:
    id: str
    file_ref: str
    outcome: Outcome
    reasons: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class LbbAnswer:
    """The LBB's answer to the art. 11a question about one person or company: did it advise
    on, or is it handling, them in the last two years — known or not known, nothing more."""

    id: str
    file_ref: str
    entity_id: str
    hit: bool
    asked_on: date
    answered_on: date
    reference: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class BibobMember:
    """A member of the applicant's circle (art. 3 lid 4) that a screening of the file found:
    the file's record of whom it concerns, for data-subject requests and retention."""

    entity_id: str
    category: str
    recorded_at: datetime


@dataclass(frozen=True)
class BibobFile:
    """A file as the store keeps it: the request, and everything recorded on it, in order."""

    ref: str
    authority: str
    instrument: Instrument
    subject: str  # what is asked: the permit type, the subsidy, the tender, the transaction
    applicant: str  # the resolved entity id
    questionnaire: str  # the reference of the applicant's Bijlage 1 answers
    decision_weeks: int
    legal_basis: str
    opened_by: str
    opened_at: datetime
    dates: tuple[BibobDate, ...] = ()
    decisions: tuple[BibobDecision, ...] = ()
    lbb_answers: tuple[LbbAnswer, ...] = field(default=())
    applicant_now: str | None = ""
    """The applicant's id today: resolution may have merged it into another (the id recorded
    redirects there); None when its records are gone; "" when not looked up."""
    members: tuple[BibobMember, ...] = ()
    purges: tuple[SubjectPurge, ...] = ()
    """What retention removed of the applicant and the members (the file itself stays)."""

    @property
    def last_recorded(self) -> datetime:
        """When the file was last written to (opened, a day, an LBB answer, a decision): its
        retention period runs from here. A screening is a read, and does not count."""
        times = [self.opened_at, *(d.recorded_at for d in self.dates)]
        times += [d.decided_at for d in self.decisions] + [a.recorded_at for a in self.lbb_answers]
        return max(times)

    @property
    def current_applicant(self) -> str | None:
        """The id to screen the applicant by: where the recorded id leads now."""
        return self.applicant if self.applicant_now == "" else self.applicant_now

    @property
    def applicant_moved(self) -> bool:
        """Resolution gave the applicant another id since the file was opened."""
        return self.current_applicant not in (None, self.applicant)

    def latest(self, kind: DateKind) -> date | None:
        """The day last recorded for ``kind``: a later record corrects an earlier one."""
        days = [d.day for d in self.dates if d.kind is kind]
        return days[-1] if days else None

    def questions(self) -> list[tuple[date, date | None]]:
        """The requests to complete the application (art. 4:15 Awb), each with the day it was
        answered: the n-th answer closes the n-th request."""
        asked = sorted(d.day for d in self.dates if d.kind is DateKind.AANVULLING_GEVRAAGD)
        answered = sorted(d.day for d in self.dates if d.kind is DateKind.AANVULLING_ONTVANGEN)
        return [(day, answered[i] if i < len(answered) else None) for i, day in enumerate(asked)]

    @property
    def outcome(self) -> Outcome | None:
        return self.decisions[-1].outcome if self.decisions else None
