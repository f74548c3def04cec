"""Explanations: for any pair of records, which fields agreed or disagreed and what each weighed.

The weights are the model's own: the match weight of a comparison level is log2(m / u), the
prior is log2 of the odds that two random records match, and their sum is the pair's match
weight (Fellegi-Sunter) — the same figure the run compared with its threshold.
"""

import math
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from verweven.access import Actor
from verweven.errors import NotFoundError
from verweven.model import BASE_ID, Judgement
from verweven.resolve.keys import find_key_links, mask
from verweven.resolve.kinds import KindConfig, load_kinds
from verweven.resolve.linkage import prior_model, render_settings
from verweven.resolve.records import ADDRESS_PROPS, build_address_records
from verweven.resolve.run import (
    BUILDERS,
    RECORD_PROPS,
    _as_strings,
    _profiles,
    _records_table,
    kind_props,
)
from verweven.resolve.state import ResolveState
from verweven.store import Store, working_connection


@dataclass(frozen=True)
class FieldContribution:
    """One comparison: the two values, the level they reached and its match weight."""

    field: str
    left: str | None
    right: str | None
    level: str
    weight: float


@dataclass
class PairExplanation:
    """Why the model scores a pair as it does, field by field."""

    kind: str
    left_id: str
    right_id: str
    prior_weight: float
    fields: list[FieldContribution]
    keys: list[str] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    threshold: float = 0.0

    @property
    def match_weight(self) -> float:
        return self.prior_weight + sum(f.weight for f in self.fields)

    @property
    def match_probability(self) -> float:
        return float(1.0 / (1.0 + 2.0 ** (-self.match_weight)))


def explain_pair(
    store: Store, reader: Actor, left_id: str, right_id: str, state: ResolveState
) -> PairExplanation:
    """Explain the model's score for two records (ids as delivered, e.g. brp.person.123)."""
    for kind in load_kinds():
        if not kind.probabilistic:
            continue
        statements = _kind_statements(store, reader, kind)
        wanted = pa.array([left_id, right_id], pa.string())
        found = set(
            statements.filter(pc.is_in(statements.column("entity_id"), value_set=wanted))
            .column("entity_id")
            .to_pylist()
        )
        if {left_id, right_id} <= found:
            return _explain(store, reader, kind, statements, left_id, right_id, state)
        if found:
            missing = ({left_id, right_id} - found).pop()
            raise NotFoundError(f"{missing!r} is not a visible {kind.kind} record")
    raise NotFoundError(f"no visible person, company or address records {left_id!r}, {right_id!r}")


def _kind_statements(store: Store, reader: Actor, kind: KindConfig) -> pa.Table:
    """All records of the kind: term frequencies, like the run's, count every record."""
    props = kind_props(kind, RECORD_PROPS.get(kind.kind, ()))
    return _as_strings(store.read_statement_table(reader, list(kind.schemata), props))


def _explain(
    store: Store,
    reader: Actor,
    kind: KindConfig,
    statements: pa.Table,
    left_id: str,
    right_id: str,
    state: ResolveState,
) -> PairExplanation:
    con = working_connection()
    addresses = (
        statements
        if kind.kind == "address"
        else _as_strings(store.read_statement_table(reader, ["Address"], [BASE_ID, *ADDRESS_PROPS]))
    )
    con.register("address_statements", addresses)
    con.register("kind_statements", statements)
    build_address_records(con, "address_statements")
    if kind.kind in BUILDERS:
        BUILDERS[kind.kind](con, "kind_statements")
    profiles, _ = _profiles(con, _records_table(con, kind), kind)
    con.register("tf_source", profiles)  # term frequencies count profiles, as the run's did
    model = state.load_model(kind.kind) or prior_model(kind)
    fields = _contributions(con, kind.kind, render_settings(model, "duckdb"), left_id, right_id)
    odds = float(model["probability_two_random_records_match"])
    keys = find_key_links(con, "kind_statements", kind).record_keys.to_pylist()
    return PairExplanation(
        kind=kind.kind,
        left_id=left_id,
        right_id=right_id,
        prior_weight=math.log2(odds / (1 - odds)),
        fields=fields,
        keys=_key_notes(keys, left_id, right_id),
        judgements=[j for j in store.list_judgements(reader) if set(j.pair) == {left_id, right_id}],
        threshold=kind.threshold_match_probability,
    )


