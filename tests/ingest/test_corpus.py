"""The hostile corpus: every case ends as it must, on DuckDB and PostgreSQL, also when run twice.

See tests/ingest/corpus/cases.py for the cases and docs/ingest.md for the table made of them.
"""

from pathlib import Path

import pytest

from tests.factories import admin, analyst, delivering
from tests.ingest.corpus.cases import CASES, Case, Expected, markdown_table
from tests.ingest.corpus.generate import write_case
from verweven.access import Actor
from verweven.errors import VerwevenError
from verweven.ingest import IngestReport, ingest_path
from verweven.store import QuarantineRecord, Store

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ingest.md"


def assert_fragments(found: list[str], expected: tuple[str, ...]) -> None:
    """Each expected fragment in exactly one of ``found``, and nothing found beyond them; a
    fragment "column: words" matches a value of that column whose reason has those words."""
    left = list(found)
    for fragment in expected:
        column, _, words = fragment.rpartition(": ")
        prefix = f"{column}: " if column else ""
        match = next((t for t in left if t.startswith(prefix) and words in t), None)
        assert match is not None, f"no quarantine record with {fragment!r} in {left}"
        left.remove(match)
    assert left == [], f"quarantined beyond what the case expects: {left}"


def inspector(store: Store, mapping: Path) -> Actor:
    """The delivering partner's steward, reading its own quarantine."""
    return delivering(store, mapping).acting_for("gegevensbeheer")


def assert_outcome(
    store: Store, mapping: Path, reports: list[IngestReport], expected: Expected
) -> None:
    quarantined = store.list_quarantine(inspector(store, mapping))
    rows = [q.reason for q in quarantined if q.field is None]
    values = [f"{q.field}: {q.reason}" for q in quarantined if q.field is not None]
    assert sum(r.rows_imported for r in reports) == expected.imported
    assert all(r.rows == r.rows_imported + r.rows_quarantined for r in reports)
    assert_fragments(rows, expected.rows)
    assert_fragments(values, expected.values)
    assert all(q.raw for q in quarantined if q.field is None), "a refused row keeps its raw text"
    for entity_id, prop, value in expected.stored:
        assert value in store.get_entity(analyst(store), entity_id).get(prop)


def quarantine_ids(store: Store, mapping: Path) -> list[QuarantineRecord]:
    return sorted(store.list_quarantine(inspector(store, mapping)), key=lambda q: q.id)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus_case(case: Case, store: Store, tmp_path: Path) -> None:
    mapping = write_case(case, tmp_path)
    if case.expected.refused is not None:
        with pytest.raises(VerwevenError, match=case.expected.refused):
            ingest_path(store, mapping, delivering(store, mapping))
        assert store.list_import_runs(admin(store)) == []
        assert store.list_quarantine(inspector(store, mapping)) == []
        return
    reports = ingest_path(store, mapping, delivering(store, mapping))
    assert_outcome(store, mapping, reports, case.expected)
    before = [(q.id, q.reason) for q in quarantine_ids(store, mapping)]
    again = ingest_path(store, mapping, delivering(store, mapping))
    after = [(q.id, q.reason) for q in quarantine_ids(store, mapping)]
    assert after == before, "re-run added records"
    assert [r.statements_new for r in again] == [0] * len(again)
    assert [r.rows_quarantined for r in again] == [r.rows_quarantined for r in reports]


def test_refused_rows_keep_the_raw_row(store: Store, tmp_path: Path) -> None:
    [case] = [case for case in CASES if case.name == "huge_record_id"]
    mapping = write_case(case, tmp_path)
    ingest_path(store, mapping, delivering(store, mapping))
    [record] = store.list_quarantine(inspector(store, mapping))
    assert record.raw is not None and "9" * 20_000 in record.raw and "Johannes" not in record.raw


def test_docs_table_is_the_corpus() -> None:
    assert markdown_table() in DOCS.read_text(encoding="utf-8")
