"""Fuzz benchmark: thousands of mutated deliveries through ingest — no crash, no row unaccounted.

Workload: the hostile corpus's clean BRP delivery (10 persons; tests/ingest/corpus) mutated one
to three times per file — cut, bytes inserted, a quote broken, a delimiter inserted, a line
doubled, a line end changed, the text re-encoded (cp1252, Latin-1, UTF-16, double-encoded, a
byte order mark); one file in eight is declared cp1252 — from one seeded random stream. Each
file is ingested in an import run of its own, as a dataset of its own, into a store that is
replaced every 200 files, and judged (tests/ingest/corpus/mutate.py): refused with a message,
or imported with rows read = imported + quarantined and every row that survived the mutation
intact imported. Counted: crashes (any exception outside verweven's error family),
unreconciled runs and lost intact rows — all three must be zero.

Run: ``python -m benchmarks.ingest_fuzz_bench [--files 10000] [--seed 1] [--backend duckdb]``
(writes the "ingest-fuzz" section of BENCHMARKS.md).
"""

import argparse
import os
import random
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import describe_machine, load_average, write_section
from tests.ingest.corpus.mutate import RandomDraw, Verdict, judge, mutate
from verweven.store import Store, open_store
from verweven.store.postgres import PostgresStore

POSTGRES_URL = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
FILES_PER_STORE = 200


@dataclass
class Tally:
    """What the fuzz run saw."""

    backend: str
    files: int = 0
    refused: int = 0
    rows: int = 0
    quarantined: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    problems: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, verdict: Verdict) -> None:
        self.files += 1
        self.refused += verdict.refused is not None
        self.rows += verdict.rows
        self.quarantined += verdict.quarantined
        for problem in verdict.problems:
            self.problems[problem.split(":", 1)[0]] += 1
            if len(self.examples) < 5:
                self.examples.append(problem[:300])


def new_store(backend: str) -> Store:
    if backend == "duckdb":
        return open_store(":memory:")
    return open_store(POSTGRES_URL, schema=f"fuzz_{uuid.uuid4().hex[:10]}")


def close(store: Store) -> None:
    if isinstance(store, PostgresStore):
        store.drop_schema()
    store.close()


def fuzz(backend: str, files: int, seed: int) -> Tally:
    """Mutate, ingest and judge ``files`` deliveries."""
    rng = random.Random(seed)
    tally = Tally(backend)
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory(prefix="verweven-fuzz-") as folder:
        store = new_store(backend)
        try:
            for number in range(files):
                if number and number % FILES_PER_STORE == 0:
                    close(store)
                    store = new_store(backend)
                mutant = mutate(RandomDraw(rng))
                tally.add(judge(store, Path(folder) / f"{number:06d}", mutant))
                if number % 1_000 == 999:
                    seconds = time.perf_counter() - started
                    problems = sum(tally.problems.values())
                    print(f"{backend}: {number + 1:,} files, {problems} problems, {seconds:,.0f} s")
        finally:
            close(store)
    tally.seconds = time.perf_counter() - started
    tally.cpu = time.process_time() - cpu
    return tally


def markdown(tallies: list[Tally], seed: int, load_before: str) -> str:
    lines = [
        "## Ingest fuzzing: mutated deliveries, no crash and no row unaccounted",
        "",
        "Workload: the corpus's clean BRP delivery (10 persons, `tests/ingest/corpus`) mutated "
        "1-3 times per file (cut, bytes inserted, a quote broken, a delimiter inserted, a line "
        "doubled, a line end changed, re-encoded as cp1252/Latin-1/UTF-16/double-encoded/with a "
        "byte order mark; one file in eight declared cp1252), seed "
        f"{seed}; each file one import run, judged by `tests/ingest/corpus/mutate.py`. "
        "*Crashes* are exceptions outside verweven's error family, *unreconciled* runs whose "
        "rows read ≠ imported + quarantined, *lost* rows that survived the mutation intact but "
        "were not imported. One run (the counts are the result; the time is for scale). "
        "Command: `python -m benchmarks.ingest_fuzz_bench`.",
        "",
        f"Machine: {describe_machine()}; load average {load_before} (1/5/15 min) at the start, "
        f"{load_average()} at the end (the machine is shared: wall times stretch with load).",
        "",
        "| backend | files | refused | imported | rows read | rows quarantined | crashes | "
        "unreconciled | lost | wall | CPU | files/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in tallies:
        lines.append(
            f"| {t.backend} | {t.files:,} | {t.refused:,} | {t.files - t.refused:,} | "
            f"{t.rows:,} | {t.quarantined:,} | {t.problems['crash']} | "
            f"{t.problems['unreconciled']} | {t.problems['intact line not imported']} | "
            f"{t.seconds:,.0f} s | {t.cpu:,.0f} s | {t.files / t.seconds:,.1f} |"
        )
    for t in tallies:
        lines += [f"\n{t.backend}, first problems: `{example}`" for example in t.examples]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", nargs="+", default=["duckdb"])
    args = parser.parse_args()
    load_before = load_average()
    tallies = [fuzz(backend, args.files, args.seed) for backend in args.backend]
    write_section("ingest-fuzz", markdown(tallies, args.seed, load_before))
    for t in tallies:
        print(f"{t.backend}: {t.files:,} files, {dict(t.problems) or 'no problems'}")


if __name__ == "__main__":
    main()
