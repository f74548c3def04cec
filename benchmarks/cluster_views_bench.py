"""What a reader's view of the clusters costs: computing it, and reading through it.

Workload: the store of `make demo` (the synthetic region, ingested and resolved), copied so the
demo stays as it was. A view without police, FIU and OM deliveries (what the Bibob purpose
may use) splits the clusters those records held together; the full view splits none. Per
view: the time to compute its parts (once per resolution), and a full scan through the view's
relation against the same scan with the filter reads had before views (datasets, minus
restricted records and superseded statements; no cluster ids of the view).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import describe_machine, load_average, write_section
from verweven.store import Store, open_store
from verweven.store.views import VISIBLE

DEMO_STORE = Path("out/demo/verweven.duckdb")
HIDDEN = ("politie_", "fiu_", "om_")
COLUMNS = (
    "view", "datasets", "clusters with hidden records", "clusters split", "records regrouped",
    "statements", "entities (view)", "entities (clusters as resolved)", "compute the view",
    "scan through the view", "scan as before views",
)  # fmt: skip


def _median(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _scan(store: Store, relation: str, params: list[object]) -> tuple[int, int]:
    [(rows, entities)] = store._fetchall(
        f"SELECT count(*), count(DISTINCT canonical_id) FROM {relation}", params
    )
    return int(rows), int(entities)


def measure(store: Store, datasets: list[str], runs: int) -> dict[str, object]:
    key = store._view_key(datasets)
    parts = store._view_rows(key, datasets)
    compute = _median(lambda: store._view_rows(key, datasets), runs)
    store._forget_views()
    relation, params = store._visible_statements(datasets)  # computes and keeps the view
    plain = f"(SELECT * FROM statements WHERE {VISIBLE}) statements"  # the reads before views
    rows, entities = _scan(store, relation, params)
    _, unsplit = _scan(store, plain, [datasets])
    [(mixed,)] = store._fetchall(
        f"WITH seen AS (SELECT DISTINCT entity_id FROM statements WHERE {VISIBLE}) "
        "SELECT count(*) FROM (SELECT c.canonical_id FROM canonical_ids c LEFT JOIN seen s "
        "ON s.entity_id = c.entity_id GROUP BY 1 "
        "HAVING count(s.entity_id) > 0 AND count(s.entity_id) < count(*)) mixed",
        [datasets],
    )
    return {
        "mixed": int(mixed),
        "split": len(
            store._fetchall(
                "SELECT DISTINCT canonical_id FROM canonical_ids WHERE entity_id = ANY(?)",
                [sorted({record for _, record, _ in parts})],
            )
        ),
        "datasets": len(datasets),
        "records": len({record for _, record, _ in parts}),
        "statements": rows,
        "entities": entities,
        "unsplit": unsplit,
        "compute": compute,
        "through_view": _median(lambda: _scan(store, relation, params), runs),
        "direct": _median(lambda: _scan(store, plain, [datasets]), runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not DEMO_STORE.exists():
        subprocess.run([sys.executable, "-m", "verweven", "demo"], check=True)
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "demo.duckdb"
        shutil.copy(DEMO_STORE, copy)
        with open_store(str(copy)) as store:
            names = [row[0] for row in store._fetchall("SELECT name FROM datasets ORDER BY 1")]
            bibob = [name for name in names if not name.startswith(HIDDEN)]
            results = [("all deliveries", measure(store, names, args.runs))]
            results.append(("without police, FIU, OM", measure(store, bibob, args.runs)))
            store._forget_views()
    write_section("cluster-views", render(results, args.runs, load_before))


def render(results: list[tuple[str, dict[str, object]]], runs: int, load_before: str) -> str:
    lines = [
        "## Access: what a reader's view of the clusters costs",
        "",
        (__doc__ or "").split("\n", 2)[2].strip().replace("\n", " "),
        f"Median of {runs} runs. Command: `python -m benchmarks.cluster_views_bench`.",
        "",
        f"Machine: {describe_machine()}; load average {load_before} before, {load_average()}"
        " after (the machine is shared).",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for name, r in results:
        cells = [name, r["datasets"], r["mixed"], r["split"], r["records"], r["statements"]]
        cells += [r["entities"], r["unsplit"]]
        cells += [f"{r[k]:.2f} s" for k in ("compute", "through_view", "direct")]
        lines.append(
            "| " + " | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in cells) + " |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
