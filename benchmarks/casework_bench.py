"""Casework on the synthetic region, end to end: does monitoring catch the planted
displacement of the case subjects, and how many other changes does it report?

Workload: `verweven case demo` (``verweven.services.case_demo.run_case_demo``) on a fresh region per
seed — generate, ingest, resolve, run the signals as of the reference date, open cases on the
three strongest hits of the lead signals of the cannabis farm (energy_anomaly_drugs_record) and
the straw man (straw_man), take each through weging, hit/no-hit, casusoverleg, advice (three
instruments), execution of one and monitoring; then deliver the next period (region/next: the
planted displacement beside ordinary moves and new companies), resolve incrementally, run the
signals as of the next reference date, and ask `case monitor` of every case. Scored against
region/next/truth/displacements.csv. Step times are wall seconds of one run; the table gives the
median over the seeds.
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.report import describe_machine, load_average, write_section
from verweven.services.case_demo import CaseDemoFigures, run_case_demo

TABLE_HEAD = (
    "| seed | cases | subjects | hit/no-hit questions (partner hits) | advised / executed | "
    "planted | planted in cases | caught | reported | false alarms | new facts | new hits |\n"
    + "|---" * 12
    + "|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2026, 2027, 2028])
    args = parser.parse_args()
    load_before = load_average()
    runs: list[CaseDemoFigures] = []
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as folder:
            runs.append(run_case_demo(Path(folder) / "run", args.persons, seed))
    rows = "\n".join(
        f"| {r.seed} | {r.cases} | {r.subjects} | {r.hit_questions} ({r.partner_hits}) | "
        f"{r.interventions} / {r.executed} | {r.planted} | {r.planted_in_cases} | {r.caught} | "
        f"{r.reported} | {r.false_alarms} | {r.new_facts} | {r.new_hits} |"
        for r in runs
    )
    caught, in_reach = sum(r.caught for r in runs), sum(r.planted_in_cases for r in runs)
    alarms = sum(r.false_alarms for r in runs)
    verdict = (
        f"Over the seeds, monitoring caught {caught} of the {in_reach} planted displacements "
        f"of case subjects and reported {alarms} other change{'' if alarms == 1 else 's'}."
    )
    steps = list(runs[0].seconds)
    timing = " · ".join(
        f"{step} {statistics.median(r.seconds[step] for r in runs):.1f} s" for step in steps
    )
    write_section(
        "casework",
        f"""## Casework end to end: monitoring catches the planted displacement

Workload: `verweven case demo` on a {args.persons:,}-person region per seed (default noise):
cases on the three strongest hits of the lead signal of the cannabis farm and of the straw man,
each taken from signaal to monitoring (hit/no-hit round per subject, three instruments advised,
one executed); then the next period's deliveries (the tenant of every planted cannabis farm at
another address, every straw man behind a fresh BV, beside ordinary moves of 2% and new
companies of 0.5% of the persons), incremental resolution, signals again, and `case monitor`
on every case. *Planted in cases*: planted displacements whose person is a case subject;
*caught*: of those, reported by monitoring; *reported*: distinct (subject, new entity) pairs;
*false alarms*: reported pairs that are no planted displacement. Machine: {describe_machine()};
load average before {load_before}. `python -m benchmarks.casework_bench`.

{TABLE_HEAD}
{rows}

Step times, median of {len(runs)} runs (one per seed): {timing}.

Monitoring sees only what touches a case's subjects: a planted displacement of a person no
case is about is not in reach (the cases start from the strongest hits, and an energy-anomaly
hit names an address: its residents become subjects). {verdict}""",
    )


if __name__ == "__main__":
    main()
