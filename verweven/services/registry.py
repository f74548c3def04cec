"""Deliveries as their readers may list them: datasets (with freshness and quarantine counts),
import runs and the quarantine; and the policy in force, read-only."""

from datetime import datetime

from pydantic import BaseModel, Field

from verweven.access import Actor, load_policy
from verweven.access.purposes import CATALOGUE
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


class DatasetOverview(BaseModel):
    """A delivery with its freshness and what its runs refused (counts only, no content)."""

    dataset: Dataset
    last_delivery: datetime | None = Field(description="when its newest import run finished")
    runs: int
    statements_written: int
    quarantined_last: int = Field(description="rows its newest run refused (quarantine)")
    quarantined_total: int = Field(description="rows all its runs refused")


class PolicyFile(BaseModel):
    """One file of the policy in force: who may do what, for which purpose."""

    name: str
    text: str


def dataset_overview(store: Store, reader: Actor) -> list[DatasetOverview]:
    """Every registered delivery by name with its last delivery and quarantine counts, from
    the registry and the import runs (operational metadata, no personal data; the refused
    rows themselves are read through ``quarantine``)."""
    runs: dict[str, list[ImportRunSummary]] = {}
    for run in store.list_import_runs(reader):
        runs.setdefault(run.dataset, []).append(run)  # oldest first
    overview = []
    for found in store.list_datasets(reader):
        done = runs.get(found.name, [])
        overview.append(
            in_utc(
                DatasetOverview(
                    dataset=in_utc(found),
                    last_delivery=done[-1].finished_at if done else found.delivered_at,
                    runs=len(done),
                    statements_written=sum(r.statements_written for r in done),
                    quarantined_last=done[-1].quarantined if done else 0,
                    quarantined_total=sum(r.quarantined for r in done),
                )
            )
        )
    return overview


def policy_files() -> list[PolicyFile]:
    """The policy in force, read-only: its Cedar files, their schema and the purposes."""
    folder = load_policy().folder
    paths = [*sorted(folder.glob("*.cedar")), folder / "schema.cedarschema", CATALOGUE]
    return [
        PolicyFile(name=path.name, text=path.read_text(encoding="utf-8"))
        for path in paths
        if path.exists()
    ]
