"""Bibob screening on the synthetic region: does the screening find the hidden person of every
planted case in the right art. 3 lid 4 category, and what does it report about clean
applicants — and how long does one screening take once the officer's network is built.

Workload: the store of `make demo` (copied; built by `verweven demo` when missing), read by its
local user as a Bibob officer (purpose bibob, one file reference). Planted cases from the
region's ground truth (`truth/typologies.csv`): every *bibob_hidden_financier* applicant (is the
convicted financier behind the holding found, under zeggenschap or vermogensverschaffer, and
flagged as not declared?) and every company of every *straw_man* case screened as if it applied
(is the organiser who set it up found as a (former) leidinggevende?). Clean applicants: every
Bibob applicant of the region that belongs to no planted case.

With ``--store URL [--schema S]`` (a resolved store: a DuckDB file, copied, or PostgreSQL) it
times, for a seeded sample of the applicants the store itself holds (the companies of
``gemeente_bibob_aanvragen``), the screening as `verweven bibob screen` runs it (relations and
facts, read by ``circle_graph``), the same screening on the 4-step read it replaced, the
findings report (screening plus HTML with the circle's picture) and, for a few, its PDF — and
writes the section ``bibob-store-<backend>``.
"""

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.actors import account, writable_copy
from benchmarks.report import describe_machine, load_average, write_section
from verweven.access import Role
from verweven.graph import build_graph, local_graph
from verweven.reports.pdf import print_pdf
from verweven.screening import Category, Finding, find_questionnaire, screen_applicant
from verweven.services.screening import ScreeningResult, write_report
from verweven.store import Store, open_store
from verweven.store.rows import schema_with_descendants

DEMO = Path("out/demo")
FILE = "BIBOB-BENCH"
SEED = 1
QUESTIONNAIRE = ("gemeente_bibob_aanvragen", "applicant")


