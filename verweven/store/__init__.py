"""One store interface, two backends: DuckDB (embedded default) and PostgreSQL."""

from verweven.store.base import Store
from verweven.store.duckdb import (
    create_table,
    query_arrow,
    scratch_connection,
    working_connection,
)
from verweven.store.local_reads import LocalRead, Walk, relationship_schemata
from verweven.store.open import open_store, store_files
from verweven.store.records import (
    HitAnswer,
    HitQuestion,
    ImportRunSummary,
    PartnerAnswer,
    QuarantineRecord,
    SignalHitRecord,
    SubjectDecision,
)
from verweven.store.resolution_settings import StoredSettings
from verweven.store.rows import rows_table
from verweven.store.runs import ImportRun

__all__ = [
    "HitAnswer",
    "HitQuestion",
    "ImportRun",
    "ImportRunSummary",
    "LocalRead",
    "PartnerAnswer",
    "QuarantineRecord",
    "SignalHitRecord",
    "Store",
    "StoredSettings",
    "SubjectDecision",
    "Walk",
    "create_table",
    "open_store",
    "query_arrow",
    "relationship_schemata",
    "rows_table",
    "scratch_connection",
    "store_files",
    "working_connection",
]
