"""Render a signal's sentence template with a hit's fields, the way a Dutch reader expects.

Templates use Python's ``{field}`` syntax with two extra format specs: ``{amount:eur}`` writes
``€ 250.000`` and ``{ratio:dec}`` writes one decimal with a comma (``4,5``). Lists are joined
with commas; a missing field renders as ``?`` rather than failing the whole run.
"""

import string
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any


def _thousands(value: float) -> str:
    return f"{round(value):,}".replace(",", ".")


class SentenceFormatter(string.Formatter):
    """``str.format`` with ``eur`` and ``dec`` specs and forgiving missing fields."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str):
            return kwargs.get(key, "?")
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None or value == "?":
            return "?"
        if format_spec == "eur":
            return f"€ {_thousands(float(value))}"
        if format_spec == "dec":
            return f"{float(value):.1f}".replace(".", ",")
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and not format_spec:
            return f"{value:.1f}".replace(".", ",") if value % 1 else str(int(value))
        return str(super().format_field(value, format_spec))


def render_sentence(template: str, fields: Mapping[str, Any]) -> str:
    """The template filled in with the hit's fields."""
    return SentenceFormatter().format(template, **fields)


def template_fields(template: str) -> set[str]:
    """The field names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
