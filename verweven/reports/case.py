"""The case file for the case meeting, as a page (printable to PDF from a browser)."""

from datetime import datetime
from pathlib import Path

from verweven.cases import CaseFile
from verweven.reports.network_svg import network_svg
from verweven.reports.render import render_html


def case_html(file: CaseFile, generated_by: str, generated_at: datetime) -> str:
    subjects = file.case.subjects
    picture = network_svg(file.network, subjects[0] if subjects else None)
    return render_html(
        "case.html",
        file=file,
        network=picture,
        generated_by=generated_by,
        generated_at=generated_at,
    )


def write_case_file(file: CaseFile, path: Path, generated_by: str, generated_at: datetime) -> Path:
    """The case file as ``path`` (an HTML file that must not exist yet)."""
    with path.open("x", encoding="utf-8") as handle:
        handle.write(case_html(file, generated_by, generated_at))
    return path
