"""Deadline arithmetic of a Bibob file against worked examples."""

from datetime import date

from verweven.screening.deadlines import (
    BibobClock,
    compute_deadlines,
    easter,
    next_working_day,
    public_holidays,
)


def test_easter_and_the_holidays_that_hang_on_it() -> None:
    assert [easter(y) for y in (2025, 2026, 2027)] == [
        date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28),
    ]  # fmt: skip
    days = public_holidays(2026)
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= days
    assert date(2026, 5, 15) in days  # the Friday after Ascension, made equal by decree


def test_kings_day_on_a_sunday_moves_to_saturday() -> None:
    assert date(2025, 4, 26) in public_holidays(2025)  # 27 April 2025 is a Sunday
    assert date(2025, 4, 27) not in public_holidays(2025)


def test_a_period_ending_on_a_weekend_or_holiday_ends_on_the_next_working_day() -> None:
    assert next_working_day(date(2026, 2, 28)) == date(2026, 3, 2)  # Saturday → Monday
    assert next_working_day(date(2026, 4, 27)) == date(2026, 4, 28)  # Koningsdag
    # Ascension Thursday, the decreed Friday, the weekend: Monday.
    assert next_working_day(date(2026, 5, 14)) == date(2026, 5, 18)
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)


def test_eight_weeks_from_receipt_without_suspension() -> None:
    clock = BibobClock(received=date(2026, 3, 2), decision_weeks=8)
    deadlines = compute_deadlines(clock, today=date(2026, 3, 10))
    assert deadlines.decision_due == date(2026, 4, 28)  # 27 April is Koningsdag
    assert deadlines.suspended_days == 0 and deadlines.warnings == ()


def test_the_lbb_advice_suspends_the_period_until_it_arrives() -> None:
    clock = BibobClock(
        received=date(2026, 1, 5), decision_weeks=8,
        lbb_requested=date(2026, 2, 2), lbb_received=date(2026, 3, 16),
    )  # fmt: skip
    deadlines = compute_deadlines(clock, today=date(2026, 3, 20))
    # 42 days suspended: 2 March + 42 days = 13 April.
    assert deadlines.suspended_days == 42
    assert deadlines.decision_due == date(2026, 4, 13)
    assert deadlines.lbb_due == date(2026, 3, 30)


def test_the_suspension_is_capped_at_eight_weeks_or_twelve_when_extended() -> None:
    late = BibobClock(date(2026, 1, 5), 8, date(2026, 2, 2), lbb_received=date(2026, 6, 1))
    assert compute_deadlines(late, date(2026, 6, 2)).suspended_days == 56
    extended = BibobClock(date(2026, 1, 5), 8, date(2026, 2, 2), True, date(2026, 6, 1))
    deadlines = compute_deadlines(extended, date(2026, 6, 2))
    assert deadlines.suspended_days == 84
    # 8 weeks from 2 February + 4: 27 April (Koningsdag) → 28 April.
    assert deadlines.lbb_due == date(2026, 4, 28)


def test_questions_to_the_applicant_suspend_from_the_day_after_the_request() -> None:
    clock = BibobClock(
        received=date(2026, 9, 1), decision_weeks=8,
        questions=[(date(2026, 9, 10), date(2026, 9, 21))],
    )  # fmt: skip
    deadlines = compute_deadlines(clock, today=date(2026, 9, 22))
    assert deadlines.suspended_days == 10
    assert deadlines.decision_due == date(2026, 11, 6)


def test_a_period_about_to_end_or_ended_is_warned_about() -> None:
    clock = BibobClock(received=date(2026, 3, 2), decision_weeks=8)
    soon = compute_deadlines(clock, today=date(2026, 4, 20)).warnings
    assert soon == ("de beslistermijn verstrijkt op 28-04-2026 (over 8 dagen)",)
    late = compute_deadlines(clock, today=date(2026, 5, 1)).warnings
    assert late == ("de beslistermijn is verstreken op 28-04-2026",)
