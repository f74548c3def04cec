"""Datasets (with freshness and quarantine counts), import runs, the quarantine, and the
policy in force (read-only)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from verweven.api.deps import DEFAULT_PAGE, LeaseDep, Limit, Offset, Reader
from verweven.model import Dataset
from verweven.services import Page
from verweven.services import registry as services
from verweven.store import ImportRunSummary, QuarantineRecord

router = APIRouter(tags=["deliveries"])
Name = Annotated[str | None, Query(max_length=100)]


@router.get("/datasets", response_model=Page[Dataset])
def datasets(
    reader: Reader, leased: LeaseDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> Page[Dataset]:
    """Every registered delivery: partner, legal basis, purposes, retention, sensitivity."""
    return services.datasets(leased.store, reader, limit, offset)


@router.get("/datasets/{name}", response_model=Dataset)
def dataset(
    name: Annotated[str, Path(min_length=1, max_length=100)], reader: Reader, leased: LeaseDep
) -> Dataset:
    """One delivery's registry entry."""
    return services.dataset(leased.store, reader, name)


@router.get("/import-runs", response_model=Page[ImportRunSummary])
def import_runs(
    reader: Reader,
    leased: LeaseDep,
    dataset: Name = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[ImportRunSummary]:
    """Completed import runs (of one dataset, if named), newest first."""
    return services.import_runs(leased.store, reader, dataset, limit, offset)


@router.get("/quarantine", response_model=Page[QuarantineRecord])
def quarantine(
    reader: Reader,
    leased: LeaseDep,
    dataset: Name = None,
    import_run: Name = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[QuarantineRecord]:
    """Refused input of your own partner's deliveries (purpose gegevensbeheer)."""
    return services.quarantine(leased.store, reader, dataset, import_run, limit, offset)


@router.get("/dataset-overview", response_model=list[services.DatasetOverview])
def dataset_overview(reader: Reader, leased: LeaseDep) -> list[services.DatasetOverview]:
    """Every delivery with its last delivery (freshness), runs and quarantine counts (no
    content: the refused rows are GET /quarantine, for the partner's steward)."""
    return services.dataset_overview(leased.store, reader)


@router.get("/policy", response_model=list[services.PolicyFile])
def policy(reader: Reader) -> list[services.PolicyFile]:
    """The policy in force, read-only: its Cedar files, their schema and the purposes."""
    return services.policy_files()
