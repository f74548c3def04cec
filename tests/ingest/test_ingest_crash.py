"""A SIGKILL in the middle of an ingest leaves the store as it was before that run."""

import signal
import textwrap
import time
from pathlib import Path

from tests.factories import account_token, admin
from tests.ingest.conftest import HEADER, ROWS, inspector, owner, reader, write_delivery
from tests.store.test_crash import location, start_child, wait_for
from verweven.access import Role
from verweven.ingest import ingest_path
from verweven.store import Store, open_store

INGEST_AND_REPORT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    os.environ["VERWEVEN_INGEST_WORKERS"] = "2"  # the kill must also reach mapping workers
    from verweven.ingest import ingest_path
    from verweven.store import open_store

    store = open_store(sys.argv[1], schema=sys.argv[2] or None)
    steward = store.authenticate_token(sys.argv[4])
    def progress(rows):
        if rows == 100_000:  # several bulk batches are in the store by now
            print("ingesting", flush=True)
    ingest_path(store, Path(sys.argv[3]), steward, progress=progress)
    """
)


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc), not counting multiprocessing's
    resource tracker, which is not a mapping worker."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def test_sigkill_mid_ingest_leaves_store_as_before(store: Store, delivery: Path) -> None:
    ingest_path(store, delivery, owner(store))
    before = (
        store.count_statements(reader(store)),
        len(store.list_import_runs(admin(store))),
        len(store.list_quarantine(inspector(store))),
    )
    rows = [
        f"{2_000_000_000 + i};111222333;Piet;;Jansen;19700102;1234AB;{i}" for i in range(400_000)
    ]
    write_delivery(delivery.parent, HEADER, [*ROWS, *rows, "kapot"])
    url, schema = location(store)
    token = account_token(store, Role.GEGEVENSBEHEERDER, partner="gemeente_voorbeeld")
    store.close()

    child = start_child(INGEST_AND_REPORT, url, schema, str(delivery), token)
    try:
        wait_for(child, "ingesting")
        workers = children_of(child.pid)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert len(workers) == 2, "the ingest should have been mapping in two workers"
    deadline = time.monotonic() + 15
    while (alive := [pid for pid in workers if Path(f"/proc/{pid}").exists()]) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert alive == [], "mapping workers outlived the killed ingest"

    with open_store(url, schema=schema or None) as after:
        counts = (
            after.count_statements(reader(after)),
            len(after.list_import_runs(admin(after))),
            len(after.list_quarantine(inspector(after))),
        )
        assert counts == before
