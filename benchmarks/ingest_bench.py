"""Ingest benchmark: every delivery of a synthetic region through its mapping file.

Workload: the region of ``--persons`` persons (seed 1, default noise), all 20 mapping files of
examples/mappings/region into a fresh store, per backend and mapper (``compiled``, the default,
or ``rows``: the row-by-row reference, ``VERWEVEN_INGEST_ROW_BY_ROW``). Reported: wall time,
rows/s and statements/s (median of ``--runs`` runs), mapping worker processes, peak memory of
the run, and the engine floor of the store benchmark beside them.

Run: ``python -m benchmarks.ingest_bench [--persons 100000 1000000] [--runs 3]
[--mappers compiled rows]``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.report import cpu_model, describe_machine, load_average, write_section

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "verweven-ingest-bench"
RESULTS = Path(__file__).resolve().parent / "results" / "ingest.json"
COLUMNS = (
    "persons", "backend", "mapper", "runs", "rows", "statements", "wall", "CPU", "rows/s",
    "stmts/s", "floor stmts/s", "peak", "load", "day", "processor",
)  # fmt: skip
POSTGRES_URL = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")

CHILD = """
import json, resource, sys, time
from pathlib import Path
from typing import Any
from benchmarks.actors import ingest_region
from benchmarks.ingest_bench import measure_floor
from verweven.store import open_store
store = open_store(sys.argv[1], schema=sys.argv[2] or None, migrate=True)
started = time.perf_counter()
reports = ingest_region(store, Path(sys.argv[3]), Path(sys.argv[4]))
seconds = time.perf_counter() - started
own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
floor = measure_floor(store) if sys.argv[5] == "1" else None  # after the ingest's figures
if store.dialect == "postgresql":
    store.drop_schema()
print(json.dumps({"seconds": seconds, "rows": sum(r.rows for r in reports),
                  "statements": sum(r.statements for r in reports),
                  "cpu_s": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
                  "peak_mib": own.ru_maxrss / 1024, "floor": floor}))
"""


def region(persons: int) -> Path:
    """A generated region, cached between benchmark runs (same seed, same bytes)."""
    out = CACHE / f"region-{persons}"
    if not (out / "manifest.json").exists():
        subprocess.run(
            [sys.executable, "-m", "verweven", "synth", "--persons", str(persons),
             "--seed", "1", "--out", str(out), "--force"],
            check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
    return out


def ingest_once(
    backend: str, mapper: str, deliveries: Path, folder: Path, keep: Path, floor: bool
) -> dict[str, float]:
    """One ingest in a child process; a DuckDB store is kept at ``keep`` for the resolution
    and graph benchmarks (which then need no ingest of their own)."""
    if backend == "duckdb":
        url, schema = str(folder / f"{uuid.uuid4().hex}.duckdb"), ""
    else:
        url, schema = POSTGRES_URL, f"bench_{uuid.uuid4().hex[:10]}"
    mappings = str(ROOT / "examples" / "mappings" / "region")
    env = {**os.environ, "VERWEVEN_INGEST_ROW_BY_ROW": "1" if mapper == "rows" else "0"}
    output = subprocess.run(
        [sys.executable, "-c", CHILD, url, schema, mappings, str(deliveries), "1" if floor else ""],
        check=True, capture_output=True, text=True, cwd=ROOT, env=env,
    ).stdout  # fmt: skip
    if backend == "duckdb":
        Path(url).replace(keep)
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["duckdb", "postgresql"])
    parser.add_argument("--mappers", nargs="+", default=["compiled"], choices=["compiled", "rows"])
    args = parser.parse_args()
    # Rows measured by earlier invocations stay in the table (each with its own load average),
    # so the expensive 1,000,000-person runs can be made one backend at a time.
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for persons in args.persons:
        deliveries = region(persons) / "deliveries"
        runs = args.runs if persons <= 100_000 else 1
        for backend in args.backends:
            for mapper in args.mappers:
                key = f"{persons}:{backend}:{mapper}"
                known[key] = measure(backend, mapper, deliveries, persons, runs)
                RESULTS.write_text(json.dumps(known, indent=1))
                print(table_line(known[key]), flush=True)
    write_ingest_section(known)


def measure(backend: str, mapper: str, deliveries: Path, persons: int, runs: int) -> dict[str, Any]:
    """The median of ``runs`` ingests of one region on one backend with one mapper."""
    with tempfile.TemporaryDirectory() as tmp:
        keep = CACHE / f"store-{persons}.duckdb"
        results = [
            ingest_once(backend, mapper, deliveries, Path(tmp), keep, floor=run == 0)
            for run in range(runs)
        ]
    row = {
        "persons": persons, "backend": backend, "mapper": mapper, "runs": runs,
        "rows": results[0]["rows"], "statements": results[0]["statements"],
        "seconds": statistics.median(r["seconds"] for r in results),
        "cpu_s": statistics.median(r["cpu_s"] for r in results),
        "peak_mib": max(r["peak_mib"] for r in results),
        "floor": results[0]["floor"],
        "load": load_average(), "date": time.strftime("%Y-%m-%d"), "cpu": cpu_model(),
    }  # fmt: skip
    if backend == "postgresql":
        row["server"] = postgres_server()
    return row


def measure_floor(store: Any) -> float:
    """Statements per second the bare engine loads of the statements just ingested into an
    unindexed copy of the table (DuckDB: an Arrow insert; PostgreSQL: COPY), with no mapping,
    merge or audit: the floor beside verweven's figure (as in the store benchmark)."""
    table = store._fetch_arrow("SELECT * FROM statements")
    if store.dialect == "duckdb":
        con = store._con
        con.register("floor_rows", table)
        con.execute("CREATE TABLE floor_copy AS SELECT * FROM statements LIMIT 0")
        started = time.perf_counter()
        con.execute("INSERT INTO floor_copy SELECT * FROM floor_rows")
        return float(table.num_rows) / (time.perf_counter() - started)
    columns = ", ".join(table.column_names)
    data = [table.column(i).to_pylist() for i in range(table.num_columns)]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
        con.execute(f"SET search_path TO {store.schema}")
        con.execute("CREATE TABLE floor_copy (LIKE statements)")
        started = time.perf_counter()
        with con.cursor() as cur, cur.copy(f"COPY floor_copy ({columns}) FROM STDIN") as copy:
            for row in zip(*data, strict=True):
                copy.write_row(row)
        return float(table.num_rows) / (time.perf_counter() - started)


