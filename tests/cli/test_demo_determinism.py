"""Same seed, same demo: two runs in fresh folders give the same report and the same store.

Each run is its own process with its own PYTHONHASHSEED, so an order that leans on set or dict
iteration of strings shows up here; ingest's mapping workers run as in production. What may
differ between runs is only when they ran: import run ids, first/last seen, resolved at.
"""

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from verweven.reports.demo import ReportHit
from verweven.services.demo import ANALYSIS, run_region_signals
from verweven.store import open_store
from verweven.synth.config import REFERENCE_DATE

PERSONS = 1_000  # the smallest region synth makes
PROGRESS = re.compile(r"- [a-z ]+ … \d+\.\d s")
RUN_CLI = "from verweven.cli.main import main; main()"


def run_demo(out: Path, hash_seed: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    args = ["demo", "--persons", str(PERSONS), "--seed", "2026", "--out", str(out)]
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args], env=env, capture_output=True, text=True, check=True
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    """Two demos of one seed: (first folder, second folder, first stdout, first stderr)."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    result = run_demo(first / "demo", hash_seed=1)
    run_demo(second / "demo", hash_seed=2)
    return first / "demo", second / "demo", result.stdout, result.stderr


def rows(folder: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(folder / "verweven.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def hits(folder: Path) -> list[ReportHit]:
    with open_store(str(folder / "verweven.duckdb")) as store:
        analyst = store.local_actor().acting_for(*ANALYSIS)
        return sorted(run_region_signals(store, analyst, REFERENCE_DATE)[2], key=repr)


def close(left: Any, right: Any) -> bool:
    """Equal, floats up to their last bits (DuckDB's threads sum EM's counts in any order)."""
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-300)
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(close(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(close, left, right))
    return bool(left == right)


STATEMENTS = """
    select id, entity_id, canonical_id, schema, prop, prop_type, value, original_value, dataset
    from statements order by id"""
CANONICAL_IDS = "select entity_id, canonical_id from canonical_ids order by all"
QUARANTINE = """
    select dataset, regexp_extract(file, '[^/]+$'), line, field, value, reason, raw, record_id
    from quarantine order by all"""
IMPORTS = """
    select dataset, regexp_extract(source, '[^/]+$'), statements_written, quarantined
    from import_runs order by all"""


def test_the_demo_prints_only_its_progress_lines(runs: tuple[Path, Path, str, str]) -> None:
    *_, stdout, stderr = runs
    closing = ("report: ", "undermining picture ", "web application: ")
    steps = [line for line in stdout.splitlines() if line and not line.startswith(closing)]
    assert stderr == ""
    assert len(steps) == 8 and all(PROGRESS.fullmatch(line) for line in steps)


def test_same_seed_writes_a_byte_identical_report(runs: tuple[Path, Path, str, str]) -> None:
    first, second, *_ = runs
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()
    for name in ("ondermijningsbeeld.html", "ondermijningsbeeld.csv"):
        assert (first / "beeld" / name).read_bytes() == (second / "beeld" / name).read_bytes()


@pytest.mark.parametrize("sql", [STATEMENTS, QUARANTINE, IMPORTS], ids=["stmt", "quar", "imp"])
def test_same_seed_ingests_the_same_rows(runs: tuple[Path, Path, str, str], sql: str) -> None:
    first, second, *_ = runs
    assert rows(first, sql) == rows(second, sql)


def test_same_seed_resolves_to_the_same_canonical_ids(runs: tuple[Path, Path, str, str]) -> None:
    first, second, *_ = runs
    canonical = rows(first, CANONICAL_IDS)
    assert len({c for _, c in canonical}) < len(canonical)  # records were merged
    assert canonical == rows(second, CANONICAL_IDS)


def test_same_seed_trains_the_same_models(runs: tuple[Path, Path, str, str]) -> None:
    first, second, *_ = runs
    models = sorted(path.name for path in (first / "resolve").glob("*.model.json"))
    assert models and models == sorted(p.name for p in (second / "resolve").glob("*.model.json"))
    for name in models:
        left, right = (json.loads((folder / "resolve" / name).read_text()) for folder in runs[:2])
        assert close(left, right), name


def test_same_seed_queues_the_same_pairs_for_review(runs: tuple[Path, Path, str, str]) -> None:
    first, second, *_ = runs
    for path in sorted((first / "resolve").glob("*.review.parquet")):
        left, right = (sorted(pq.read_table(f / "resolve" / path.name).to_pylist(), key=repr)
                       for f in (first, second))  # fmt: skip
        assert close(left, right), path.name


def test_same_seed_gives_the_same_signal_hits(runs: tuple[Path, Path, str, str]) -> None:
    first, second, *_ = runs
    found = hits(first)
    assert found and found == hits(second)
