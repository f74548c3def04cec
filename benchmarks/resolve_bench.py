"""Resolution benchmark: FEBRL 4 and 3, the synthetic region, and resolution at scale.

Workloads, each measured in a child process of its own (wall time and peak resident memory of
that process), verweven and its peer in the same run:
- FEBRL 4 (link A-B) and FEBRL 3 (deduplicate): mapping file -> ingest -> resolve -> scores.
  Peer: plain Splink, a straightforward configuration on the raw FEBRL columns.
- the synthetic region at default and high noise: persons and companies against the truth.
- scale: resolution alone (ingest excluded) of the largest region given, and the peer on the
  same person statements (raw values pivoted to one row per record, Splink's comparison library).
- scale on an existing store (``--scale-store PATH``, an ingested DuckDB store, e.g. from the
  ingest benchmark): resolution alone of all kinds, of persons only, and the peer on the same
  persons, each on a fresh copy of the store in a child process of its own. Only these run; the
  section keeps its other rows and gets this table in place of the previous one.

Run: ``python -m benchmarks.resolve_bench [--region-persons N] [--scale-persons N]`` or
``python -m benchmarks.resolve_bench --scale-store PATH``.
Regions are generated (seed 1) under --work when missing; ingest dominates their set-up time.
"""

import argparse
import json
import logging
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.report import (
    BENCHMARKS_MD,
    cpu_model,
    describe_machine,
    load_average,
    run_measured,
    write_section,
)

WORK = Path("out/bench-resolve")
STORE_SYSTEMS = ("verweven all kinds", "verweven persons", "plain Splink persons")
STORE_BEGIN, STORE_END = "<!-- scale-store -->", "<!-- /scale-store -->"
STORE_RESULTS = Path(__file__).resolve().parent / "results" / "resolve-store.json"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scores_dict(scores: Any) -> dict[str, float]:
    return {
        "records": scores.records,
        "pair_p": scores.pairwise.precision,
        "pair_r": scores.pairwise.recall,
        "pair_f1": scores.pairwise.f1,
        "cluster_f1": scores.cluster.f1,
    }


def run_child(task: list[str], work: Path) -> list[dict[str, Any]]:
    """Run one task in a fresh interpreter; it prints its results as JSON lines."""
    command = [sys.executable, "-m", "benchmarks.resolve_bench", "--work", str(work)]
    command += ["--task", *task]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def ensure_region(persons: int, noise: str, work: Path) -> Path:
    """A synthetic region (seed 1), generated once under ``work``."""
    import verweven.synth as synth

    folder = work / f"region-{persons}-{noise}"
    if not (folder / "truth" / "records.csv").exists():
        rates = synth.load_noise_rates(noise, {})
        synth.generate_region(synth.RegionConfig(persons=persons, seed=1, out=folder, noise=rates))
    return folder


def task_febrl(name: str, system: str, work: Path) -> None:
    from verweven.evaluation.linkage import evaluate_febrl, peer_febrl

    start = time.perf_counter()
    result = evaluate_febrl(name, work / name) if system == "verweven" else peer_febrl(name)
    wall = time.perf_counter() - start
    print(
        json.dumps(
            {
                "data": name,
                "system": result.system,
                "resolve_s": result.seconds,
                "wall_s": wall,
                "peak_mib": _peak_mib(),
                **_scores_dict(result.scores),
            }
        )
    )


def task_region(persons: int, noise: str, work: Path) -> None:
    from verweven.evaluation.linkage import evaluate_region

    region = ensure_region(persons, noise, work)
    for result in evaluate_region(region, work / f"eval-{persons}-{noise}"):
        print(
            json.dumps(
                {
                    "data": f"region {persons:,} {noise}",
                    "system": result.system,
                    "resolve_s": result.seconds,
                    "peak_mib": _peak_mib(),
                    **_scores_dict(result.scores),
                }
            )
        )


def task_scale(persons: int, system: str, work: Path) -> None:
    """Resolution alone on an ingested region store (copied, so every run starts equal)."""
    import shutil

    from verweven.resolve import ResolveOptions, resolve
    from verweven.store import open_store

    source = work / f"eval-{persons}-default" / "region.duckdb"
    copy = work / f"scale-{system}.duckdb"
    shutil.copy(source, copy)
    with open_store(str(copy)) as store:
        start = time.perf_counter()
        if system == "verweven":
            options = ResolveOptions(state_dir=work / "scale-state", kinds=("person",))
            report = resolve(store, store.local_actor(), options)
            records = report.kinds[0].records
        else:
            records = peer_persons(store)
        wall = time.perf_counter() - start
    print(
        json.dumps(
            {
                "data": f"region {persons:,} persons",
                "system": system,
                "records": records,
                "resolve_s": wall,
                "peak_mib": _peak_mib(),
            }
        )
    )


