"""Benchmark of the signals: precision, recall, decoy FP rate and fairness on synthetic regions
the thresholds were not tuned on, and the run time of all signals.

Workload: regions of seeds 2 (20,000 persons, background at ten times the planted density of
the small regions), 4, 5 and 6 (2,000 persons each) — every typology planted 3 times per
region, so 12 cases per typology in all. Thresholds were set on seeds 1 and 3. Each region goes
through the whole pipeline (synth → ingest → resolve) once; regions and stores are kept in
``--work`` and reused when present. Timing: all signals on the largest region, median of 3
runs (one audited read of the statements plus every signal).

Run: ``.venv/bin/python -m benchmarks.signals_bench`` (writes the "signals" section of
BENCHMARKS.md, verweven/signals/evaluation.json and docs/signals.md).
"""

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from benchmarks.actors import analyst
from benchmarks.report import describe_machine, write_section
from verweven.evaluation.signals import SECTION_TITLE, evaluate_signals
from verweven.ingest import ingest_path
from verweven.resolve import ResolveOptions, resolve
from verweven.signals import run_signals
from verweven.signals.measured import Measurement, load_notes, save_measurement
from verweven.signals.quality import measurement_markdown
from verweven.signals.register import write_register
from verweven.store import Store, open_store
from verweven.synth import RegionConfig, generate_region, load_noise_rates

REGIONS = ((2, 20_000), (4, 2_000), (5, 2_000), (6, 2_000))
MAPPINGS = Path(__file__).resolve().parents[1] / "examples" / "mappings" / "region"
TUNED_ON = (
    "Thresholds were set on seeds 1 and 3 (2,000 persons each); the figures below are from "
    "regions the signals never saw while they were written."
)


def prepare(seed: int, persons: int, work: Path) -> Path:
    """A region folder with its store after ingest and resolution (made once, then reused)."""
    folder = work / f"region-{seed}-{persons}"
    if not (folder / "manifest.json").exists():
        config = RegionConfig(persons=persons, seed=seed, out=folder, noise=load_noise_rates())
        generate_region(config)
    if not (folder / "pipeline.done").exists():
        (folder / "store.duckdb").unlink(missing_ok=True)
        with open_store(str(folder / "store.duckdb")) as store:
            owner = store.local_actor()
            ingest_path(store, MAPPINGS, owner, deliveries=folder / "deliveries")
            resolve(store, owner, ResolveOptions(state_dir=folder / "state"))
        (folder / "pipeline.done").write_text("ok\n")
    return folder


def time_signals(folder: Path, runs: int = 3) -> tuple[int, int, float]:
    """Median seconds of a full signal run on one region; statements read; hits."""
    timings: list[float] = []
    statements = hits = 0
    with open_store(str(folder / "store.duckdb")) as store:
        for _ in range(runs):
            started = time.perf_counter()
            result = run_signals(store, analyst(store), None, date(2026, 10, 1))
            timings.append(time.perf_counter() - started)
            statements, hits = result.statements, len(result.hits)
    return statements, hits, statistics.median(timings)


def section(measured: Measurement, largest: Path, timing: tuple[int, int, float]) -> str:
    """The BENCHMARKS.md section."""
    statements, hits, seconds = timing
    return "\n\n".join(
        [
            SECTION_TITLE,
            f"Workload: {', '.join(f'seed {s} ({p:,} persons)' for s, p in REGIONS)}; each "
            "region through synth → ingest → resolve, then every signal with purpose "
            "`riec_casus`. Command: `python -m benchmarks.signals_bench`.",
            f"Machine: {describe_machine()}.",
            f"Run time of all {len(measured.signals)} signals on {largest.name}: "
            f"**{seconds:.1f} s** (median of 3; {statements:,} statements read in one audited "
            f"read, {hits} hits). Per-signal times below are summed over the regions.",
            measurement_markdown(measured, level="###", notes=load_notes()),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("out/signals-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    folders = [prepare(seed, persons, args.work) for seed, persons in REGIONS]
    stores: list[tuple[Store | str, Path]] = [(str(f / "store.duckdb"), f) for f in folders]
    measured = evaluate_signals(stores, "riec_casus", "BENCH", None, TUNED_ON)
    save_measurement(measured)
    write_register()
    largest = max(folders, key=lambda f: int(f.name.rsplit("-", 1)[1]))
    write_section("signals", section(measured, largest, time_signals(largest)))
    print(measurement_markdown(measured))


if __name__ == "__main__":
    main()
