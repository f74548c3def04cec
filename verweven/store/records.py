"""Plain records the store returns besides entities: import runs and quarantined input."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class QuarantineRecord:
    """Input that was refused, kept whole with where it came from and what was expected."""

    file: str
    reason: str
    line: int | None = None
    field: str | None = None
    value: str | None = None
    raw: str | None = None
    id: str = ""
    import_run: str = ""
    dataset: str = ""
    record_id: str | None = None  # the partner's own id of the row, when it could be read


@dataclass(frozen=True)
class ImportRunSummary:
    """What one completed import run wrote."""

    id: str
    dataset: str
    source: str
    started_at: datetime
    finished_at: datetime
    statements_written: int
    statements_new: int
    quarantined: int
