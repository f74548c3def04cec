"""Lead time: how long before a planted case's first police or OM fact a signal raised it.

A case's police/OM facts are the dated records of police and prosecution deliveries
(``politie_*``, ``om_*``) that mention one of the case's **targets** — the entities the signal
flags: the farm's address, the mule, the company (the truth's ``records.csv`` says which records
mention whom; the store gives each record's date). A signal's moment on a case is the
``known_on`` of its earliest true hit on the case's targets: the day the last dated fact of its
evidence became known, so the hit could not have been raised sooner. Lead time = the first of
those police/OM facts that is *not itself in that hit's evidence* − the signal's moment, in
days. A record the signal rests on (a tenant's earlier Opiumwet conviction) is an ingredient of
the warning, not the police's own discovery; an older police record of the target that the
signal did not use does count (the police knew the target first). Negative: the signal fired
only after police or OM had met the target — hindsight, not early warning. A case whose
targets no police/OM record mentions has no lead time (it is counted apart).

That ``known_on`` is an estimate from one run at the reference date: the register's lead time
comes from runs at a series of ``as_of`` snapshots (``early_warning.py``), with the first
snapshot that flagged the case as the signal's moment and the same police/OM facts.
"""

import csv
from datetime import date
from pathlib import Path

from verweven.access import Actor
from verweven.signals.timeline import date_inputs, fact_dates
from verweven.store import Store

POLICE_PREFIXES = ("politie_", "om_")
POLICE_SCHEMATA = ["CourtCase", "CourtCaseParty", "Event", "UnknownLink"]


def police_record_dates(store: Store, reader: Actor) -> dict[tuple[str, str], str]:
    """(delivery, record id) → the day of each dated record of a police or OM delivery."""
    props = sorted(date_inputs(POLICE_SCHEMATA) | {"id"})
    table = store.read_statement_table(reader, POLICE_SCHEMATA, props)
    dates: dict[tuple[str, str], str] = {}
    for entity_id, day in fact_dates(table).items():
        delivery = entity_id.partition(".")[0]
        if not delivery.startswith(POLICE_PREFIXES):
            continue
        key = record_key(delivery, entity_id)
        dates[key] = min(day, dates.get(key, day))
    return dates


Fact = tuple[str, tuple[str, str]]  # (day, (delivery, record id))


def record_key(dataset: str, entity_id: str) -> tuple[str, str]:
    """(delivery, record id) of an ingested entity ``<delivery>.<role>.<record id>[/n]``."""
    return dataset, entity_id.partition(".")[2].partition(".")[2].split("/")[0]


def police_facts(region: Path, record_dates: dict[tuple[str, str], str]) -> dict[str, list[Fact]]:
    """true id → the police/OM facts that mention it, earliest first."""
    facts: dict[str, set[Fact]] = {}
    with (region / "truth" / "records.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["delivery"], row["record_id"])
            day = record_dates.get(key)
            if day is not None:
                facts.setdefault(row["true_id"], set()).add((day, key))
    return {true_id: sorted(found) for true_id, found in facts.items()}


def first_other_fact(facts: list[Fact], evidence: set[tuple[str, str]]) -> str | None:
    """The day of the first police/OM fact that is not one of the hit's own evidence records."""
    return next((day for day, key in facts if key not in evidence), None)


def lead_days(first_police: str, fired: str) -> int:
    """Days from a signal's moment to the case's first police/OM fact (negative: after it)."""
    return (date.fromisoformat(first_police) - date.fromisoformat(fired)).days
