"""When a fact became known, and what a signal may therefore see at a moment (``as_of``).

A fact is a record (an Event, a court case, a registration, a payment, ...). It is dated by its
FtM temporal-start properties (``date``, ``startDate``, ``incorporationDate``, ...), or — for a
record that has none, such as a court case known by its ``closeDate`` — its temporal-end ones.
A record without a date of its own that a dated record of the same delivery refers to (the
address of a police incident, the suspect of a registration) exists only because of that row:
it is known from the first such row — and no earlier than its own date (a suspect's record from
a police delivery is not known from his birth). Records nobody dated refers to (a building, an
address in the BAG) are timeless register facts.

Two rules follow, and the engine applies both to every signal:

- **The run's moment.** A record dated after the run's ``as_of`` does not exist yet: its
  statements are removed before a signal sees anything; an end date after ``as_of`` (a
  directorship that will end next year) has not happened yet and is removed too.
- **A row's moment.** A definition whose ``reference_moment`` names a column of its rows (the
  anomaly's report date, say) claims to warn *at that moment*; a row whose evidence holds a fact
  dated after its own moment is hindsight and is refused (counted, never a hit).
"""

from datetime import date
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc
from followthemoney import model

DATE_LENGTH = 10  # YYYY-MM-DD; FtM dates may carry a time or be only a year (YYYY, YYYY-MM)


@cache
def date_props() -> tuple[tuple[str, str, str], ...]:
    """(schema, property, 'start' | 'end') of every dated property of every FtM schema.

    A schema without temporal-start properties is dated by its temporal-end ones (``start``).
    """
    found: list[tuple[str, str, str]] = []
    for schema in model.schemata.values():
        starts = [p.name for p in schema.temporal_start_props]
        ends = [p.name for p in schema.temporal_end_props]
        found += [(schema.name, p, "start") for p in starts or ends]
        found += [(schema.name, p, "end") for p in ends if starts]
    return tuple(sorted(found))


def date_inputs(schemata: list[str]) -> set[str]:
    """The dated properties of these schemata: the engine reads them to apply ``as_of``."""
    wanted = set(schemata)
    return {prop for schema, prop, _ in date_props() if schema in wanted}


def _keys(table: pa.Table) -> pa.ChunkedArray:
    return pc.binary_join_element_wise(table.column("schema"), table.column("prop"), ".")


def _day(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """An FtM date as a sortable YYYY-MM-DD text (a year alone counts from its first day)."""
    head = pc.utf8_slice_codeunits(values, 0, DATE_LENGTH)
    length = pc.utf8_length(head)
    year = pc.binary_join_element_wise(head, pa.scalar("-01-01"), "")
    month = pc.binary_join_element_wise(head, pa.scalar("-01"), "")
    return pc.if_else(pc.equal(length, 4), year, pc.if_else(pc.equal(length, 7), month, head))


def _own_dates(table: pa.Table) -> pa.Table:
    """(entity_id, day): each record's earliest start date, or — for a record with no start
    date at all (a court case known by its closing) — its earliest end date."""
    found: dict[str, pa.Table] = {}
    starts = sorted(f"{s}.{p}" for s, p, kind in date_props() if kind == "start")
    ends = sorted(f"{s}.{p}" for s, p in _end_props())
    for kind, names in (("start", starts), ("end", ends)):
        dated = table.filter(pc.is_in(_keys(table), value_set=pa.array(names, pa.string())))
        days = pa.table(
            {"entity_id": dated.column("entity_id"), "day": _day(dated.column("value"))}
        )
        found[kind] = days.group_by("entity_id").aggregate([("day", "min")])
    first = found["start"].rename_columns(["entity_id", "day"])
    last = found["end"].rename_columns(["entity_id", "day"])
    keep = pc.invert(pc.is_in(last.column("entity_id"), value_set=first.column("entity_id")))
    return pa.concat_tables([first, last.filter(keep)])


@cache
def _end_props() -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted((s.name, p.name) for s in model.schemata.values() for p in s.temporal_end_props)
    )


def _inherited_dates(table: pa.Table, own: pa.Table) -> pa.Table:
    """(entity_id, day): for records a dated record of the same delivery refers to, the first
    such record's day."""
    refs = table.filter(pc.equal(table.column("prop_type"), "entity"))
    refs = pa.table(
        {
            "source": refs.column("entity_id"),
            "entity_id": refs.column("value"),
            "dataset": refs.column("dataset"),
        }
    )
    dated = refs.join(own.rename_columns(["source", "day"]), "source", join_type="inner")
    records = (
        table.select(["entity_id", "dataset"]).group_by(["entity_id", "dataset"]).aggregate([])
    )
    same = dated.join(records, ["entity_id", "dataset"], join_type="inner")
    return (
        same.group_by("entity_id").aggregate([("day", "min")]).rename_columns(["entity_id", "day"])
    )


def fact_dates(table: pa.Table) -> dict[str, str]:
    """entity id → the day (YYYY-MM-DD) the record became known; undated records are absent."""
    own = _own_dates(table)
    dates = dict(
        zip(own.column("entity_id").to_pylist(), own.column("day").to_pylist(), strict=True)
    )
    inherited = _inherited_dates(table, own)
    for entity_id, day in zip(
        inherited.column("entity_id").to_pylist(), inherited.column("day").to_pylist(), strict=True
    ):
        dates[entity_id] = max(day, dates.get(entity_id, day))
    return dates


def known_at(table: pa.Table, as_of: date) -> pa.Table:
    """The statements that existed at ``as_of``: later records and future end dates removed."""
    day = as_of.isoformat()
    later = [e for e, d in fact_dates(table).items() if d > day]
    keep = pc.invert(pc.is_in(table.column("entity_id"), value_set=pa.array(later, pa.string())))
    ends = pa.array(sorted(f"{s}.{p}" for s, p, kind in date_props() if kind == "end"))
    future_end = pc.and_(
        pc.is_in(_keys(table), value_set=ends), pc.greater(_day(table.column("value")), day)
    )
    return table.filter(pc.and_(keep, pc.invert(future_end)))


def as_day(value: object) -> str | None:
    """A row's reference moment as YYYY-MM-DD (a date, a datetime or ISO text), or None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()[:DATE_LENGTH]
    return str(value)[:DATE_LENGTH] or None
