"""Run signals: read the visible statements once, run each signal on what it declared, make hits.

``run_signals(store, reader)`` is the whole job; ``run_on_table`` does the same on a statement
table in memory (tests, benchmarks). A signal's rows become hits when their score reaches the
threshold; the engine adds the entity's schema and caption, the evidence's datasets and the
sentence.
"""

import time
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import pyarrow as pa
import yaml
from followthemoney import model

from verweven.access import Actor
from verweven.errors import AccessDeniedError, InputError
from verweven.signals.captions import caption_props, captions
from verweven.signals.context import SignalContext, as_strings, open_context, record_table
from verweven.signals.definition import SignalDefinition, load_definitions
from verweven.signals.functions import FUNCTIONS
from verweven.signals.hits import Evidence, Hit, sort_hits
from verweven.signals.sentence import render_sentence
from verweven.signals.timeline import as_day, date_inputs, fact_dates, known_at
from verweven.store import Store

ROW_KEYS = ("entity_id", "score", "evidence")


@dataclass
class SignalRun:
    """The hits of one run, with the time each signal took and what was read."""

    hits: list[Hit]
    as_of: date
    statements: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # Rows refused per signal because their evidence holds a fact dated after their own
    # reference moment (hindsight); they are no hits.
    refused: dict[str, int] = field(default_factory=dict)


@cache
def partner_labels() -> dict[str, str]:
    """Partner id → the name a sentence uses (``sources.yml``)."""
    text = resources.files("verweven.signals").joinpath("sources.yml").read_text("utf-8")
    return dict(yaml.safe_load(text)["partners"])


def read_schemata(definitions: list[SignalDefinition]) -> list[str]:
    """The schemata the signals read, plus every schema their references can point to."""
    names: set[str] = set()
    for definition in definitions:
        for schema_name, prop_name in definition.input_pairs:
            names.add(schema_name)
            target = model.get(schema_name).get(prop_name).range  # type: ignore[union-attr]
            if target is not None and hasattr(target, "descendants"):
                names.update(s.name for s in (target, *target.descendants))
    return sorted(names)


def read_inputs(store: Store, reader: Actor, definitions: list[SignalDefinition]) -> pa.Table:
    """One audited, purpose-bound read of everything the signals (and hit captions) need, plus
    the dates of every record (so the engine can hide what was not known at ``as_of``)."""
    schemata = read_schemata(definitions)
    props = {p for d in definitions for _, p in d.input_pairs} | caption_props(schemata)
    props |= date_inputs(schemata)
    return as_strings(store.read_statement_table(reader, schemata, sorted(props | {"id"})))


def run_signals(
    store: Store,
    reader: Actor,
    definitions: list[SignalDefinition] | None = None,
    as_of: date | None = None,
) -> SignalRun:
    """Run the signals over what ``reader`` may see; each must serve the reader's purpose."""
    chosen = list(definitions) if definitions is not None else list(load_definitions())
    refused = [d.id for d in chosen if reader.purpose not in d.purposes]
    if refused:
        raise AccessDeniedError(
            f"signals {', '.join(refused)} may not run for purpose {reader.purpose!r}"
        )
    table = read_inputs(store, reader, chosen)
    labels = {
        d.name: partner_labels().get(d.partner, d.partner) for d in store.list_datasets(reader)
    }
    return run_on_table(table, chosen, as_of or date.today(), labels)


def run_on_table(
    table: pa.Table,
    definitions: list[SignalDefinition],
    as_of: date,
    labels: dict[str, str] | None = None,
) -> SignalRun:
    """Run the signals on a statement table (columns as ``Store.read_statement_table``), as it
    stood at ``as_of``: records dated later and end dates still to come are removed first."""
    table = known_at(as_strings(table), as_of)
    records = record_table(table)
    dates = fact_dates(table)
    run = SignalRun(hits=[], as_of=as_of, statements=table.num_rows)
    for definition in definitions:
        started = time.perf_counter()
        hits, refused = run_signal(table, definition, as_of, labels or {}, records, dates)
        run.hits += hits
        run.refused[definition.id] = refused
        run.seconds[definition.id] = time.perf_counter() - started
    run.hits = sort_hits(run.hits)
    return run


