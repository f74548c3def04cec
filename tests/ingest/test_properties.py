"""Property-based: mangled rows never crash the importer and never cost a valid row."""

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ingest.conftest import HEADER, MAPPING, inspector, owner, reader, write_delivery
from verweven.ingest import ingest_path
from verweven.store import open_store

FIELDS = len(HEADER.split(";"))

valid_rows = st.builds(
    lambda n, name: f"{n};111222333;{name};;Jansen;19700102;1234AB;1",
    st.integers(1_000_000_000, 9_999_999_999),
    st.text(string.ascii_letters, min_size=1, max_size=12),
)
junk = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters='\x00\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"',
    ),
    max_size=30,
)
mangled_rows = st.one_of(
    st.lists(junk, min_size=1, max_size=FIELDS + 3).map(";".join),
    st.lists(junk, min_size=FIELDS, max_size=FIELDS).map(";".join),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.one_of(valid_rows, mangled_rows), min_size=1, max_size=12))
def test_mangled_rows_never_crash_or_lose_valid_rows(tmp_path: Path, rows: list[str]) -> None:
    folder = tmp_path / str(abs(hash(tuple(rows))))
    folder.mkdir(exist_ok=True)
    write_delivery(folder, HEADER, rows)
    (folder / "brp.yml").write_text(MAPPING)
    with open_store(":memory:") as store:
        [report] = ingest_path(store, folder / "brp.yml", owner(store))
        nonblank = [r for r in rows if r.replace(";", "").strip()]
        assert report.rows == len(nonblank)
        for row in rows:
            if row.endswith(";;Jansen;19700102;1234AB;1"):
                record_id = row.split(";")[0]
                person = store.get_entity(reader(store), f"brp_personen.person.{record_id}")
                assert person.get("lastName") == ["Jansen"]
        quarantined_rows = {
            q.line for q in store.list_quarantine(inspector(store)) if q.field is None
        }
        assert len(quarantined_rows) == report.rows_quarantined
