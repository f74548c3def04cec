"""Working DuckDB connections: quiet on the user's terminal, and able to hold more than memory."""

from pathlib import Path

from verweven.store import scratch_connection, working_connection


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
