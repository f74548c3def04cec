"""Lead time from runs at a series of ``as_of`` snapshots, on small constructed cases."""

from datetime import date

import pytest

from tests.signals.statements import Rows, company, definition, officer, person, table
from verweven.errors import InputError
from verweven.evaluation.early_warning import (
    CaseLead,
    case_leads,
    run_snapshots,
    snapshot_dates,
    summarise,
)
from verweven.evaluation.lead_time import Fact
from verweven.evaluation.signals import Planted, RegionTruth
from verweven.signals.timeline import fact_dates

RAPID = definition("rapid_director_changes")  # 4 directors appointed within 24 months
REFERENCE = date(2026, 10, 1)
# The fourth director in 24 months comes on 2026-01-01; the fifth on 2026-05-01.
STARTS = ["2025-01-01", "2025-04-01", "2025-08-01", "2026-01-01", "2026-05-01"]
POLICE: Fact = ("2026-03-01", ("politie_incidenten", "I-1"))


def directors(starts: list[str], company_id: str = "c1") -> list[Rows]:
    records: list[Rows] = [company(company_id)]
    for i, start in enumerate(starts):
        who, rid = f"{company_id}-p{i}", f"kvk.bestuurder.{company_id}-d{i}"
        records += [person(who), officer(rid, who, company_id, startDate=start)]
    return records


def region_truth(police: dict[str, list[Fact]], cases: tuple[str, ...] = ("c1",)) -> RegionTruth:
    planted = [Planted("rapid_director_changes", f"rdc-{c}", c, "company", False) for c in cases]
    members = {c: {c} for c in cases}
    return RegionTruth("r", planted, members, {}, REFERENCE, 1, 1000, police=police)


def leads(records: list[Rows], truth: RegionTruth, years: int = 2) -> list[CaseLead]:
    runs = run_snapshots(table(*records), [RAPID], snapshot_dates(REFERENCE, years))
    return case_leads(RAPID, runs, truth)


def test_snapshots_are_quarterly_up_to_the_reference_date() -> None:
    dates = snapshot_dates(REFERENCE, years=1)
    quarters = [date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
    assert dates == [*quarters, REFERENCE]


def test_a_month_end_moves_back_to_the_28th_but_the_reference_date_stays() -> None:
    assert snapshot_dates(date(2026, 5, 31), years=0, months=3) == [date(2026, 5, 31)]
    assert snapshot_dates(date(2026, 5, 31), years=1, months=6)[:2] == [
        date(2025, 5, 28),
        date(2025, 11, 28),
    ]


def test_nonsense_snapshot_steps_are_refused() -> None:
    with pytest.raises(InputError, match="months >= 1"):
        snapshot_dates(REFERENCE, months=0)


def test_a_signal_cannot_fire_at_an_as_of_before_its_facts_exist() -> None:
    runs = run_snapshots(table(*directors(STARTS)), [RAPID], snapshot_dates(REFERENCE, 2))
    fired = [run.as_of for run in runs if run.hits]
    assert fired[0] == date(2026, 1, 1)  # the day the fourth appointment is dated
    assert all(not run.hits for run in runs if run.as_of < date(2026, 1, 1))


def test_no_hit_of_any_snapshot_rests_on_a_fact_dated_after_it() -> None:
    statements = table(*directors(STARTS))
    dates = fact_dates(statements)
    runs = run_snapshots(statements, [RAPID], snapshot_dates(REFERENCE, 2))
    seen = [(run.as_of, dates[e.entity_id]) for run in runs for h in run.hits for e in h.evidence]
    assert seen and all(day <= as_of.isoformat() for as_of, day in seen)


def test_lead_time_counts_from_the_first_snapshot_that_flagged_the_case() -> None:
    [case] = leads(directors(STARTS), region_truth({"c1": [POLICE]}))
    assert (case.flagged, case.police, case.days) == (date(2026, 1, 1), "2026-03-01", 59)


def test_the_single_run_would_have_dated_the_same_case_after_the_police() -> None:
    [hit] = run_snapshots(table(*directors(STARTS)), [RAPID], [REFERENCE])[0].hits
    assert hit.known_on == "2026-05-01" and hit.known_on > POLICE[0]


def test_a_case_flagged_once_and_no_longer_at_the_reference_date_still_counts() -> None:
    earlier = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    [case] = leads(directors(earlier), region_truth({"c1": [POLICE]}), years=3)
    assert case.flagged == date(2024, 4, 1) and case.days == (date(2026, 3, 1) - case.flagged).days
    assert not run_snapshots(table(*directors(earlier)), [RAPID], [REFERENCE])[0].hits


def test_a_police_record_the_first_hit_rests_on_is_no_police_discovery() -> None:
    own: Fact = ("2025-01-01", ("kvk", "c1-d0"))  # a record the hit cites as evidence
    [case] = leads(directors(STARTS), region_truth({"c1": [own, POLICE]}))
    assert case.police == "2026-03-01"


def test_summary_counts_before_after_never_and_unmet_cases() -> None:
    records = directors(STARTS) + directors(STARTS[:3], "c2") + directors(STARTS, "c3")
    late: Fact = ("2025-06-01", ("politie_incidenten", "I-2"))
    truth = region_truth({"c1": [POLICE], "c2": [late]}, cases=("c1", "c2", "c3"))
    summary = summarise(RAPID, leads(records, truth))
    assert (summary.cases, summary.flagged, summary.with_police) == (3, 2, 2)
    assert (summary.before_police, summary.after_police, summary.never_flagged) == (1, 0, 1)
    assert summary.days == [59] and summary.median_days == 59
    assert summary.unmet_days == [(REFERENCE - date(2026, 1, 1)).days]


def test_a_case_flagged_only_after_its_police_fact_has_a_negative_lead() -> None:
    early: Fact = ("2025-11-15", ("politie_incidenten", "I-3"))
    summary = summarise(RAPID, leads(directors(STARTS), region_truth({"c1": [early]})))
    assert (summary.before_police, summary.after_police, summary.days) == (0, 1, [-47])


def test_a_case_flagged_at_the_first_snapshot_is_marked_a_lower_bound() -> None:
    [case] = leads(directors(STARTS), region_truth({"c1": [POLICE]}), years=0)
    assert case.first_snapshot and case.flagged == REFERENCE