def canonical_of(store, officer, truth: Path) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Every true id of the region's ground truth to the ids its records have for the officer
    (the officer's view splits clusters held together only by records it may not see)."""
    table = store.read_statement_table(
        officer,
        schema_with_descendants("Thing"),
        ["id"],
        ordered=False,
        columns=("entity_id", "canonical_id"),
    )
    by_record = {}
    for entity_id, canonical in zip(*(table.column(c).to_pylist() for c in table.column_names),
                                    strict=True):  # fmt: skip
        parts = entity_id.split(".")
        by_record[(parts[0], parts[1], parts[-1])] = canonical
    found: dict[str, set[str]] = defaultdict(set)
    with (truth / "records.csv").open() as handle:
        for row in csv.DictReader(handle):
            key = (row["delivery"], row["role"].split("[")[0], row["record_id"])
            if key in by_record:
                found[row["true_id"]].add(by_record[key])
    return found


def questionnaires_of(truth: Path) -> dict[str, str]:
    """Every Bibob applicant's (first) questionnaire reference, by its true id: the file a
    screening compares with."""
    found: dict[str, str] = {}
    with (truth / "records.csv").open() as handle:
        for row in csv.DictReader(handle):
            if (row["delivery"], row["role"]) == QUESTIONNAIRE:
                found[row["true_id"]] = min(found.get(row["true_id"], "~"), row["record_id"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo", type=Path, default=DEMO, help="a folder laid out as make demo's")
    parser.add_argument("--store", help="time screenings on this resolved store instead")
    parser.add_argument("--schema", default=None, help="its PostgreSQL schema")
    parser.add_argument("--label", default="a resolved synthetic region")
    parser.add_argument("--applicants", type=int, default=50, help="screenings timed")
    parser.add_argument(
        "--before",
        type=int,
        default=20,
        help="of those, also screened on the 4-step read (slow: 0 skips it)",
    )
    parser.add_argument("--pdfs", type=int, default=3, help="reports also printed to PDF")
    args = parser.parse_args()
    if args.store:
        timed_on_store(args)
        return
    demo = args.demo
    if demo == DEMO and not (DEMO / "verweven.duckdb").exists():
        subprocess.run([sys.executable, "-m", "verweven", "demo"], check=True)
    load_before = load_average()
    truth = demo / "region" / "truth"
    planted: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with (truth / "typologies.csv").open() as handle:
        for row in csv.DictReader(handle):
            planted[(row["typology"], row["instance"])][row["role"]].append(row["true_id"])
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "demo.duckdb"
        shutil.copy(demo / "verweven.duckdb", copy)
        with open_store(str(copy)) as store:
            officer = store.local_actor().acting_for("bibob", FILE)
            canonical = canonical_of(store, officer, truth)
            references = questionnaires_of(truth)
            start = time.perf_counter()
            graph = build_graph(store, officer)
            build_s = time.perf_counter() - start
            timings: list[float] = []
            local_timings: list[float] = []
            differ: list[str] = []
            before_timings: list[float] = []
            before_differ: list[str] = []

            def screen(company: str):  # type: ignore[no-untyped-def]
                [applicant] = sorted(canonical[company])[:1]
                begun = time.perf_counter()
                answers = find_questionnaire(store, officer, references.get(company, ""))
                result = screen_applicant(store, officer, applicant, graph, answers)
                timings.append(time.perf_counter() - begun)
                # The same screening as the service runs it: reading what the circle and
                # the facts look at (circle_graph) instead of using the whole network.
                begun = time.perf_counter()
                answers = find_questionnaire(store, officer, references.get(company, ""))
                local = screen_applicant(store, officer, applicant, questionnaire=answers)
                local_timings.append(time.perf_counter() - begun)
                if findings(local) != findings(result):
                    differ.append(company)
                if len(before_timings) < args.before:  # the 4-step read it replaced
                    begun = time.perf_counter()
                    around = local_graph(store, officer, [applicant], 4)
                    old = screen_applicant(store, officer, applicant, around)
                    before_timings.append(time.perf_counter() - begun)
                    if findings(old) != findings(result):
                        before_differ.append(company)
                return result

            rows = []
            financiers = [(k, v) for k, v in planted.items() if k[0] == "bibob_hidden_financier"]
            for (_, instance), roles in sorted(financiers):
                result = screen(roles["applicant"][0])
                hidden = canonical[roles["financier"][0]]
                where = sorted({r.category.value for r in result.circle if r.member.id in hidden})
                flagged = any(c.member in hidden for c in result.undeclared)
                hops = min((len(r.edges) for r in result.circle if r.member.id in hidden),
                           default=0)  # fmt: skip
                rows.append((instance, "financier", where, flagged, hops))
            straw = [(k, v) for k, v in planted.items() if k[0] == "straw_man"]
            for (_, instance), roles in sorted(straw):
                organiser = canonical[roles["organiser"][0]]
                found = 0
                for company in roles["company"]:
                    result = screen(company)
                    found += any(
                        r.member.id in organiser and r.category is Category.LEIDINGGEVENDE
                        for r in result.circle
                    )
                rows.append((instance, f"organiser in {found} of {len(roles['company'])}",
                             ["leidinggevende"] if found else [], found > 0, 1))  # fmt: skip
            in_cases = {i for roles in planted.values() for ids in roles.values() for i in ids}
            applicants = []
            with (truth / "records.csv").open() as handle:
                for row in csv.DictReader(handle):
                    applied = (row["delivery"], row["role"]) == QUESTIONNAIRE
                    if applied and row["true_id"] not in in_cases:
                        applicants.append(row["true_id"])
            undeclared_by: dict[str, int] = defaultdict(int)
            unsupported_by: dict[str, int] = defaultdict(int)
            clean = {"screened": 0, "adverse facts": 0, "undeclared": 0, "unsupported": 0}
            for company in sorted(set(applicants)):
                if company not in canonical:
                    continue
                result = screen(company)
                clean["screened"] += 1
                clean["adverse facts"] += bool(result.facts)
                clean["undeclared"] += bool(result.undeclared)
                for finding in result.undeclared:
                    undeclared_by[finding.category.value] += 1
                unsupported = [c for c in result.comparison if c.finding is Finding.UNSUPPORTED]
                clean["unsupported"] += bool(unsupported)
                for finding in unsupported:
                    unsupported_by[finding.category.value] += 1
    clean["by category"] = ", ".join(f"{k} {v}" for k, v in sorted(undeclared_by.items()))
    clean["unsupported by"] = ", ".join(f"{k} {v}" for k, v in sorted(unsupported_by.items()))
    clean["local"] = (local_timings, differ)
    clean["before"] = (before_timings, before_differ)
    write_section("bibob", render(rows, clean, timings, build_s, load_before))


def findings(result):  # type: ignore[no-untyped-def]
    """What a screening found, without edge numbers (which differ between two graphs)."""
    circle = sorted(
        (r.category.value, r.member.id, tuple((e.kind, e.statements) for e in r.edges))
        for r in result.circle
    )
    facts = sorted((f.member, tuple((e.kind, e.statements) for e in f.facts)) for f in result.facts)
    compared = sorted((c.finding.value, c.category.value, c.member) for c in result.comparison)
    return circle, facts, compared


def p95_of(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def render(rows, clean, timings, build_s, load_before) -> str:  # type: ignore[no-untyped-def]
    p95 = p95_of(timings)
    local_timings, differ = clean.pop("local")
    before_timings, before_differ = clean.pop("before")
    lines = [
        "## Bibob screening on the synthetic region",
        "",
        (__doc__ or "").split("\n", 2)[2].strip().replace("\n", " "),
        "Command: `python -m benchmarks.bibob_bench`.",
        "",
        f"Machine: {describe_machine()}; load average {load_before} before, {load_average()}"
        " after (the machine is shared).",
        "",
        "| planted case | who | found as | flagged not declared | path length |",
        "|---|---|---|---|---|",
    ]
    for instance, who, where, flagged, hops in rows:
        lines.append(
            f"| {instance} | {who} | {', '.join(where) or '**not found**'} | "
            f"{'yes' if flagged else 'no'} | {hops} |"
        )
    lines += [
        "",
        f"Clean applicants (no planted case): {clean['screened']} screened; with adverse facts "
        f"(convictions, suspicions, FIU reports, tax debts) about their circle: "
        f"{clean['adverse facts']}; with a relation the registers show but the questionnaire "
        f"did not declare: {clean['undeclared']} (relations by category: "
        f"{clean['by category']}); with a "
        f"declared relation no register supports: {clean['unsupported']} (by category: "
        f"{clean['unsupported by']}). The generator's honest questionnaires declare managers, "
        "financiers and the landlord but not shareholders, so every shareholder the KvK shows "
        "counts as not declared; banks and own means appear in no register.",
        "",
        f"One screening once the officer's network is built (relations, comparison, facts, "
        f"hits): median {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms over "
        f"{len(timings)} screenings. Building the officer's network of the region (every "
        f"delivery the bibob purpose may read): {build_s:.1f} s, once.",
        "",
        f"The same screenings as `verweven bibob`, the API and the web application run them, "
        f"reading only what the circle and the facts look at (`circle_graph`, one audited "
        f"read each): median {statistics.median(local_timings) * 1000:.0f} ms, p95 "
        f"{p95_of(local_timings) * 1000:.0f} ms, read included; findings (circle with its "
        f"evidence, facts, comparison) different from the whole network's: {len(differ)} of "
        f"{len(local_timings)}" + (f" ({', '.join(differ[:5])})" if differ else "") + ".",
    ]
    if before_timings:
        lines += [
            "",
            f"Before (the read it replaced: everything 4 steps around the applicant, "
            f"`local_graph(…, 4)`), the first {len(before_timings)} of them: median "
            f"{statistics.median(before_timings) * 1000:.0f} ms, p95 "
            f"{p95_of(before_timings) * 1000:.0f} ms; findings different from the whole "
            f"network's: {len(before_differ)} of {len(before_timings)}"
            + (f" ({', '.join(before_differ[:5])})" if before_differ else "")
            + ".",
        ]
    return "\n".join(lines)


def applicants_of(store: Store, count: int) -> list[str]:
    """A seeded sample of the applicants the store holds: the records of the companies of
    the Bibob questionnaire deliveries."""
    rows = store._fetchall(
        "SELECT DISTINCT entity_id FROM statements WHERE dataset = ? AND schema = 'Company' "
        "ORDER BY 1",
        (QUESTIONNAIRE[0],),
    )
    found = [row[0] for row in rows]
    return random.Random(SEED).sample(found, min(count, len(found)))


def timed_on_store(args: argparse.Namespace) -> None:
    """Screenings and reports on a resolved store given by URL (and schema)."""
    backend = "postgresql" if args.store.startswith("postgresql") else "duckdb"
    load_before = load_average()
    with (
        tempfile.TemporaryDirectory() as folder,
        writable_copy(args.store) as url,
        open_store(url, schema=args.schema) as store,
    ):
        officer = account(store, "bench.bibob", "gemeente", Role.BIBOB).acting_for("bibob", FILE)
        statements = store._fetchall("SELECT count(*) FROM statements")[0][0]
        chosen = applicants_of(store, args.applicants)
        screening, report, before, pdf = [], [], [], []
        members, edges = [], []
        for number, applicant in enumerate(chosen):
            begun = time.perf_counter()
            result = screen_applicant(store, officer, applicant)
            screening.append(time.perf_counter() - begun)
            members.append(len({r.member.id for r in result.circle}))
            edges.append(sum(len(f.facts) for f in result.facts))
            begun = time.perf_counter()
            html = write_report(store, officer, ScreeningResult(result, None), "bench").html
            report.append(screening[-1] + time.perf_counter() - begun)
            if number < args.pdfs:
                begun = time.perf_counter()
                page = Path(folder) / "bibob.html"
                page.write_text(html)
                print_pdf(page, Path(folder) / "bibob.pdf")
                pdf.append(report[-1] + time.perf_counter() - begun)
            if number < args.before:
                begun = time.perf_counter()
                canonical = result.applicant.id
                screen_applicant(store, officer, applicant,
                                 local_graph(store, officer, [canonical], 4))  # fmt: skip
                before.append(time.perf_counter() - begun)
    markdown = render_store(args, backend, statements, load_before,
                            (screening, report, pdf, before, members, edges))  # fmt: skip
    write_section(f"bibob-store-{backend}", markdown)
    print(markdown)


def render_store(args, backend, statements, load_before, timed) -> str:  # type: ignore[no-untyped-def]
    screening, report, pdf, before, members, edges = timed

    def figures(timings: list[float]) -> str:
        if not timings:
            return "not measured"
        return (f"median {statistics.median(timings) * 1000:,.0f} ms, p95 "
                f"{p95_of(timings) * 1000:,.0f} ms, max {max(timings) * 1000:,.0f} ms "
                f"({len(timings)})")  # fmt: skip

    return "\n".join(
        [
            f"## Bibob screening on a store: {args.label} ({backend})",
            "",
            f"Workload: {args.label}, {statements:,} statements; a seeded sample of "
            f"{len(screening)} applicants of `{QUESTIONNAIRE[0]}` (records of the store itself), "
            "each screened once by a Bibob officer (purpose bibob, one file), one at a time.",
            "Command: `python -m benchmarks.bibob_bench --store … [--schema …] --label …`.",
            f"Machine: {describe_machine()}; load average {load_before} before, "
            f"{load_average()} after (the machine is shared).",
            "",
            "| what | time |",
            "|---|---|",
            f"| screening: relations + facts + comparison + hits (`circle_graph`) | "
            f"{figures(screening)} |",
            f"| full report: screening + HTML with the circle's picture | {figures(report)} |",
            f"| full report printed to PDF (Chromium) | {figures(pdf)} |",
            f"| before: the same screening on the 4-step read | {figures(before)} |",
            "",
            f"Circles of {statistics.median(members):.0f} members at the median "
            f"({max(members)} at most); {statistics.median(edges):.0f} facts at the median "
            f"({max(edges)} at most).",
        ]
    )


if __name__ == "__main__":
    main()
