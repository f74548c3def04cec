"""When a fact became known, and what a signal may therefore see at a moment (``as_of``).

A fact is a record (an Event, a court case, a registration, a payment, ...). It is dated by its
FtM temporal-start properties (``date``, ``startDate``, ``incorporationDate``, ...), or — for a
record that has none, such as a court case known by its ``closeDate`` — its temporal-end ones.
Records without any date (an address, a building) are timeless register facts.

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


def fact_dates(table: pa.Table) -> dict[str, str]:
    """entity id → the day (YYYY-MM-DD) the record became known; undated records are absent."""
    starts = pa.array(sorted(f"{s}.{p}" for s, p, kind in date_props() if kind == "start"))
    dated = table.filter(pc.is_in(_keys(table), value_set=starts))
    if dated.num_rows == 0:
        return {}
    days = pa.table({"entity_id": dated.column("entity_id"), "day": _day(dated.column("value"))})
    first = days.group_by("entity_id").aggregate([("day", "min")])
    return dict(
        zip(first.column("entity_id").to_pylist(), first.column("day_min").to_pylist(), strict=True)
    )


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
