"""Lead time measured by running the signals as they stood at a series of dates.

The single run's lead time (``lead_time.py``) dates a hit by the newest fact in its evidence. It
cannot tell whether the rule held on that day: a rule can need facts it does not cite (a count of
deposits, the absence of a director), or a fact that ended later, and a threshold can be crossed
only later. Here the signals run again at ``as_of`` snapshots every ``months`` months, from
``years`` before the region's reference date up to it, each on the statements as they stood
then (the engine's ``known_at``: later records and end dates still to come are unseen). A
planted case's moment is the **first snapshot at which a true hit falls on one of its targets**.

Lead time = the day of the case's first police/OM fact on its targets that is not in the
evidence of that first hit (``lead_time.first_other_fact``) − that snapshot, in days; positive:
flagged before the police or OM met the case. The snapshot is an upper bound of the moment the
rule first held (it did not hold one snapshot earlier), so the lead is exact to within
``months``; a case flagged at the very first snapshot has a lead of at least that. A case the
police met but no snapshot flagged counts as not warned before the police; a case no police/OM
record names has no lead time and is counted apart (with how long the signal has flagged it).

Resolution ran once, on the whole region: the canonical ids the early snapshots use may rest on
records that came later. Rerunning resolution per snapshot would be stricter; this is stated in
the register.
"""

import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from verweven.errors import InputError
from verweven.evaluation.lead_time import first_other_fact, lead_days, record_key
from verweven.evaluation.signals import RegionTruth, case_targets, load_region_truth
from verweven.signals import SignalDefinition, SignalRun, load_definitions, run_on_table
from verweven.signals.engine import read_inputs
from verweven.signals.measured import LeadTime
from verweven.store import Store, open_store

# Three years back: the generator dates most planted activity inside that window (farms
# dismantled and mules recruited within two years); a case flagged already at the first snapshot
# is counted as such, its lead a lower bound (most care companies with a convicted owner are).
YEARS = 3
MONTHS = 3  # quarterly snapshots


def snapshot_dates(last: date, years: int = YEARS, months: int = MONTHS) -> list[date]:
    """``as_of`` dates every ``months`` months from ``years`` before ``last`` up to ``last``
    (oldest first; a day past the 28th is moved back to the 28th in every month)."""
    if months < 1 or years < 0:
        raise InputError(f"snapshots need months >= 1 and years >= 0, not {months} and {years}")
    steps = years * 12 // months
    return [_months_before(last, months * k) for k in range(steps, -1, -1)]


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28) if months else day.day)


def run_snapshots(
    table: pa.Table, definitions: list[SignalDefinition], dates: list[date]
) -> list[SignalRun]:
    """The signals' runs on one statement table as it stood at each date."""
    return [run_on_table(table, definitions, day) for day in dates]


@dataclass(frozen=True)
class CaseLead:
    """One planted case for one signal: when a snapshot first flagged it, and the day of its
    first police/OM fact outside that hit's evidence (None: no police/OM record names it)."""

    case: str
    flagged: date | None
    police: str | None
    first_snapshot: bool
    reference: date

    @property
    def days(self) -> int | None:
        """Lead days (negative: flagged only after the police); None without both moments."""
        if self.flagged is None or self.police is None:
            return None
        return lead_days(self.police, self.flagged.isoformat())


def case_leads(
    definition: SignalDefinition, runs: list[SignalRun], truth: RegionTruth
) -> list[CaseLead]:
    """Per planted case of the signal's typology: its first flagging snapshot and police fact."""
    cases = case_targets(definition, truth)
    first: dict[str, tuple[date, set[tuple[str, str]]]] = {}
    for run in sorted(runs, key=lambda r: r.as_of):
        for hit in run.hits:
            if hit.signal_id != definition.id:
                continue
            members = truth.members.get(hit.entity_id, set())
            evidence = {record_key(e.dataset, e.entity_id) for e in hit.evidence}
            for case, targets in cases.items():
                day, used = first.get(case, (run.as_of, set()))
                if members & targets and day == run.as_of:
                    first[case] = (day, used | evidence)
    start = min((run.as_of for run in runs), default=None)
    leads = []
    for case, targets in sorted(cases.items()):
        facts = sorted(fact for t in targets for fact in truth.police.get(t, []))
        flagged, evidence = first.get(case, (None, set()))
        leads.append(
            CaseLead(
                case=f"{truth.seed}/{case}",
                flagged=flagged,
                police=first_other_fact(facts, evidence),
                first_snapshot=flagged is not None and flagged == start,
                reference=truth.as_of,
            )
        )
    return leads


def summarise(definition: SignalDefinition, leads: list[CaseLead]) -> LeadTime:
    """One signal's lead times over the planted cases of one or more regions."""
    met = [c for c in leads if c.police is not None]
    days = sorted(d for c in met if (d := c.days) is not None)
    return LeadTime(
        signal_id=definition.id,
        signal_version=definition.version,
        typology=definition.evaluation.typology,
        cases=len(leads),
        flagged=len([c for c in leads if c.flagged is not None]),
        with_police=len(met),
        before_police=len([d for d in days if d > 0]),
        after_police=len([d for d in days if d <= 0]),
        never_flagged=len(met) - len(days),
        at_first_snapshot=len([c for c in leads if c.first_snapshot]),
        days=days,
        median_days=statistics.median(days) if days else None,
        unmet_days=sorted(
            (c.reference - c.flagged).days
            for c in leads
            if c.police is None and c.flagged is not None
        ),
    )


def region_snapshots(
    given: Store | str,
    region: Path,
    purpose: str,
    case: str,
    definitions: list[SignalDefinition],
    dates: list[date] | None = None,
) -> tuple[RegionTruth, list[SignalRun]]:
    """A region's truth and the signals' runs at each snapshot (``snapshot_dates`` of its
    reference date unless ``dates`` are given), from one audited read of its store."""
    store = open_store(given) if isinstance(given, str) else given
    try:
        reader = store.local_actor().acting_for(purpose, case)
        truth = load_region_truth(store, reader, region)
        table = read_inputs(store, reader, definitions)
    finally:
        if isinstance(given, str):
            store.close()
    return truth, run_snapshots(table, definitions, dates or snapshot_dates(truth.as_of))


def region_leads(
    given: Store | str,
    region: Path,
    purpose: str,
    case: str,
    definitions: list[SignalDefinition],
    dates: list[date] | None = None,
) -> dict[str, list[CaseLead]]:
    """signal id → the planted cases of one region with their first flagging and police fact."""
    truth, runs = region_snapshots(given, region, purpose, case, definitions, dates)
    return {d.id: case_leads(d, runs, truth) for d in definitions}


def measure_lead_times(
    regions: list[tuple[Store | str, Path]],
    purpose: str,
    case: str,
    definitions: list[SignalDefinition] | None = None,
    dates: list[date] | None = None,
) -> list[LeadTime]:
    """Per signal, the lead times over the planted cases of all regions (pooled)."""
    chosen = list(definitions) if definitions is not None else list(load_definitions())
    leads: dict[str, list[CaseLead]] = {d.id: [] for d in chosen}
    for given, region in regions:
        for signal_id, found in region_leads(given, region, purpose, case, chosen, dates).items():
            leads[signal_id] += found
    return [summarise(d, leads[d.id]) for d in chosen]
