"""Conversions between the store's rows and verweven's objects, shared by both backends."""

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import pyarrow as pa
from followthemoney import model as ftm_model

from verweven.audit.event import AuditEvent
from verweven.errors import NotFoundError
from verweven.model import (
    STATEMENT_COLUMNS,
    STATEMENT_ROW_COLUMNS,
    Dataset,
    LegalBasis,
    Statement,
    StatementRow,
)

Row = tuple[Any, ...]
SELECT_STATEMENTS = ", ".join(STATEMENT_COLUMNS)
# The columns of the statements table: last_seen is kept apart (verweven/store/seen.py).
STORED_COLUMNS: tuple[str, ...] = tuple(c for c in STATEMENT_COLUMNS if c != "last_seen")
ARROW_SCHEMA = pa.schema(
    [(name, pa.timestamp("us") if name == "first_seen" else pa.string()) for name in STORED_COLUMNS]
)
DATASET_COLUMNS = (
    "name, partner, title, legal_basis_article, legal_basis_text, purposes, "
    "retention_days, sensitivity, delivered_at, contact"
)
# The columns a statement row carries (see ``verweven.model.statement_row``).
ROW_SCHEMA = pa.schema([(name, pa.string()) for name in STATEMENT_ROW_COLUMNS])
AUDIT_EVENT_COLUMNS = (
    "id, occurred_at, actor, partner, roles, purpose, legal_basis, case_ref, action, decision, "
    "policies, target, datasets, scope, entity_count, ids_digest, query_digest, result_size, "
    "detail, leaf_hash"
)
INSERT_AUDIT_EVENT = (
    f"INSERT INTO audit_events ({AUDIT_EVENT_COLUMNS}) "
    f"VALUES ({', '.join('?' * len(AUDIT_EVENT_COLUMNS.split(',')))})"
)
INSERT_AUDIT_EVENT_IDS = "INSERT INTO audit_event_ids (event_id, ids) VALUES (?, ?)"


def qualified(columns: str, alias: str) -> str:
    """``columns`` (comma-separated) each prefixed with a table alias: ``e.id, e.actor``."""
    return ", ".join(f"{alias}.{column.strip()}" for column in columns.split(","))


def utc_now() -> datetime:
    """Naive UTC now: both backends store TIMESTAMP without time zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def statement_as_row(stmt: Statement) -> StatementRow:
    """A Statement as the row an import run writes."""
    # FtM keeps these in private slots behind read-only properties; reading the slots directly
    # is markedly faster (the store round-trip tests guard the mapping).
    return (
        stmt.id or "",
        stmt._entity_id,
        stmt._schema,
        stmt._prop,
        stmt.prop_type,
        stmt._value,
        stmt.original_value,
    )


def rows_table(rows: list[StatementRow]) -> pa.Table:
    """Statement rows in columnar form (ROW_SCHEMA); cheap to send between processes."""
    columns = zip(*rows, strict=True) if rows else ((),) * len(ROW_SCHEMA)
    return pa.table([pa.array(column, pa.string()) for column in columns], schema=ROW_SCHEMA)


def run_table(rows: pa.Table, dataset: str, run_id: str, observed_at: datetime) -> pa.Table:
    """Rows of one run with the run's columns added, in STORED_COLUMNS order: dataset, first
    seen and run id are the run's; a new statement's canonical id is its entity id until
    resolution says otherwise."""
    size = rows.num_rows
    added = {
        "canonical_id": rows.column("entity_id"),
        "dataset": pa.repeat(pa.scalar(dataset, pa.string()), size),
        "first_seen": pa.repeat(pa.scalar(observed_at, pa.timestamp("us")), size),
        "import_run": pa.repeat(pa.scalar(run_id, pa.string()), size),
    }
    columns = [added[name] if name in added else rows.column(name) for name in STORED_COLUMNS]
    return pa.table(columns, schema=ARROW_SCHEMA)


def statement_from_row(row: Row) -> Statement:
    """A stored row (in STATEMENT_COLUMNS order) back into a Statement."""
    (
        sid,
        entity_id,
        canonical_id,
        schema,
        prop,
        _type,
        value,
        original,
        dataset,
        first,
        last,
        run,
    ) = row
    return Statement(
        entity_id,
        prop,
        schema,
        value,
        dataset,
        original,
        iso_seconds(first),
        sid,
        canonical_id,
        iso_seconds(last),
        run,
    )


@lru_cache(maxsize=4096)
def iso_seconds(moment: datetime) -> str:
    """ISO text of a timestamp; cached because a run stamps thousands of rows alike."""
    return moment.isoformat(timespec="seconds")


def dataset_from_row(row: Row) -> Dataset:
    """A ``datasets`` row (in DATASET_COLUMNS order) back into a Dataset."""
    name, partner, title, article, text, purposes, retention, sensitivity, delivered, contact = row
    return Dataset(
        name=name,
        partner=partner,
        title=title,
        legal_basis=LegalBasis(article=article, text=text),
        purposes=tuple(purposes),
        retention_days=retention,
        sensitivity=sensitivity,
        delivered_at=delivered,
        contact=contact or "",
    )


def audit_event_from_row(row: Row) -> AuditEvent:
    """An ``audit_events`` row (AUDIT_EVENT_COLUMNS, then the seq or NULL) as an AuditEvent."""
    keys = [key.strip() for key in AUDIT_EVENT_COLUMNS.split(",")] + ["seq"]
    values = dict(zip(keys, row, strict=True))
    values["datasets"] = tuple(values["datasets"] or ())
    return AuditEvent(**values)


def schema_with_descendants(name: str) -> list[str]:
    """An FtM schema name and the names of every schema that extends it."""
    schema = ftm_model.get(name)
    if schema is None:
        raise NotFoundError(f"FollowTheMoney has no schema named {name!r}")
    return sorted({schema.name, *(s.name for s in schema.descendants)})
