"""Signals: declarative, versioned indicators with evidence and a sentence a mayor can read.

Each signal is one YAML file in ``definitions/`` (see docs/signals.md, the signal register).
``run_signals(store, reader)`` runs them over what the reader may see; every hit names the
entity, a score, a plain sentence and the statements (and deliveries) it rests on. A hit is a
ground for a human to look, never a verdict.
"""

from verweven.signals.definition import (
    SignalDefinition,
    Theme,
    load_definition,
    load_definitions,
    select_definitions,
)
from verweven.signals.engine import SignalRun, read_inputs, run_on_table, run_signals
from verweven.signals.hits import (
    Evidence,
    Hit,
    RankedEntity,
    hit_record,
    rank_entities,
    sort_hits,
)

__all__ = [
    "Evidence",
    "Hit",
    "RankedEntity",
    "SignalDefinition",
    "SignalRun",
    "Theme",
    "hit_record",
    "load_definition",
    "load_definitions",
    "rank_entities",
    "read_inputs",
    "run_on_table",
    "run_signals",
    "select_definitions",
    "sort_hits",
]