def postgres_server() -> str:
    """The PostgreSQL version and the settings that shape a bulk load, as measured against."""
    names = ("server_version", "shared_buffers", "max_wal_size", "work_mem", "maintenance_work_mem")
    with psycopg.connect(POSTGRES_URL) as con:
        version, *shown = [con.execute(f"SHOW {name}").fetchall()[0][0] for name in names]
    settings = ", ".join(f"{name} {value}" for name, value in zip(names[1:], shown, strict=True))
    return f"PostgreSQL {version.split()[0]}: {settings}"


def write_ingest_section(known: dict[str, dict[str, Any]]) -> None:
    """The ingest section of BENCHMARKS.md from every row measured so far."""
    rows = [known[key] for key in sorted(known, key=sort_key)]
    lines = [table_line(row) for row in rows]
    workers = os.environ.get("VERWEVEN_INGEST_WORKERS", str(min(os.cpu_count() or 1, 4)))
    notes = "".join(
        f"\n- {row['persons']:,} persons, {row['backend']}, {row.get('mapper', 'rows')}: "
        f"{row['note']}\n"
        for row in rows
        if row.get("note")
    )
    postgres = {row.get("server", "not recorded") for row in rows if row["backend"] == "postgresql"}
    servers = "; ".join(sorted(postgres))
    write_section(
        "ingest",
        f"""## Ingest: a synthetic region through its mapping files

Workload: every delivery of the synthetic region (seed 1, default noise) through the 20 mapping
files of `examples/mappings/region` into a fresh store, each file one atomic import run; rows
are mapped by {workers} worker processes. Wall time is the median of the runs shown (the
1,000,000-person region once). CPU is the processor time of the ingesting process and its
mapping workers together (steadier than wall time when other work shares the machine; the load
average at the end of each row's runs is shown). Peak memory is the ingesting process's (the
mapping workers come on top). *Mapper*: `compiled` is the default (`ingest/compiled.py`: each
distinct value cleaned once, docs/ingest.md), `rows` the row-by-row reference
(`VERWEVEN_INGEST_ROW_BY_ROW=1`); rows measured before the mapper column existed are `rows`
with the store code of their day. *Floor*: the statements just ingested, loaded by the bare
engine into an unindexed copy of the table (DuckDB Arrow insert, PostgreSQL `COPY` of rows from
Python, as in the store benchmark), measured once per row after its first run. The DuckDB
store of the last run is kept as `store-<persons>.duckdb` beside the cached regions, for the
resolution and graph benchmarks. Command: `python -m benchmarks.ingest_bench`.

Machine of the last invocation: {describe_machine()}. Rows of earlier invocations are kept
(`benchmarks/results/ingest.json`); each names its processor (sessions run on 2-core machines
of the same kind, not always the same model). PostgreSQL ran on the same machine, with its
stock settings (verweven raises `work_mem` and `maintenance_work_mem` inside an import run's
transaction only): {servers}.

| {" | ".join(COLUMNS)} |
|{"---|" * len(COLUMNS)}
{chr(10).join(lines)}
{notes}""",
    )


def sort_key(key: str) -> tuple[int, str, str]:
    persons, backend, *mapper = key.split(":")
    return int(persons), backend, "".join(mapper)


def table_line(r: dict[str, Any]) -> str:
    seconds = r["seconds"]
    floor = f"{r['floor']:,.0f}" if r.get("floor") else "—"
    return (
        f"| {r['persons']:,} | {r['backend']} | {r.get('mapper', 'rows')} | {r['runs']} | "
        f"{r['rows']:,.0f} | {r['statements']:,.0f} | {seconds:,.1f} s | {r['cpu_s']:,.0f} s | "
        f"{r['rows'] / seconds:,.0f} | {r['statements'] / seconds:,.0f} | {floor} | "
        f"{r['peak_mib']:,.0f} MiB | {r['load']} | {r['date']} | {r['cpu']} |"
    )


if __name__ == "__main__":
    main()
