"""Times as a web client needs them. The store keeps UTC without a zone (both backends store
TIMESTAMP WITHOUT TIME ZONE); an API answer says it is UTC, so every client reads the same
moment (RFC 3339 wants the offset)."""

import dataclasses
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


def in_utc(record: T) -> T:
    """``record`` (a pydantic model or a dataclass) with its zone-less times marked UTC."""
    if isinstance(record, BaseModel):
        return record.model_copy(update=_marked(dict(record)))
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
        return dataclasses.replace(record, **_marked(fields))
    return record


def _marked(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.replace(tzinfo=UTC)
        for name, value in values.items()
        if isinstance(value, datetime) and value.tzinfo is None
    }
