"""A SIGKILL in the middle of an ingest leaves the store as it was before that run."""

import signal
import textwrap
from pathlib import Path

from tests.factories import make_reader
from tests.ingest.conftest import HEADER, ROWS, write_delivery
from tests.store.test_crash import location, start_child, wait_for
from verweven.ingest import ingest_path
from verweven.store import Store, open_store

ANALYST = make_reader("riec")

INGEST_AND_REPORT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tests.factories import make_reader
    from verweven.ingest import ingest_path
    from verweven.store import open_store

    store = open_store(sys.argv[1], schema=sys.argv[2] or None)
    def progress(rows):
        if rows == 100_000:  # several bulk batches are in the store by now
            print("ingesting", flush=True)
    ingest_path(store, Path(sys.argv[3]), make_reader(), progress=progress)
    """
)


def test_sigkill_mid_ingest_leaves_store_as_before(store: Store, delivery: Path) -> None:
    ingest_path(store, delivery, ANALYST)
    before = (
        store.count_statements(ANALYST),
        len(store.list_import_runs()),
        len(store.list_quarantine()),
    )
    rows = [
        f"{2_000_000_000 + i};111222333;Piet;;Jansen;19700102;1234AB;{i}" for i in range(400_000)
    ]
    write_delivery(delivery.parent, HEADER, [*ROWS, *rows, "kapot"])
    url, schema = location(store)
    store.close()

    child = start_child(INGEST_AND_REPORT, url, schema, str(delivery))
    try:
        wait_for(child, "ingesting")
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    with open_store(url, schema=schema or None) as after:
        counts = (
            after.count_statements(ANALYST),
            len(after.list_import_runs()),
            len(after.list_quarantine()),
        )
        assert counts == before
