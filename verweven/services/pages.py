"""One page of a listing: the items from ``offset``, at most ``limit``, and how many there are."""

from collections.abc import Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from verweven.services.times import in_utc

T = TypeVar("T")
MAX_LIMIT = 500
DEFAULT_LIMIT = 50


class Page(BaseModel, Generic[T]):
    """A slice of a listing in a stable order; ``total`` counts every item the reader may see."""

    items: list[T]
    total: int = Field(ge=0, examples=[120])
    limit: int = Field(ge=1, le=MAX_LIMIT, examples=[DEFAULT_LIMIT])
    offset: int = Field(ge=0, examples=[0])


def paginate(items: Sequence[T], limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page[T]:
    """The page of ``items`` (already in their listing's order) from ``offset``, its times
    marked UTC."""
    return Page[T](
        items=[in_utc(item) for item in items[offset : offset + limit]],
        total=len(items),
        limit=limit,
        offset=offset,
    )
