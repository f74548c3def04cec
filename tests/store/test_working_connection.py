"""Working DuckDB connections: quiet on the user's terminal, and able to hold more than memory."""

from pathlib import Path

import pytest

from verweven.settings import get_settings
from verweven.store import scratch_connection, working_connection
from verweven.store.duckdb import DuckDBStore


def test_a_working_connection_draws_no_progress_bar() -> None:
    # DuckDB's progress bar goes to stdout for any query slower than two seconds: under load
    # it ended up in `verweven demo`'s output.
    con = working_connection()
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)


def test_a_scratch_connection_holds_tables_larger_than_its_memory_limit() -> None:
    # What resolution and the network build rely on at national scale: working tables of many
    # times the limit live in a temporary folder of their own, gone afterwards.
    rows = "SELECT md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS v FROM range(3000000) t(i)"
    with scratch_connection(memory_limit="64MB") as con:
        folder = Path(con.execute("SELECT current_setting('temp_directory')").fetchone()[0])
        con.execute(f"CREATE TABLE t AS {rows}")
        con.execute("CHECKPOINT")
        assert con.execute("SELECT count(DISTINCT v) FROM t").fetchone() == (3_000_000,)
        used = con.execute("SELECT max(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
        assert used <= 64 * 2**20
        assert sum(f.stat().st_size for f in folder.iterdir()) > 64 * 2**20
    assert not folder.exists()


def test_the_store_and_working_databases_keep_to_the_memory_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DuckDB's own default (80% of memory, per database) let a 1,000,000-person resolution,
    # with two databases and Splink in one process, be killed by the kernel.
    monkeypatch.setenv("VERWEVEN_DUCKDB_MEMORY", "300MB")
    get_settings.cache_clear()
    try:
        store = DuckDBStore(str(tmp_path / "store.duckdb"))
        limit = "SELECT current_setting('memory_limit')"
        assert store._fetchall(limit) == [("286.1 MiB",)]
        store.close()
        with scratch_connection() as con:
            assert con.execute(limit).fetchone() == ("286.1 MiB",)
    finally:
        get_settings.cache_clear()
