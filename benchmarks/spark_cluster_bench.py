"""Resolution on a Spark standalone cluster against the DuckDB path, on one ingested store.

Workload: a copy of an ingested DuckDB store (default: `make demo`'s 20,000-person region,
out/demo/verweven.duckdb), persons resolved once on DuckDB and once on a Spark standalone
cluster on this machine (a master and a worker, each a process of its own, started by
`verweven.resolve.spark_cluster`), each on a fresh copy; the clusters compared record by record.

Run: ``python -m benchmarks.spark_cluster_bench [--store PATH] [--cores N] [--memory 4g]``.
"""

import argparse
import shutil
import time
from pathlib import Path

from benchmarks.report import describe_machine, load_average, write_section

WORK = Path("out/bench-spark-cluster")


def clusters_of(store_path: Path) -> set[frozenset[str]]:
    from verweven.resolve.run import read_clusters
    from verweven.store import open_store

    with open_store(str(store_path)) as store:
        table = read_clusters(store, store.local_actor().acting_for("gegevensbeheer"))
    groups: dict[str, set[str]] = {}
    for row in table.to_pylist():
        if row["kind"] == "person":
            groups.setdefault(row["canonical_id"], set()).add(row["record_id"])
    return {frozenset(g) for g in groups.values()}


def resolve_copy(source: Path, work: Path, name: str, spark: object | None) -> float:
    from verweven.resolve import ResolveOptions, resolve
    from verweven.store import open_store

    copy = work / f"{name}.duckdb"
    shutil.copy(source, copy)
    options = ResolveOptions(
        state_dir=work / f"{name}-state", kinds=("person",),
        backend="spark" if spark is not None else "duckdb", spark=spark,
    )  # fmt: skip
    with open_store(str(copy)) as store:
        started = time.perf_counter()
        resolve(store, store.local_actor(), options)
        return time.perf_counter() - started


def main() -> None:
    from verweven.resolve.linkage import make_spark
    from verweven.resolve.spark_cluster import running_cluster

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("out/demo/verweven.duckdb"))
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--memory", default="4g")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    on_duckdb = resolve_copy(args.store, args.work, "duckdb", None)
    with running_cluster(args.work / "cluster", 7077, args.cores, args.memory) as url:
        session = make_spark(url, partitions=2 * args.cores, executor_memory=args.memory)
        try:
            on_spark = resolve_copy(args.store, args.work, "spark", session)
        finally:
            session.stop()
    duckdb_clusters = clusters_of(args.work / "duckdb.duckdb")
    spark_clusters = clusters_of(args.work / "spark.duckdb")
    records = sum(len(c) for c in duckdb_clusters)
    same = len(duckdb_clusters & spark_clusters)
    spark_records = sum(len(c) for c in spark_clusters)
    markdown = f"""
## Resolution on a Spark standalone cluster

Workload: {__doc__.split("Workload: ", 1)[1].split("Run:", 1)[0].strip()}
Store: `{args.store}`. Cluster: 1 worker, {args.cores} cores, {args.memory}. Machine:
{describe_machine()}; load {load_average()}. One run each (resolution is seeded).

| path | seconds (persons) | person records | clusters | identical to DuckDB's |
|---|---:|---:|---:|---:|
| DuckDB | {on_duckdb:.1f} | {records:,} | {len(duckdb_clusters):,} | – |
| Spark cluster | {on_spark:.1f} | {spark_records:,} | {len(spark_clusters):,} | {same:,} |
"""
    write_section("spark-cluster", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
