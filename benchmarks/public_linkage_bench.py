"""Public linkage benchmark: person-linkage sets this project did not make, mapped naively.

Workloads: RLdata500 and RLdata10000 (the R package RecordLinkage's German person records with
planted duplicates; taken at build time from the mismo package on the package index by
`make linkage-data`, pinned by SHA-256). Each is mapped the obvious way
(examples/mappings/rldata: first name, second given name, surname, the birth date joined from
its year, month and day) and run through ingest -> resolve with default settings, and through
plain Splink with the FEBRL peer's configuration on the same columns, in the same run. Scores
are against the set's own truth column; they repeat exactly, so one run suffices.

Run: ``make linkage-data && python -m benchmarks.public_linkage_bench``.
"""

import argparse
import sys
from pathlib import Path

from benchmarks.report import describe_machine, load_average, write_section

DATA = Path(sys.prefix) / "share" / "verweven" / "linkage"
WORK = Path("out/bench-public-linkage")
HEADER = (
    "| set | system | records | pairwise precision | pairwise recall | pairwise F1 "
    "| cluster F1 | seconds |\n|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    from verweven.evaluation.linkage import RLDATA, evaluate_rldata, peer_rldata

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args()
    rows = []
    for name in RLDATA:
        for result in (evaluate_rldata(name, args.data, args.work / name),
                       peer_rldata(name, args.data)):  # fmt: skip
            pair = result.scores.pairwise
            rows.append(
                f"| {name} | {result.system} | {result.scores.records:,} | {pair.precision:.4f} "
                f"| {pair.recall:.4f} | {pair.f1:.4f} | {result.scores.cluster.f1:.4f} "
                f"| {result.seconds:.1f} |"
            )
            print(rows[-1], flush=True)
    write_section(
        "public-linkage",
        f"""
## Public person-linkage sets, mapped naively

Workload: {__doc__.split("Workloads: ", 1)[1].split("Run:", 1)[0].strip()}
Command: `make linkage-data && python -m benchmarks.public_linkage_bench`. Machine:
{describe_machine()}; load {load_average()}. Seconds: resolution alone (verweven) or the whole
Splink run (peer).

{HEADER}
{chr(10).join(rows)}
""",
    )


if __name__ == "__main__":
    main()
