"""When a statement was last seen: kept per dataset and per exception, computed in one place.

A statement's ``last_seen`` is the newest observation date of the runs that delivered it. Most
statements come again in every delivery of their dataset, so storing the date on each row
meant rewriting every repeated row on every re-delivery (on PostgreSQL a new row version and
index entries per row; at 1,000,000 persons most of a re-delivery's time). Instead:

- ``dataset_last_seen`` holds per dataset the newest observation date of its runs;
- ``statement_last_seen`` holds the statements that newest delivery did not repeat, each with
  the date it was last seen.

A statement's last_seen is its own row in ``statement_last_seen`` if it has one, else its
dataset's. A run then writes only what changed: statements that dropped out of the delivery
and statements that came back (``record_run``). Every reader of last_seen selects from
``seen_statements`` (reads, exports, subject reports, retention).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from verweven.model import STATEMENT_COLUMNS

if TYPE_CHECKING:
    from verweven.store.core import StoreCore

SEEN_JOINS = (
    "LEFT JOIN statement_last_seen seen_own ON seen_own.id = {s}id "
    "LEFT JOIN dataset_last_seen seen_all ON seen_all.dataset = {s}dataset"
)
LAST_SEEN = "coalesce(seen_own.last_seen, seen_all.last_seen)"


def statement_column(name: str, alias: str) -> str:
    """A stored column of ``alias``, or the computed last_seen (joined by ``seen_joins``)."""
    return f"{LAST_SEEN} AS last_seen" if name == "last_seen" else f"{alias}.{name}"


def seen_joins(alias: str) -> str:
    """The joins ``statement_column('last_seen', ...)`` needs, for statements aliased
    ``alias``. On PostgreSQL a read that does not select last_seen loses them again (both
    join on a primary key: the planner removes them)."""
    return SEEN_JOINS.format(s=f"{alias}.")


def seen_statements(condition: str = "TRUE") -> str:
    """The statements (every column of STATEMENT_COLUMNS, in order) that meet ``condition``
    (on the stored columns, qualified ``s.``), as a relation named ``statements``."""
    columns = ", ".join(statement_column(c, "s") for c in STATEMENT_COLUMNS)
    return f"(SELECT {columns} FROM statements s {seen_joins('s')} WHERE {condition}) statements"


def record_run(
    store: StoreCore,
    dataset: str,
    run_id: str,
    observed_at: datetime,
    delivered: str,
    had_statements: bool,
) -> None:
    """Keep last_seen after a run of ``dataset`` observed at ``observed_at`` delivered the
    statement ids in the relation ``delivered`` (repeats allowed) and its new statements
    (``import_run = run_id``) were added. Inside the run's transaction, after the merge."""
    rows = store._fetchall("SELECT last_seen FROM dataset_last_seen WHERE dataset = ?", (dataset,))
    newest: datetime | None = rows[0][0] if rows else None
    came_back = (
        f"dataset = ? AND EXISTS (SELECT 1 FROM {delivered} d WHERE d.id = statement_last_seen.id)"
    )
    if newest is not None and observed_at < newest:
        # An older file run again: the dataset's newest delivery stays. What it repeats was
        # seen at the later of the two dates; what it added was seen only at its own.
        if had_statements:
            store._execute(
                f"UPDATE statement_last_seen SET last_seen = ? WHERE {came_back} AND last_seen < ?",
                (observed_at, dataset, observed_at),
            )
        store._execute(
            "INSERT INTO statement_last_seen (id, dataset, last_seen) SELECT id, dataset, ? "
            "FROM statements WHERE dataset = ? AND import_run = ?",
            (observed_at, dataset, run_id),
        )
        return
    if had_statements and newest is not None and observed_at > newest:
        # The dataset's earlier statements this delivery does not repeat keep the date they
        # were last seen: until now, the dataset's.
        store._execute(
            "INSERT INTO statement_last_seen (id, dataset, last_seen) SELECT s.id, s.dataset, ? "
            "FROM statements s WHERE s.dataset = ? "
            f"AND NOT EXISTS (SELECT 1 FROM {delivered} d WHERE d.id = s.id) "
            "AND NOT EXISTS (SELECT 1 FROM statement_last_seen o WHERE o.id = s.id)",
            (newest, dataset),
        )
    if had_statements:
        # What came back was seen now: at the dataset's date again.
        store._execute(f"DELETE FROM statement_last_seen WHERE {came_back}", (dataset,))
    store._execute(
        "INSERT INTO dataset_last_seen (dataset, last_seen) VALUES (?, ?) "
        "ON CONFLICT (dataset) DO UPDATE SET last_seen = excluded.last_seen",
        (dataset, observed_at),
    )


def forget_missing(store: StoreCore, dataset: str) -> None:
    """Drop the last_seen rows of ``dataset``'s statements that were deleted (retention, a
    deleted dataset): their ids must leave the store with them."""
    store._execute(
        "DELETE FROM statement_last_seen WHERE dataset = ? AND NOT EXISTS "
        "(SELECT 1 FROM statements s WHERE s.dataset = ? AND s.id = statement_last_seen.id)",
        (dataset, dataset),
    )
