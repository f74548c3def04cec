"""A process killed in the middle of an import leaves the store exactly as before."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import reopen
from tests.factories import account_token, admin, analyst, load, make_dataset, make_entity, register
from verweven.access import Role
from verweven.errors import StoreLockedError
from verweven.store import Store, open_store
from verweven.store.postgres import PostgresStore

ROOT = Path(__file__).resolve().parents[2]

ENDLESS_IMPORT = textwrap.dedent(
    """
    import sys
    from tests.factories import make_entity
    from verweven.store import open_store

    store = open_store(sys.argv[1], schema=sys.argv[2] or None)
    steward = store.authenticate_token(sys.argv[3])

    def endless():
        i = 0
        while True:
            yield from make_entity(f"k{i}", name=f"naam {i}")
            i += 1
            if i == 30_000:
                print("staged", flush=True)

    with store.import_run("brp_personen", "endless", steward) as run:
        run.write(endless(), batch_size=5_000)
    """
)

HOLD_OPEN = textwrap.dedent(
    """
    import sys, time
    from verweven.store import open_store

    store = open_store(sys.argv[1])
    print("open", flush=True)
    time.sleep(60)
    """
)


def start_child(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def wait_for(child: subprocess.Popen[str], line: str) -> None:
    assert child.stdout is not None
    assert child.stdout.readline().strip() == line, "child did not reach the expected point"


def location(store: Store) -> tuple[str, str]:
    if isinstance(store, PostgresStore):
        return store._url, store.schema
    return store.path, ""


def test_sigkill_mid_import_leaves_store_as_before(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    load(store, make_entity("p1", name="Jan"))
    before = (store.count_statements(analyst(store)), len(store.list_import_runs(admin(store))))
    url, schema = location(store)
    token = account_token(store, Role.GEGEVENSBEHEERDER, partner="gemeente")
    store.close()

    child = start_child(ENDLESS_IMPORT, url, schema, token)
    try:
        wait_for(child, "staged")
        time.sleep(0.5)  # let it stage more batches
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    after = open_store(url, schema=schema or None)
    assert (after.count_statements(analyst(after)), len(after.list_import_runs(admin(after)))) == (
        before
    )
    assert after.find_entities(analyst(after), "naam 1") == []
    after.close()


def test_store_file_held_by_another_process_gives_a_clear_error(tmp_path: Path) -> None:
    path = str(tmp_path / "held.duckdb")
    open_store(path).close()
    child = start_child(HOLD_OPEN, path)
    try:
        wait_for(child, "open")
        with pytest.raises(StoreLockedError, match="in use by another verweven process"):
            open_store(path)
    finally:
        child.kill()
        child.wait(timeout=30)


def test_reopened_store_sees_committed_runs(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    load(store, make_entity("p1", name="Jan"))
    if not isinstance(store, PostgresStore):
        store.close()
    other = reopen(store)
    assert other.find_entities(analyst(other), "Jan") == ["p1"]
    other.close()
