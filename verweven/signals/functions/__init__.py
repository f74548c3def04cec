"""Signals whose logic is a Python function (graph analyses), registered by name.

A function takes the signal's ``SignalContext`` and returns rows shaped like a SQL signal's:
``entity_id``, ``score``, ``evidence`` (statement ids) and the sentence's fields. Its docstring
is its logic in the signal register, and its source is checked for forbidden inputs.
"""

from collections.abc import Callable
from typing import Any

from verweven.signals.context import SignalContext
from verweven.signals.functions.proximity import proximity_to_convicted

SignalFunction = Callable[[SignalContext], list[dict[str, Any]]]

FUNCTIONS: dict[str, SignalFunction] = {
    "proximity_to_convicted": proximity_to_convicted,
}

__all__ = ["FUNCTIONS", "SignalFunction"]
