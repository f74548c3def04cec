"""Tiny statement tables for signal tests, in the columns of ``Store.read_statement_table``.

Each builder returns the statements of one record; ``table`` joins them into an Arrow table.
``same`` makes several records one canonical entity, as resolution would.
"""

from datetime import date
from typing import Any

import pyarrow as pa
from followthemoney import model

from verweven.signals import SignalDefinition, load_definitions, run_on_table
from verweven.signals.hits import Hit

AS_OF = date(2026, 10, 1)
Rows = list[dict[str, str]]


def record(entity_id: str, schema: str, dataset: str = "test", **props: Any) -> Rows:
    """The id statement and one statement per value (lists give several values)."""
    rows = [_row(entity_id, schema, "id", "id", entity_id, dataset)]
    for prop, values in props.items():
        if values is None:
            continue
        prop_type = model.get(schema).get(prop).type.name  # type: ignore[union-attr]
        for value in values if isinstance(values, list) else [values]:
            rows.append(_row(entity_id, schema, prop, prop_type, str(value), dataset))
    return rows


def _row(
    entity_id: str, schema: str, prop: str, prop_type: str, value: str, dataset: str
) -> dict[str, str]:
    return {
        "id": f"{dataset}:{entity_id}:{prop}:{value}",
        "entity_id": entity_id,
        "canonical_id": entity_id,
        "schema": schema,
        "prop": prop,
        "prop_type": prop_type,
        "value": value,
        "dataset": dataset,
    }


def same(canonical_id: str, *records: Rows) -> Rows:
    """Records that resolution made one entity."""
    return [{**row, "canonical_id": canonical_id} for rows in records for row in rows]


def table(*records: Rows) -> pa.Table:
    """The statement table of these records."""
    rows = [row for rows in records for row in rows]
    columns = ("id", "entity_id", "canonical_id", "schema", "prop", "prop_type", "value", "dataset")
    return pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in columns})


def definition(signal_id: str) -> SignalDefinition:
    """One shipped definition."""
    return next(d for d in load_definitions() if d.id == signal_id)


def hits_of(signal_id: str, *records: Rows) -> list[Hit]:
    """The hits of one shipped signal on these records."""
    return run_on_table(table(*records), [definition(signal_id)], AS_OF).hits


# ---- domain records ------------------------------------------------------------------------


def person(pid: str, dataset: str = "brp", **props: Any) -> Rows:
    return record(pid, "Person", dataset, name=props.pop("name", f"Persoon {pid}"), **props)


def company(cid: str, dataset: str = "kvk", **props: Any) -> Rows:
    return record(cid, "Company", dataset, name=props.pop("name", f"Bedrijf {cid}"), **props)


def officer(
    rid: str, who: str, company_id: str, schema: str = "Directorship", **dates: Any
) -> Rows:
    if schema == "Directorship":
        return record(rid, schema, "kvk", director=who, organization=company_id, **dates)
    return record(rid, schema, "kvk", owner=who, asset=company_id, **dates)


def vehicle(vid: str, holder: str, start: str = "2025-01-01") -> Rows:
    rows = record(vid, "Vehicle", "rdw", registrationNumber=vid)
    return rows + record(f"reg-{vid}", "Ownership", "rdw", owner=holder, asset=vid, startDate=start)


def residence(rid: str, who: str, address_id: str, **props: Any) -> Rows:
    return record(rid, "UnknownLink", "brp", subject=who, object=address_id, role="W", **props)


def address(aid: str, full: str, dataset: str = "bag") -> Rows:
    return record(aid, "Address", dataset, full=full)


def conviction(pid: str, number: str, category: str, offence: str, on: str = "2022-05-01") -> Rows:
    case = record(
        f"case-{number}", "CourtCase", "om", name=offence, category=category, closeDate=on
    )
    party = record(
        f"party-{number}", "CourtCaseParty", "om", party=pid, case=f"case-{number}", date=on
    )
    return case + party
