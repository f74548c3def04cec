"""What one file's import run did, and the check that its rows add up.

Every row read is either imported or quarantined — never dropped in between. The check
compares counts taken at independent points: the lines in the file's bytes, the lines and rows
the reader took, the rows that came back from mapping, the rows and values the store holds in
quarantine for the run and the statements it staged. A mismatch fails the run (it is rolled
back), because a row lost without a trace is the worst kind of error.
"""

from collections import Counter
from dataclasses import dataclass, field

from verweven.errors import ReconciliationError
from verweven.ingest.rows import ReadTally


@dataclass
class IngestReport:
    """What one file's import run did."""

    mapping: str
    file: str
    dataset: str
    run_id: str = ""
    rows: int = 0
    rows_imported: int = 0
    rows_quarantined: int = 0
    values_quarantined: int = 0
    entities: int = 0
    statements: int = 0
    statements_new: int = 0
    seconds: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)
    lines: int = 0
    blank_lines: int = 0
    not_read: list[str] = field(default_factory=list)  # archive members of another format


def reconcile(report: IngestReport, tally: ReadTally, stored: tuple[int, int], staged: int) -> None:
    """Check that the rows of one file add up; ReconciliationError (the run is rolled back)
    naming every count that does not."""
    problems = tally.line_problems()
    if tally.rows != report.rows:
        problems.append(f"the reader gave {tally.rows} rows, {report.rows} came back mapped")
    if report.rows != report.rows_imported + report.rows_quarantined:
        problems.append(
            f"{report.rows} rows read ≠ {report.rows_imported} imported + "
            f"{report.rows_quarantined} quarantined"
        )
    rows_stored, values_stored = stored
    if (rows_stored, values_stored) != (report.rows_quarantined, report.values_quarantined):
        problems.append(
            f"{report.rows_quarantined} rows and {report.values_quarantined} values were "
            f"quarantined, the store holds {rows_stored} and {values_stored}"
        )
    if staged != report.statements:
        problems.append(f"{report.statements} statements were made, {staged} staged")
    if problems:
        raise ReconciliationError(
            f"{report.file}: the rows do not add up ({'; '.join(problems)}); the run was rolled "
            "back and nothing of this file was written — please report this as a bug"
        )
    report.lines = tally.lines_read
    report.blank_lines = tally.blank_lines
