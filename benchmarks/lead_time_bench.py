"""Benchmark of the signals' lead time: every signal run at quarterly ``as_of`` snapshots on the
regions of ``benchmarks.signals_bench``, and per planted case the first snapshot that flagged it
against the case's first police/OM fact.

Workload: seeds 11, 12 and 13 (5,000 persons each; thresholds were set on seeds 1 and 3), each
generated with the default and with the high noise profile and run through synth → ingest →
resolve (the same regions and stores as ``benchmarks.signals_bench``, kept in ``--work`` and
reused). Per region: one audited read with purpose ``riec_casus``, then all signals at every
snapshot from ``--years`` before the reference date up to it, every ``--months`` months. Each
region's cases are kept in its folder (keyed by the definitions' fingerprint), so an interrupted
run resumes.

Run: ``.venv/bin/python -m benchmarks.lead_time_bench`` (writes the "lead-time" section of
BENCHMARKS.md, verweven/signals/lead_time.json and docs/signals.md).
"""

import argparse
import json
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

from benchmarks.report import describe_machine, load_average, write_section
from benchmarks.signals_bench import NOISE, PERSONS, SEEDS, prepare
from verweven.evaluation.early_warning import (
    MONTHS,
    YEARS,
    CaseLead,
    region_leads,
    snapshot_dates,
    summarise,
)
from verweven.evaluation.fingerprint import definitions_fingerprint
from verweven.signals import load_definitions
from verweven.signals.measured import LeadTime, LeadTimes, load_measurement, save_lead_times
from verweven.signals.quality import lead_time_markdown
from verweven.signals.register import write_register

TITLE = "## Signals: lead time from runs at quarterly snapshots"


def cached_leads(folder: Path, dates: list[date]) -> tuple[dict[str, list[CaseLead]], float]:
    """signal id → the region's cases (computed once per fingerprint and snapshots), seconds."""
    key = f"{definitions_fingerprint()}-{dates[0]}-{dates[-1]}-{len(dates)}"
    path = folder / f"lead-time-{key}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return {s: [_case(c) for c in cases] for s, cases in data["leads"].items()}, data["s"]
    started = time.perf_counter()
    found = region_leads(
        str(folder / "store.duckdb"), folder, "riec_casus", "BENCH", list(load_definitions()), dates
    )
    seconds = time.perf_counter() - started
    leads = {s: [_json(c) for c in cases] for s, cases in found.items()}
    path.write_text(json.dumps({"leads": leads, "s": seconds}, indent=1), encoding="utf-8")
    return found, seconds


def _json(case: CaseLead) -> dict[str, object]:
    row = asdict(case)
    row["flagged"] = case.flagged.isoformat() if case.flagged else None
    row["reference"] = case.reference.isoformat()
    return row


def _case(row: dict[str, object]) -> CaseLead:
    flagged = row["flagged"]
    return CaseLead(
        case=str(row["case"]),
        flagged=date.fromisoformat(str(flagged)) if flagged else None,
        police=str(row["police"]) if row["police"] else None,
        first_snapshot=bool(row["first_snapshot"]),
        reference=date.fromisoformat(str(row["reference"])),
    )


def measure(work: Path, noise: str, years: int, months: int) -> tuple[list[LeadTime], float]:
    """Per signal, the pooled lead times of the three regions at one noise level; seconds."""
    definitions = list(load_definitions())
    pooled: dict[str, list[CaseLead]] = {d.id: [] for d in definitions}
    total = 0.0
    for seed in SEEDS:
        folder = prepare(seed, PERSONS, work, noise)
        reference = json.loads((folder / "manifest.json").read_text())["reference_date"]
        dates = snapshot_dates(date.fromisoformat(reference), years, months)
        found, seconds = cached_leads(folder, dates)
        total += seconds
        print(f"{folder.name}: {len(dates)} snapshots in {seconds:.0f} s", flush=True)
        for signal_id, cases in found.items():
            pooled[signal_id] += cases
    return [summarise(d, pooled[d.id]) for d in definitions], total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("out/signals-bench"))
    parser.add_argument("--years", type=int, default=YEARS, help="how far back the first snapshot")
    parser.add_argument("--months", type=int, default=MONTHS, help="months between snapshots")
    parser.add_argument(
        "--noise", nargs="+", choices=NOISE, default=list(NOISE), help="noise profiles to run"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    default, seconds = measure(args.work, "default", args.years, args.months)
    high, seconds_high = (
        measure(args.work, "high", args.years, args.months) if "high" in args.noise else ([], 0.0)
    )
    first = prepare(SEEDS[0], PERSONS, args.work)
    reference = json.loads((first / "manifest.json").read_text())["reference_date"]
    dates = snapshot_dates(date.fromisoformat(reference), args.years, args.months)
    lead_times = LeadTimes(
        fingerprint=definitions_fingerprint(),
        seeds=list(SEEDS),
        persons=[PERSONS] * len(SEEDS),
        snapshots=[d.isoformat() for d in dates],
        months=args.months,
        default=default,
        high=high,
    )
    save_lead_times(lead_times)
    write_register()
    runs = len(dates) * len(SEEDS) * (2 if high else 1)
    section = "\n\n".join(
        [
            TITLE,
            f"Workload: seeds {', '.join(map(str, SEEDS))} ({PERSONS:,} persons each, the "
            "regions of the signals benchmark), "
            + (
                "each generated with the default and with the high noise profile"
                if high
                else "at the default noise profile only (`--noise default`)"
            )
            + f"; every signal run at {len(dates)} snapshots per region "
            f"({dates[0]} to {dates[-1]}, every {args.months} months), {runs} runs in all, after "
            "one audited read per region with purpose `riec_casus`. Command: "
            "`python -m benchmarks.lead_time_bench` (after `python -m benchmarks.signals_bench`, "
            "whose regions it reuses). The figures are counts and days, not timings: they repeat "
            "exactly for the same seeds.",
            f"Machine: {describe_machine()}; load average (1 / 5 / 15 min) at the end: "
            f"{load_average()} (other engineers' jobs share the 2 cores). Wall time of the "
            f"snapshot runs: {seconds:.0f} s at default noise"
            + (f", {seconds_high:.0f} s at high noise" if high else "")
            + " (not a speed figure: the machine was shared).",
            lead_time_markdown(lead_times, load_measurement(), level="###"),
        ]
    )
    write_section("lead-time", section)
    print(lead_time_markdown(lead_times, load_measurement()))


if __name__ == "__main__":
    main()
