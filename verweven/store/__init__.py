"""One store interface, two backends: DuckDB (embedded default) and PostgreSQL."""

from verweven.store.base import ImportRun, Store
from verweven.store.open import open_store
from verweven.store.records import ImportRunSummary, QuarantineRecord

__all__ = ["ImportRun", "ImportRunSummary", "QuarantineRecord", "Store", "open_store"]
