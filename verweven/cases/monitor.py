"""Monitoring a case: what changed around its subjects since monitoring began — new facts,
new signal hits, and displacement in the network (the same people at a new address, or on
through a new company) — and a reminder before the monitoring period ends."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from verweven.access import Actor
from verweven.errors import UsageError
from verweven.model import CaseState, Statement
from verweven.store import SignalHitRecord, Store

REMIND_DAYS = 30
ENTITY = "entity"  # the FtM property type of a reference to another entity


@dataclass(frozen=True)
class Displacement:
    """A link of a subject to an entity it was not linked to before monitoring began."""

    subject: str
    via: str
    """The property or relationship that makes the link (e.g. ``Directorship``)."""
    other: str
    """The record id at the other end: the new address, company or vehicle."""
    first_seen: str
    dataset: str


@dataclass(frozen=True)
class MonitoringReport:
    case_ref: str
    since: datetime
    new_facts: dict[str, list[Statement]]
    new_hits: list[SignalHitRecord]
    displacements: list[Displacement]
    reminder: str | None


def monitor_case(store: Store, actor: Actor, today: date | None = None) -> MonitoringReport:
    """What changed around the actor's case since it (last) entered monitoring, read as the
    actor through the store (each read audited under the case)."""
    case = store.get_case(actor)
    starts = [d.decided_at for d in case.decisions if d.to_state is CaseState.MONITORING]
    if case.state is not CaseState.MONITORING or not starts:
        raise UsageError(f"case {case.ref} is in {case.state.value}, not in monitoring")
    since = starts[-1]
    new_facts: dict[str, list[Statement]] = {}
    displacements: list[Displacement] = []
    for subject in case.subjects:
        statements = store.get_statements(actor, subject)
        records = {s.entity_id for s in statements}
        fresh = [s for s in statements if _seen_after(s, since)]
        if fresh:
            new_facts[subject] = fresh
        old = [s for s in statements if not _seen_after(s, since)]
        known = {s.value for s in old if s.prop_type == ENTITY}
        displacements += [
            Displacement(subject, s.prop, s.value, s.first_seen or "", s.dataset)
            for s in fresh
            if s.prop_type == ENTITY and s.value not in known | records
        ]
        displacements += _new_relations(store, actor, subject, records, since)
    hits = store.list_signal_hits(actor, list(case.subjects)) if case.subjects else []
    return MonitoringReport(
        case.ref,
        since,
        new_facts,
        [h for h in hits if h.as_of is not None and h.as_of > since],
        sorted(displacements, key=lambda d: (d.subject, d.first_seen, d.other)),
        _reminder(case.monitor_until, today or date.today()),
    )


def _new_relations(
    store: Store, actor: Actor, subject: str, records: set[str], since: datetime
) -> list[Displacement]:
    """Relationships (directorships, ownerships, …) that point at the subject's records and
    were first delivered after ``since``, with their other end."""
    found = []
    for record in sorted(records):
        for relation in store.find_entities(actor, record):
            if relation == subject:
                continue
            statements = store.get_statements(actor, relation)
            ends = [s for s in statements if s.prop_type == ENTITY and s.value not in records]
            if statements and all(_seen_after(s, since) for s in statements):
                found += [
                    Displacement(subject, s.schema, s.value, s.first_seen or "", s.dataset)
                    for s in ends
                ]
    return found


def _seen_after(statement: Statement, moment: datetime) -> bool:
    """First delivered after ``moment``. A statement's time is kept to the second, so a
    delivery in the very second monitoring began counts as new: better one fact shown twice
    than a displacement missed."""
    seen = statement.first_seen
    if seen is None:
        return False
    return datetime.fromisoformat(seen).replace(tzinfo=None) >= moment.replace(microsecond=0)


def _reminder(until: date | None, today: date) -> str | None:
    if until is None:
        return None
    if until < today:
        return f"the monitoring period ended on {until:%d-%m-%Y}: close the case or extend it"
    if until - today <= timedelta(days=REMIND_DAYS):
        return f"the monitoring period ends on {until:%d-%m-%Y}: decide to close or extend"
    return None
