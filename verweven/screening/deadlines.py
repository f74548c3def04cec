"""The clocks of a Bibob file: the decision period, its suspension while the LBB advises and
while the applicant answers further questions, the LBB's own period, and the Algemene
termijnenwet (a statutory period that ends on a Saturday, Sunday or public holiday ends on the
next day that is none of these).

Wet Bibob art. 15: the LBB advises within eight weeks of the request, once extendable by four;
the decision period is suspended from the request until the advice is received, at most eight
weeks (twelve when the advice period was extended). Awb art. 4:15: the period is suspended from
the day after the authority asks the applicant to complete the application until the day it is
completed or the time given for it has passed. Whether the Atw applies to a given period is a
legal question for the authority (Atw art. 4 excludes some); verweven applies it to the
decision period and the LBB's period and says so in the report.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

LBB_WEEKS, LBB_EXTENSION_WEEKS = 8, 4
WARN_DAYS = 14
# Days the Crown made equal to a public holiday for the Atw (art. 3 lid 3), by decree:
# "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei
# 2028 met een algemeen erkende feestdag". Add the next decree's days when it is published.
DECREED = frozenset(
    {
        date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27),
        date(2025, 5, 30), date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7),
        date(2028, 4, 28), date(2028, 5, 26),
    }
)  # fmt: skip


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian computation)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def public_holidays(year: int) -> set[date]:
    """The Atw's public holidays (art. 3 lid 1 and 2) of one year, and the decreed days."""
    sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it is celebrated the day before
        kings_day = date(year, 4, 26)
    days = {
        date(year, 1, 1),
        sunday - timedelta(days=2),  # Goede Vrijdag (art. 3 lid 2)
        sunday + timedelta(days=1),
        kings_day,
        date(year, 5, 5),
        sunday + timedelta(days=39),  # Hemelvaartsdag
        sunday + timedelta(days=50),  # tweede Pinksterdag
        date(year, 12, 25),
        date(year, 12, 26),
    }
    return days | {d for d in DECREED if d.year == year}


def next_working_day(day: date) -> date:
    """The day itself, or the first day after it that is no Saturday, Sunday or holiday."""
    while day.weekday() >= 5 or day in public_holidays(day.year):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Suspension:
    """A period in which the decision period stands still: [start, end) in days."""

    reason: str
    start: date
    end: date | None  # None: still running (counted to today)


@dataclass(frozen=True)
class BibobClock:
    received: date
    decision_weeks: int
    lbb_requested: date | None = None
    lbb_extended: bool = False
    lbb_received: date | None = None
    questions: Sequence[tuple[date, date | None]] = field(default=())
    """Requests to complete the application: (asked on, completed or lapsed on)."""


@dataclass(frozen=True)
class Deadlines:
    decision_due: date
    lbb_due: date | None
    suspensions: tuple[Suspension, ...]
    suspended_days: int
    warnings: tuple[str, ...]


def compute_deadlines(clock: BibobClock, today: date) -> Deadlines:
    """The deadlines of a file on ``today``: suspensions counted, the Atw applied."""
    suspensions: list[Suspension] = []
    days = 0
    lbb_due = None
    if clock.lbb_requested is not None:
        weeks = LBB_WEEKS + (LBB_EXTENSION_WEEKS if clock.lbb_extended else 0)
        lbb_due = next_working_day(clock.lbb_requested + timedelta(weeks=weeks))
        until = clock.lbb_received or today
        held = min((until - clock.lbb_requested).days, weeks * 7)
        days += max(held, 0)
        suspensions.append(Suspension("advies LBB (art. 15 Wet Bibob)", clock.lbb_requested,
                                      clock.lbb_received))  # fmt: skip
    for asked, answered in clock.questions:
        until = answered or today
        days += max((until - asked).days - 1, 0)  # from the day after the request
        suspensions.append(Suspension("aanvulling door aanvrager (art. 4:15 Awb)", asked, answered))
    due = next_working_day(clock.received + timedelta(weeks=clock.decision_weeks, days=days))
    warnings = [*_warn("de beslistermijn", due, today)]
    if lbb_due is not None and clock.lbb_received is None:
        warnings += _warn("de adviestermijn van het LBB", lbb_due, today)
    return Deadlines(due, lbb_due, tuple(suspensions), days, tuple(warnings))


def _warn(what: str, due: date, today: date) -> list[str]:
    if due < today:
        return [f"{what} is verstreken op {due:%d-%m-%Y}"]
    if (due - today).days <= WARN_DAYS:
        return [f"{what} verstrijkt op {due:%d-%m-%Y} (over {(due - today).days} dagen)"]
    return []