def run_signal(
    table: pa.Table,
    definition: SignalDefinition,
    as_of: date,
    labels: dict[str, str],
    records: pa.Table | None = None,
    dates: dict[str, str] | None = None,
) -> tuple[list[Hit], int]:
    """One signal's hits on a table already cut at ``as_of`` (``known_at``), and the number of
    rows refused as hindsight. ``records``/``dates``: the read's record table and fact dates."""
    dates = fact_dates(table) if dates is None else dates
    context = open_context(table, definition, as_of, records, dates)
    try:
        candidates = [r for r in signal_rows(context) if float(r["score"]) >= definition.threshold]
        evidence = _evidence(context, {i for r in candidates for i in r["evidence"]})
        honest = [r for r in candidates if not _hindsight(definition, r, evidence, dates)]
        rows = strongest_rows(honest, definition.threshold)
        schemata = _schemata(context, {r["entity_id"] for r in rows})
    finally:
        context.close()
    names = captions(table, schemata)
    hits = [
        _hit(definition, row, schemata[row["entity_id"]], names, evidence, labels, dates)
        for row in rows
    ]
    return hits, len(candidates) - len(honest)


def _hindsight(
    definition: SignalDefinition,
    row: dict[str, Any],
    evidence: dict[str, Evidence],
    dates: dict[str, str],
) -> bool:
    """Whether a row rests on a fact dated after the moment it claims to warn at."""
    column = definition.reference_moment.column
    if column is None:
        return False
    if column not in row:
        raise InputError(f"signal {definition.id}: its rows lack reference column {column!r}")
    moment = as_day(row[column])
    if moment is None:
        return True  # a warning that cannot say when it warns cannot show it came early
    return any(
        dates.get(evidence[i].entity_id, "") > moment for i in row["evidence"] if i in evidence
    )


def signal_rows(context: SignalContext) -> list[dict[str, Any]]:
    """The signal's candidate rows (before the threshold), checked for their shape."""
    logic = context.definition.logic
    if logic.sql is not None:
        rows = context.query(logic.sql)
    elif logic.function in FUNCTIONS:
        rows = FUNCTIONS[logic.function](context)
    else:
        raise InputError(f"signal {context.definition.id}: no function {logic.function!r}")
    for row in rows:
        missing = [k for k in ROW_KEYS if k not in row]
        if missing:
            raise InputError(f"signal {context.definition.id}: its rows lack {', '.join(missing)}")
    return rows


def strongest_rows(rows: list[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """Rows at or above the threshold, one per entity (its highest score)."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept = best.get(row["entity_id"])
        if float(row["score"]) >= threshold and (kept is None or _rank(row) > _rank(kept)):
            best[row["entity_id"]] = row
    return [best[k] for k in sorted(best)]


def _rank(row: dict[str, Any]) -> tuple[float, str, str]:
    """Higher score first; equal scores are decided by the row's fields and evidence, never by
    the order in which the database happened to return the rows."""
    fields = sorted((k, str(v)) for k, v in row.items() if k != "evidence")
    return float(row["score"]), repr(fields), repr(sorted(set(row["evidence"])))


def _schemata(context: SignalContext, ids: set[str]) -> dict[str, str]:
    found = context.query(
        "SELECT canonical_id, schema FROM canonical WHERE canonical_id = ANY($ids)",
        {"ids": sorted(ids)},
    )
    schemata = {r["canonical_id"]: r["schema"] for r in found}
    return {i: schemata.get(i, "Thing") for i in ids}


def _evidence(context: SignalContext, ids: set[str]) -> dict[str, Evidence]:
    found = context.query(
        "SELECT id, entity_id, dataset, prop, value FROM statements WHERE id = ANY($ids)",
        {"ids": sorted(ids)},
    )
    return {
        r["id"]: Evidence(r["id"], r["dataset"], r["prop"], r["value"], r["entity_id"])
        for r in found
    }


def _hit(
    definition: SignalDefinition,
    row: dict[str, Any],
    schema: str,
    names: dict[str, str],
    evidence: dict[str, Evidence],
    labels: dict[str, str],
    dates: dict[str, str],
) -> Hit:
    entity_id = row["entity_id"]
    facts = tuple(
        sorted(
            (evidence[i] for i in set(row["evidence"]) if i in evidence),
            key=lambda e: (e.dataset, e.prop, e.statement_id),
        )
    )
    sources = sorted({labels.get(e.dataset, e.dataset) for e in facts})
    fields = {k: v for k, v in row.items() if k not in ROW_KEYS}
    fields |= {"caption": names[entity_id], "sources": ", ".join(sources), "score": row["score"]}
    return Hit(
        signal_id=definition.id,
        signal_version=definition.version,
        entity_id=entity_id,
        schema=schema,
        caption=names[entity_id],
        score=round(float(row["score"]), 4),
        sentence=render_sentence(definition.sentence, fields),
        evidence=facts,
        known_on=max((dates[e.entity_id] for e in facts if e.entity_id in dates), default=None),
    )