def _contributions(
    con: duckdb.DuckDBPyConnection, kind: str, model: dict[str, Any], left_id: str, right_id: str
) -> list[FieldContribution]:
    contributions = []
    columns = [c[0] for c in con.sql(f"SELECT * FROM records_{kind} LIMIT 0").description]
    pair_columns = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in columns)
    pair_sql = (
        f"SELECT {pair_columns} FROM records_{kind} l, records_{kind} r "
        "WHERE l.unique_id = ? AND r.unique_id = ?"
    )
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        cases = " ".join(
            f"WHEN {lvl['sql_condition']} THEN {i}"
            for i, lvl in enumerate(levels)
            if lvl["sql_condition"].strip().upper() != "ELSE"
        )
        shown = _shown_column(comparison, columns)
        row = con.execute(
            f"SELECT CASE {cases} ELSE {len(levels) - 1} END, {shown}_l, {shown}_r "
            f"FROM ({pair_sql})",
            [left_id, right_id],
        ).fetchall()[0]
        level = levels[int(row[0])]
        weight = _level_weight(level)
        label = level.get("label_for_charts", "")
        column = level.get("tf_adjustment_column")
        if column and weight:
            frequency = _term_frequency(con, kind, column, left_id, right_id)
            adjustment = float(level.get("tf_adjustment_weight", 1.0)) * math.log2(
                float(level["u_probability"]) / frequency
            )
            weight += adjustment
            label += f" (term frequency {frequency:.2g}: {adjustment:+.2f})"
        contributions.append(
            FieldContribution(
                field=comparison["output_column_name"],
                left=row[1],
                right=row[2],
                level=label,
                weight=weight,
            )
        )
    return contributions


def _term_frequency(
    con: duckdb.DuckDBPyConnection, kind: str, column: str, left_id: str, right_id: str
) -> float:
    """Splink's term frequency: the larger share of non-null records holding either value."""
    row = con.execute(
        f"WITH tf AS (SELECT {column} AS value, count(*) / sum(count(*)) OVER () AS share "
        f"FROM tf_source WHERE {column} IS NOT NULL GROUP BY 1) "
        f"SELECT max(tf.share) FROM records_{kind} r JOIN tf ON tf.value = r.{column} "
        "WHERE r.unique_id IN (?, ?)",
        [left_id, right_id],
    ).fetchall()[0]
    return float(row[0])


def _shown_column(comparison: dict[str, Any], columns: list[str]) -> str:
    """The record column a comparison is about (its name, or the first column it reads)."""
    name = str(comparison["output_column_name"])
    if name in columns:
        return name
    for level in comparison["comparison_levels"]:
        for column in columns:
            if f"{column}_l" in level["sql_condition"]:
                return column
    return "unique_id"


def _level_weight(level: dict[str, Any]) -> float:
    if level.get("is_null_level"):
        return 0.0
    m, u = level.get("m_probability"), level.get("u_probability")
    if not m or not u:
        return 0.0
    return math.log2(float(m) / float(u))


def _key_notes(record_keys: list[dict[str, Any]], left_id: str, right_id: str) -> list[str]:
    left = {(k["key"], k["value"]) for k in record_keys if k["unique_id"] == left_id}
    right = {(k["key"], k["value"]) for k in record_keys if k["unique_id"] == right_id}
    notes = [f"same {key} {mask(value)}: linked by key" for key, value in sorted(left & right)]
    right_keys = dict(right)
    for key, value in sorted(left):
        other = right_keys.get(key)
        if other is not None and other != value:
            notes.append(f"different {key} ({mask(value)} / {mask(other)}): never the same")
    return notes
