"""Search benchmark: the exact search against the forgiving one (a misspelt name) on each
backend, in process (no HTTP), as the analyst.

Workload: PERSONS synthetic persons (10 statements each, four of them names of about the same
length — the worst case for the name search's length window), one dataset. Each search is a
full read: decided by the policy, audited, the page of results assembled. The figure is the
median of RUNS runs after one warm-up.

Run: ``python -m benchmarks.search_bench [--persons N] [--runs R]``.
"""

import argparse
import os
import tempfile
import uuid
from pathlib import Path

import psycopg

from benchmarks.actors import account, steward
from benchmarks.persons import DATASET, make_statements
from benchmarks.report import describe_machine, load_average, median_seconds, write_section
from verweven.access import Role
from verweven.services.entities import search_entities
from verweven.services.search import search
from verweven.store import Store, open_store

POSTGRES_URL = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
EXACT, MISSPELT = "Persoon 4242", "Persin 4242"


def fill(store: Store, persons: int) -> None:
    owner = steward(store, DATASET.partner)
    store.register_dataset(DATASET, owner)
    with store.import_run(DATASET.name, "bench", owner) as run:
        run.write(make_statements(persons * 10))


def measure(store: Store, runs: int) -> dict[str, float]:
    reader = account(store, "bench.analist", "riec_bench", Role.ANALIST).acting_for(
        "riec_casus", "BENCH"
    )
    exact = search_entities(store, reader, EXACT)
    forgiving = search(store, reader, MISSPELT)
    assert exact.total == 1 and forgiving.items[0].caption == EXACT, "the searches found other"
    return {
        "exact": median_seconds(lambda: search_entities(store, reader, EXACT), runs),
        "forgiving": median_seconds(lambda: search(store, reader, MISSPELT), runs),
    }


def run_duckdb(persons: int, runs: int) -> dict[str, float]:
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(str(Path(folder) / "bench.duckdb"), migrate=True) as store,
    ):
        fill(store, persons)
        return measure(store, runs)


def run_postgres(persons: int, runs: int) -> dict[str, float]:
    schema = f"bench_search_{uuid.uuid4().hex[:8]}"
    try:
        with open_store(POSTGRES_URL, schema=schema, migrate=True) as store:
            fill(store, persons)
            store._execute("ANALYZE")
            return measure(store, runs)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load = load_average()
    figures = {"DuckDB": run_duckdb(args.persons, args.runs),
               "PostgreSQL": run_postgres(args.persons, args.runs)}  # fmt: skip
    rows = "\n".join(
        f"| {backend} | {found['exact'] * 1000:,.0f} ms | {found['forgiving'] * 1000:,.0f} ms |"
        for backend, found in figures.items()
    )
    write_section(
        "search",
        f"""## Search: exact against forgiving (a misspelt name)

Workload: {args.persons:,} persons × 10 statements (four names each, of about the same
length), one dataset; the analyst searches `{EXACT}` exactly (`GET /api/v1/entities`) and
`{MISSPELT}` forgivingly (`GET /api/v1/search`: identifier forms, then names within two
edits), in process; each search decided, audited and its page assembled. Median of
{args.runs} runs after a warm-up.
Command: `python -m benchmarks.search_bench --persons {args.persons}`.

Machine: {describe_machine()}; PostgreSQL on the same machine (stock settings), shared with
other engineers (load average {load} at the start).

| backend | exact | forgiving |
|---|---|---|
{rows}

The forgiving search reads every name of about the typed length the reader may read (DuckDB
narrows them first with its native Levenshtein; PostgreSQL has none without an extension) and
counts the distance in Python, so both backends agree and its time grows with the region: an
index of name trigrams or a per-entity name table is the next step for a region of millions.
""",
    )


if __name__ == "__main__":
    main()
