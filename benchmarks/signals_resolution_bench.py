"""How resolution quality moves each signal: the signals on the benchmark's default-noise regions
with missed and false merges injected into the canonical ids (``resolution_errors.py``).

Workload: the regions ``benchmarks.signals_bench`` made (seeds 11, 12, 13; run it first), each
scenario one signal run per region. Adds the scenarios to verweven/signals/evaluation.json,
regenerates docs/signals.md and rewrites the "signals" section of BENCHMARKS.md.

Run: ``.venv/bin/python -m benchmarks.signals_resolution_bench``.
"""

import argparse
from pathlib import Path

from benchmarks.report import write_section
from benchmarks.signals_bench import PERSONS, SEEDS, section, time_signals
from verweven.evaluation.resolution_errors import ResolutionErrors
from verweven.evaluation.signals import evaluate_resolution_errors
from verweven.signals.measured import load_measurement, save_measurement
from verweven.signals.register import write_register

SCENARIOS = (
    ResolutionErrors(missed=0.1, seed=1),
    ResolutionErrors(missed=0.3, seed=1),
    ResolutionErrors(false=0.01, seed=1),
    ResolutionErrors(false=0.05, seed=1),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("out/signals-bench"))
    args = parser.parse_args()
    measured = load_measurement()
    if measured is None:
        raise SystemExit("no evaluation yet: run `python -m benchmarks.signals_bench` first")
    regions = [args.work / f"region-{seed}-{PERSONS}" for seed in SEEDS]
    measured.resolution_errors = [
        evaluate_resolution_errors(regions, "riec_casus", "BENCH", errors) for errors in SCENARIOS
    ]
    save_measurement(measured)
    write_register()
    write_section("signals", section(measured, regions[0], time_signals(regions[0])))


if __name__ == "__main__":
    main()
