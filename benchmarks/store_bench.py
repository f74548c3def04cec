"""Store benchmark: write 1,000,000 statements, read 10,000 assembled entities, on each backend.

Workload: 100,000 Person entities of 10 statements each (id, name, first/last name, birth date,
BSN, address, two more), one import run. Reported per backend, median of RUNS runs:
- write: Statement objects handed to an import run until it has committed;
- read: 10,000 entities (random sample, seed 7) assembled with provenance by one get_entities call;
- floor: the same rows loaded by the bare engine (DuckDB Arrow insert / PostgreSQL COPY) with no
  merge, audit or Python objects — the reference that shows verweven's overhead.

Run: ``python -m benchmarks.store_bench [--statements N] [--runs R]``.
"""

import argparse
import os
import random
import statistics
import tempfile
import uuid
from pathlib import Path

import psycopg

from benchmarks.actors import analyst, steward
from benchmarks.persons import DATASET, make_statements
from benchmarks.report import describe_machine, median_seconds, write_section
from verweven.access import Actor
from verweven.model import Statement
from verweven.store import Store, open_store
from verweven.store.duckdb import DuckDBStore
from verweven.store.rows import rows_table, run_table, statement_as_row, utc_now

POSTGRES_URL = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")


def fresh_store(backend: str, folder: Path) -> Store:
    if backend == "duckdb":
        path = folder / f"{uuid.uuid4().hex}.duckdb"
        return open_store(str(path))
    return open_store(POSTGRES_URL, schema=f"bench_{uuid.uuid4().hex[:10]}", migrate=True)


def drop(store: Store) -> None:
    if store.dialect == "postgresql":
        store.drop_schema()  # type: ignore[attr-defined]
    store.close()


def measure_backend(
    backend: str, stmts: list[Statement], runs: int, folder: Path
) -> dict[str, float]:
    """Median write, read and engine-floor seconds over ``runs`` fresh stores."""
    timings: dict[str, list[float]] = {"write": [], "read": [], "floor": []}
    ids = random.Random(7).sample(sorted({s.entity_id for s in stmts}), 10_000)
    for _ in range(runs):
        store = fresh_store(backend, folder)
        owner, reader = steward(store, DATASET.partner), analyst(store)
        store.register_dataset(DATASET, owner)

        def write(store: Store = store, owner: Actor = owner) -> None:
            with store.import_run(DATASET.name, "bench", owner) as run:
                run.write(stmts)

        def read(store: Store = store, reader: Actor = reader) -> None:
            store.get_entities(reader, ids)

        timings["write"].append(median_seconds(write, runs=1))
        timings["read"].append(median_seconds(read, 1))
        assert len(store.get_entities(reader, ids[:10])) == 10
        timings["floor"].append(measure_floor(store, stmts))
        drop(store)
    return {name: statistics.median(values) for name, values in timings.items()}


def measure_floor(store: Store, stmts: list[Statement]) -> float:
    """Bare engine bulk load of the same rows into an unindexed table."""
    rows = [statement_as_row(stmt) for stmt in stmts]
    table = run_table(rows_table(rows), stmts[0].dataset, "floor", utc_now())
    if isinstance(store, DuckDBStore):
        con = store._con
        con.register("floor_rows", table)
        con.execute("CREATE TABLE floor_copy AS SELECT * FROM statements LIMIT 0")
        return median_seconds(
            lambda: con.execute("INSERT INTO floor_copy SELECT * FROM floor_rows"), 1
        )
    columns = ", ".join(table.column_names)
    data = [table.column(i).to_pylist() for i in range(table.num_columns)]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
        con.execute(f"SET search_path TO {store.schema}")  # type: ignore[attr-defined]
        con.execute("CREATE TABLE floor_copy (LIKE statements)")

        def load() -> None:
            with con.cursor() as cur, cur.copy(f"COPY floor_copy ({columns}) FROM STDIN") as copy:
                for row in zip(*data, strict=True):
                    copy.write_row(row)

        return median_seconds(load, runs=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    stmts = make_statements(args.statements)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("duckdb", "postgresql"):
            figures = measure_backend(backend, stmts, args.runs, Path(tmp))
            rate = args.statements / figures["write"]
            rows.append(
                f"| {backend} | {figures['write']:.2f} s | {rate:,.0f} /s | "
                f"{figures['floor']:.2f} s | {figures['read']:.2f} s | "
                f"{10_000 / figures['read']:,.0f} /s |"
            )
            print(rows[-1], flush=True)
    write_section(
        "store",
        f"""## Store: write 1,000,000 statements, read 10,000 entities

Workload: {args.statements:,} statements (= {args.statements // 10:,} Person entities × 10
statements) written in one import run; then 10,000 randomly chosen entities (seed 7) read back
assembled with provenance in one `get_entities` call (one audit event). Median of {args.runs}
runs, each on a fresh store. *Floor* is the bare engine loading the same rows (DuckDB Arrow
insert / PostgreSQL `COPY`) with no merge, no audit, no Python objects: verweven's overhead is
the difference. Command: `python -m benchmarks.store_bench`.

Machine: {describe_machine()}.

| backend | write | statements/s | engine floor | read 10,000 entities | entities/s |
|---|---|---|---|---|---|
{chr(10).join(rows)}
""",
    )


if __name__ == "__main__":
    main()
