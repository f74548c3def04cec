"""Deliveries as their readers may list them: datasets, import runs and the quarantine."""

from verweven.access import Actor
from verweven.model import Dataset
from verweven.services.pages import Page, paginate
from verweven.services.times import in_utc
from verweven.store import ImportRunSummary, QuarantineRecord, Store


def datasets(store: Store, reader: Actor, limit: int, offset: int) -> Page[Dataset]:
    """Registered datasets by name (registry metadata, no personal data)."""
    return paginate(store.list_datasets(reader), limit, offset)


def dataset(store: Store, reader: Actor, name: str) -> Dataset:
    """One dataset's registry entry."""
    return in_utc(store.get_dataset(reader, name))


def import_runs(
    store: Store, reader: Actor, dataset: str | None, limit: int, offset: int
) -> Page[ImportRunSummary]:
    """Completed import runs (of one dataset, if named), newest first."""
    return paginate(store.list_import_runs(reader, dataset)[::-1], limit, offset)


def quarantine(
    store: Store,
    reader: Actor,
    dataset: str | None,
    import_run: str | None,
    limit: int,
    offset: int,
) -> Page[QuarantineRecord]:
    """Refused input of the deliveries the reader may inspect (their own partner's steward,
    for data management), by file and line."""
    return paginate(store.list_quarantine(reader, dataset, import_run), limit, offset)
