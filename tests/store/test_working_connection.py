"""Working DuckDB connections must not draw on the user's terminal."""

from verweven.store import working_connection


def test_a_working_connection_draws_no_progress_bar() -> None:
    # DuckDB's progress bar goes to stdout for any query slower than two seconds: under load
    # it ended up in `verweven demo`'s output.
    con = working_connection()
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
