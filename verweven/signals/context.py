"""The world one signal sees: an in-memory DuckDB holding only the statements it declared.

The engine reads the visible statements once (purpose-bound and audited by the store); each
signal then gets a fresh connection with its own ``statements`` table — its declared inputs plus
every record's id statement — and the helper views of ``views.sql``. What a signal did not
declare, it cannot read.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from followthemoney import model

from verweven.signals.definition import SignalDefinition
from verweven.signals.timeline import fact_dates
from verweven.store import create_table, working_connection

STATEMENT_COLUMNS = (
    "id",
    "entity_id",
    "canonical_id",
    "schema",
    "prop",
    "prop_type",
    "value",
    "dataset",
)


@cache
def views_sql() -> str:
    """The helper views every signal may use (``views.sql``)."""
    return resources.files("verweven.signals").joinpath("views.sql").read_text(encoding="utf-8")


def edge_schemata() -> pa.Table:
    """(schema, source_prop, target_prop) of every FtM relationship schema with an edge."""
    rows = [
        (s.name, s.edge_source, s.edge_target)
        for s in model.schemata.values()
        if s.edge and s.edge_source and s.edge_target
    ]
    names = ("schema", "source_prop", "target_prop")
    return pa.table({n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(names)})


def as_strings(table: pa.Table) -> pa.Table:
    """The statement columns as strings (an empty read may come back untyped)."""
    return table.select(list(STATEMENT_COLUMNS)).cast(
        pa.schema([(name, pa.string()) for name in STATEMENT_COLUMNS])
    )


def visible_to(table: pa.Table, definition: SignalDefinition) -> pa.Table:
    """The statements one signal may see: its declared inputs and every id statement."""
    keys = pc.binary_join_element_wise(table.column("schema"), table.column("prop"), ".")
    wanted = pa.array(sorted(definition.inputs), pa.string())
    mask = pc.or_(pc.is_in(keys, value_set=wanted), pc.equal(table.column("prop"), "id"))
    return table.filter(mask)


@dataclass
class SignalContext:
    """A signal's connection, its parameters and the statements it may see."""

    definition: SignalDefinition
    con: duckdb.DuckDBPyConnection
    statements: pa.Table
    as_of: date

    @property
    def parameters(self) -> dict[str, Any]:
        """The definition's parameters plus the run's reference date."""
        return {**self.definition.parameters, "as_of": self.as_of}

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a query as dicts; only the named parameters the SQL uses are passed."""
        values = {**self.parameters, **(parameters or {})}
        used = {k: v for k, v in values.items() if f"${k}" in sql}
        relation = self.con.execute(sql, used)
        columns = [d[0] for d in relation.description]
        return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]

    def close(self) -> None:
        """Release the connection."""
        self.con.close()


def record_table(table: pa.Table) -> pa.Table:
    """Every record of the read (entity id, canonical id, schema): ids only, no values."""
    grouped = table.group_by("entity_id").aggregate([("canonical_id", "min"), ("schema", "min")])
    return grouped.rename_columns(["entity_id", "canonical_id", "schema"])


def dates_table(dates: dict[str, str]) -> pa.Table:
    """(entity_id, known_on) of every dated record (``timeline.fact_dates``)."""
    ids = sorted(dates)
    return pa.table(
        {
            "entity_id": pa.array(ids, pa.string()),
            "known_on": pc.cast(pa.array([dates[i] for i in ids], pa.string()), pa.date32()),
        }
    )


def open_context(
    table: pa.Table,
    definition: SignalDefinition,
    as_of: date,
    records: pa.Table | None = None,
    dates: dict[str, str] | None = None,
) -> SignalContext:
    """A fresh connection with the signal's statements, the record table, the day each record
    became known (``fact_dates``) and the views."""
    statements = visible_to(table, definition)
    con = working_connection()
    con.execute("SET threads TO 2")
    create_table(con, "statements", statements)
    create_table(con, "entities", records if records is not None else record_table(table))
    create_table(con, "fact_dates", dates_table(fact_dates(table) if dates is None else dates))
    create_table(con, "edge_schemata", edge_schemata())
    con.execute(f"CREATE MACRO as_of() AS DATE '{as_of.isoformat()}'")
    con.execute(views_sql())
    # A signal's SQL reads these tables and nothing else: no files, no extensions, no
    # network, and no setting it could change back.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return SignalContext(definition, con, statements, as_of)