def peer_persons(store: Any) -> int:
    """Plain Splink on the region's Person statements: raw values, comparison library."""
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    props = ["firstName", "lastName", "name", "birthDate", "idNumber"]
    columns = ("entity_id", "prop", "value")  # what it reads; the rest would only take memory
    reader = store.local_actor().acting_for("gegevensbeheer")
    table = store.read_statement_table(reader, ["Person"], props, False, columns)
    con = duckdb.connect()
    con.register("s", table)
    records = con.sql(
        "SELECT entity_id AS unique_id, "
        "lower(min(value) FILTER (WHERE prop = 'firstName')) AS first_name, "
        "lower(min(value) FILTER (WHERE prop = 'lastName')) AS surname, "
        "lower(min(value) FILTER (WHERE prop = 'name')) AS full_name, "
        "min(value) FILTER (WHERE prop = 'birthDate') AS dob, "
        "min(value) FILTER (WHERE prop = 'idNumber') AS id_number "
        "FROM s GROUP BY entity_id"
    ).to_arrow_table()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.JaroWinklerAtThresholds("full_name", [0.9]),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("id_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("surname"),
            block_on("id_number"),
            block_on("full_name"),
        ],
    )
    linker = Linker(DuckDBAPI().register(records), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("full_name", "dob")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("dob"), block_on("surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=0.9, warning_mode="never")
    linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.9)
    return int(records.num_rows)


def task_store(source: Path, system: str, work: Path) -> None:
    """Resolution alone on a fresh copy of an ingested store: all kinds, persons, or the peer."""
    from verweven.resolve import ResolveOptions, resolve
    from verweven.store import open_store

    copy = work / "scale-store.duckdb"
    shutil.copy(source, copy)
    state = work / "scale-store-state"
    shutil.rmtree(state, ignore_errors=True)
    try:
        with open_store(str(copy)) as store:
            start = time.perf_counter()
            if system == "plain Splink persons":
                records = peer_persons(store)
            else:
                options = ResolveOptions(state_dir=state)
                if system == "verweven persons":
                    options = ResolveOptions(state_dir=state, kinds=("person",))
                report = resolve(store, store.local_actor(), options)
                records = sum(kind.records for kind in report.kinds)
            wall = time.perf_counter() - start
    finally:
        if system == STORE_SYSTEMS[0] and Path(copy).exists():
            copy.replace(work / "resolved.duckdb")  # kept for the graph benchmark
        copy.unlink(missing_ok=True)
        Path(f"{copy}.wal").unlink(missing_ok=True)
    print(json.dumps({"system": system, "records": records, "resolve_s": wall}))


def measure_store(
    source: Path, work: Path, limit: float, systems: list[str]
) -> list[dict[str, Any]]:
    """Each system on the store in a child of its own: resolution wall time (copy excluded)
    and the peak resident memory of that child; a child past ``limit`` seconds is stopped.
    The all-kinds result is kept as ``work/resolved.duckdb`` (for the graph benchmark)."""
    rows = []
    for system in systems:
        command = [sys.executable, "-m", "benchmarks.resolve_bench", "--work", str(work)]
        command += ["--task", "store", str(source), system]
        measured = run_measured(command, stdout=subprocess.PIPE, timeout=limit, check=False)
        found: dict[str, Any] = {"system": system, "failed": measured.exit_code}
        if measured.timed_out:
            found = {"system": system, "timed_out": limit}
        for line in measured.output.splitlines():
            if line.startswith("{"):
                found = json.loads(line)
        stamp = {"load": load_average(), "date": time.strftime("%Y-%m-%d"), "cpu": cpu_model()}
        measures = {"peak_mib": measured.peak_mib, "wall_s": measured.wall_s}
        rows.append({**found, "store": source.name, **measures, **stamp})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def remember_store_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every store row measured so far, the new ones replacing older ones of the same store
    and system: stores of several sizes are measured in separate invocations."""
    known = json.loads(STORE_RESULTS.read_text()) if STORE_RESULTS.exists() else {}
    for row in rows:
        known[f"{row['store']}:{row['system']}"] = row
    STORE_RESULTS.write_text(json.dumps(known, indent=1))
    order = {system: i for i, system in enumerate(STORE_SYSTEMS)}
    return sorted(known.values(), key=lambda r: (_persons(r["store"]), order[r["system"]]))


def _persons(store: str) -> int:
    digits = re.sub(r"[^0-9]", "", store)
    return int(digits) if digits else 0


def render_store(rows: list[dict[str, Any]]) -> str:
    lines = [
        STORE_BEGIN,
        "Scale on an existing store: `python -m benchmarks.resolve_bench --scale-store PATH "
        f"[--systems ...]` ({describe_machine()}), PATH a store kept by the ingest benchmark. "
        "Resolution alone on a fresh copy of the ingested store (copy excluded), each row a "
        "child process of its own; peak = that child's peak resident memory. Records: of all "
        "kinds resolved, or persons only. Load: the load average (1/5/15 min) when the row "
        "finished; rows of earlier invocations are kept (`benchmarks/results/resolve-store.json`).",
        "",
        "| store | system | records | wall s | peak MiB | load | day | processor |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        if "failed" in r:
            lines.append(
                f"| {r['store']} | {r['system']} | – | failed after {r['wall_s']:,.0f} s (exit "
                f"code {r['failed']}) | {r['peak_mib']:.0f} at the end | {r['load']} "
                f"| {r['date']} | {r['cpu']} |"
            )
            continue
        if "timed_out" in r:
            lines.append(
                f"| {r['store']} | {r['system']} | – | did not finish in {r['timed_out']:,.0f} "
                f"(stopped) | {r['peak_mib']:.0f} at the stop | {r['load']} | {r['date']} "
                f"| {r['cpu']} |"
            )
            continue
        lines.append(
            f"| {r['store']} | {r['system']} | {r['records']:,} | {r['resolve_s']:.1f} "
            f"| {r['peak_mib']:.0f} | {r['load']} | {r['date']} | {r['cpu']} |"
        )
    return "\n".join([*lines, STORE_END])


def current_store_block() -> str:
    """The scale-on-a-store table of the current section, to keep when the rest is redone."""
    text = BENCHMARKS_MD.read_text() if BENCHMARKS_MD.exists() else ""
    found = re.search(re.escape(STORE_BEGIN) + ".*?" + re.escape(STORE_END), text, re.DOTALL)
    return found.group(0) if found else ""


def with_store_block(block: str) -> str:
    """The current resolve section with its scale-on-a-store table replaced (or appended)."""
    begin, end = "<!-- bench:resolve -->", "<!-- /bench:resolve -->"
    text = BENCHMARKS_MD.read_text() if BENCHMARKS_MD.exists() else ""
    found = re.search(re.escape(begin) + "(.*?)" + re.escape(end), text, re.DOTALL)
    section = found.group(1).strip() if found else "## Resolution"
    if current_store_block():
        return section.replace(current_store_block(), block)
    return f"{section}\n\n{block}"


def run_task(task: list[str], work: Path) -> None:
    kind = task[0]
    if kind == "febrl":
        task_febrl(task[1], task[2], work)
    elif kind == "region":
        task_region(int(task[1]), task[2], work)
    elif kind == "scale":
        task_scale(int(task[1]), task[2], work)
    elif kind == "store":
        task_store(Path(task[1]), task[2], work)


def render(results: list[dict[str, Any]], scale: list[dict[str, Any]]) -> str:
    lines = [
        "## Resolution",
        "",
        f"Machine: {describe_machine()}. Each row ran in a fresh process (peak = its peak "
        "resident memory); runs are deterministic (seeded), so one run per row.",
        "",
        "| data | system | records | pair P | pair R | pair F1 | cluster F1 | resolve s "
        "| peak MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['data']} | {r['system']} | {r['records']:,} | {r['pair_p']:.4f} | "
            f"{r['pair_r']:.4f} | {r['pair_f1']:.4f} | {r['cluster_f1']:.4f} | "
            f"{r['resolve_s']:.1f} | {r['peak_mib']:.0f} |"
        )
    if scale:
        lines += [
            "",
            "Scale: resolution alone (ingest excluded), persons only.",
            "",
            "| data | system | records | wall s | peak MiB |",
            "|---|---|---:|---:|---:|",
        ]
        for r in scale:
            lines.append(
                f"| {r['data']} | {r['system']} | {r['records']:,} | "
                f"{r['resolve_s']:.1f} | {r['peak_mib']:.0f} |"
            )
    lines += [
        "",
        "FEBRL: `resolve s` is resolution (verweven: read statements, keys, train, predict, "
        "cluster, write canonical ids; ingest excluded) and training + prediction + clustering "
        "for plain Splink. Region: persons and companies share one run.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--region-persons", type=int, default=5_000)
    parser.add_argument(
        "--scale-persons",
        type=int,
        default=0,
        help="Also time resolution alone on a region of this size (0: skip).",
    )
    parser.add_argument(
        "--scale-store",
        type=Path,
        help="Only time resolution (all kinds, persons) and the peer on a copy of this ingested "
        "DuckDB store; the section's other rows stay.",
    )
    parser.add_argument(
        "--systems",
        nargs="+",
        choices=STORE_SYSTEMS,
        default=list(STORE_SYSTEMS),
        help="With --scale-store: the systems to time (default: all three).",
    )
    parser.add_argument(
        "--limit",
        type=float,
        default=3600,
        help="With --scale-store: stop a system still running after this many seconds.",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.task:
        run_task(args.task, args.work)
        return
    if args.scale_store:
        rows = measure_store(args.scale_store, args.work, args.limit, args.systems)
        block = render_store(remember_store_rows(rows))
        write_section("resolve", with_store_block(block))
        print(block)
        return
    results: list[dict[str, Any]] = []
    for name in ("febrl4", "febrl3"):
        for system in ("verweven", "peer"):
            results += run_child(["febrl", name, system], args.work)
    for noise in ("default", "high"):
        results += run_child(["region", str(args.region_persons), noise], args.work)
    scale: list[dict[str, Any]] = []
    if args.scale_persons:
        run_child(["region", str(args.scale_persons), "default"], args.work)
        for system in ("verweven", "peer"):
            scale += run_child(["scale", str(args.scale_persons), system], args.work)
    markdown = "\n\n".join(part for part in (render(results, scale), current_store_block()) if part)
    write_section("resolve", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
