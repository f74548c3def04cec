"""The data-subject report: the same content as JSON (for systems) and as a page (for people)."""

import json
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from verweven.reports.render import render_html
from verweven.store.subjects import SubjectReport


def subject_json(report: SubjectReport) -> str:
    """The report as JSON: every value with its source, basis and retention, and every read."""
    return json.dumps(asdict(report), default=_text, indent=2, ensure_ascii=False, sort_keys=True)


def subject_html(report: SubjectReport) -> str:
    """The report as a Dutch page a data subject can read."""
    by_dataset: dict[str, list[dict[str, Any]]] = {}
    for value in report.values:
        by_dataset.setdefault(value["dataset"], []).append(value)
    return render_html("subject.html", report=report, by_dataset=by_dataset)


def write_subject_report(report: SubjectReport, folder: Path) -> list[Path]:
    """``subject.json`` and ``subject.html`` in ``folder`` (which must not hold them yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("subject.json", subject_json(report)),
        ("subject.html", subject_html(report)),
    ):
        path = folder / name
        with path.open("x", encoding="utf-8") as handle:  # never over an earlier report
            handle.write(text)
        written.append(path)
    return written


def _text(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
