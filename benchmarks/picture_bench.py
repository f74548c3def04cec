"""Benchmark of the undermining picture: do the areas with planted cases stand out for their
themes, and how long do counting and protecting take.

Workload: a synthetic region (default 50,000 persons, seed 7, default noise), of which only
the six deliveries the picture reads are ingested (BAG, BRP residences, KvK registrations,
cannabis farms, grid anomalies, Kadaster transfers) into a fresh DuckDB store; kept in
``--work`` and reused. Per planted case of the typologies the indicators watch, the buurt it
lies in (from the ground truth, which the picture never reads) is ranked among all buurten by
the indicator's authorised rate (the total over the years for dated indicators): rank 1 is the
highest; lift is its rate over the region's. Then how many of those buurten the published
picture hides (".") at the default protection. Timing: `build_picture` (one audited bulk read
per kind of entity, counting) and `publish` (protection with its linear-programme audit),
median of 3 runs each.

Run: ``.venv/bin/python -m benchmarks.picture_bench`` (writes the "picture" section).

The whole build on a store that already holds a region (``--store URL [--schema S] --geo DIR``,
writes the "picture-build" section): per run, the audited bulk reads of the facts and the
counting (``build_picture``), then the protection with its audit (``publish``), as an analyst
stating purpose ``ondermijningsbeeld`` (on PostgreSQL an account ``bench.analist`` the
benchmark makes once in that schema; on DuckDB the store's local user, on a copy of the file,
since every read adds audit events). ``--geo`` is the region's boundary folder (the synthetic
region writes it as ``geo/``). Median of ``--runs``.
"""

import argparse
import csv
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from python_calamine import CalamineWorkbook

from benchmarks.actors import account, writable_copy
from benchmarks.report import describe_machine, load_average, write_section
from verweven.access import Role
from verweven.ingest import ingest_path
from verweven.picture import DisclosureRules, load_areas
from verweven.picture.build import Picture, Table, aggregate, build_picture, publish
from verweven.picture.facts import Facts, Occurrence
from verweven.picture.indicators import INDICATORS, STAND, TOTAL
from verweven.store import open_store
from verweven.synth import RegionConfig, generate_region, load_noise_rates
from verweven.synth.geography import build_geography, write_geojson

MAPPINGS = Path(__file__).resolve().parents[1] / "examples" / "mappings" / "region"
READ = (
    "bag_adressen", "brp_verblijfplaatsen", "kvk_inschrijvingen", "politie_hennepkwekerijen",
    "netbeheerder_afwijkingen", "kadaster_transacties",
)  # fmt: skip
# typology → (indicator, schema of the planted entity that places it, its role)
WATCHED = {
    "cannabis_farm": ("hennepkwekerij", "Address", "address"),
    "holiday_park": ("bewoning_recreatie", "Address", "park"),
    "overcrowded_address": ("overbewoning", "Address", "address"),
    "facade_business": ("contant_intensief", "Company", "company"),
    "care_company_convicted_owner": ("zorgaanbieder", "Company", "company"),
    "real_estate_laundering": ("snelle_doorverkoop", "RealEstate", "property"),
}


def prepare(persons: int, seed: int, work: Path) -> Path:
    folder = work / f"picture-{seed}-{persons}"
    if not (folder / "manifest.json").exists():
        generate_region(RegionConfig(persons=persons, seed=seed, out=folder,
                                     noise=load_noise_rates("default")))  # fmt: skip
    if not (folder / "ingest.done").exists():
        (folder / "store.duckdb").unlink(missing_ok=True)
        with open_store(str(folder / "store.duckdb")) as store:
            owner = store.local_actor()
            for name in READ:
                ingest_path(store, MAPPINGS / f"{name}.yml", owner,
                            deliveries=folder / "deliveries")  # fmt: skip
        (folder / "ingest.done").touch()
    return folder


def planted_buurten(folder: Path) -> dict[str, list[str]]:
    """Typology → the buurt of each planted (non-decoy) case, from the ground truth."""
    truth = folder / "truth"
    wanted: dict[str, str] = {}
    for row in csv.DictReader((truth / "typologies.csv").open(encoding="utf-8")):
        spec = WATCHED.get(row["typology"])
        if spec and row["decoy"] == "false" and (row["schema"], row["role"]) == spec[1:]:
            wanted.setdefault(row["true_id"], row["typology"] + "|" + row["instance"])
    bag_buurt, postcode_buurt = {}, {}
    with (folder / "deliveries" / "bag_adressen.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter=";"):
            bag_buurt[row["verblijfsobject_id"]] = row["buurtcode"]
            postcode_buurt[row["postcode"]] = row["buurtcode"]
    kvk_buurt = {}
    with (folder / "deliveries" / "kvk_inschrijvingen.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter=";"):
            kvk_buurt[row["vestigingsnummer"]] = postcode_buurt.get(row["postcode"], "")
    rights = CalamineWorkbook.from_path(str(folder / "deliveries" / "kadaster_eigendom.xlsx"))
    rows = rights.get_sheet_by_name("Eigendom").to_python()
    header = [str(h) for h in rows[0]]
    right_buurt = {
        str(r[header.index("zakelijk_recht_id")]): postcode_buurt.get(
            str(r[header.index("postcode")]).replace(" ", ""), ""
        )
        for r in rows[1:]
    }
    found: dict[str, str] = {}
    for row in csv.DictReader((truth / "records.csv").open(encoding="utf-8")):
        case = wanted.get(row["true_id"])
        if case is None or case in found:
            continue
        if row["delivery"] == "bag_adressen":
            found[case] = bag_buurt.get(row["record_id"], "")
        elif row["delivery"] == "kvk_inschrijvingen":
            found[case] = kvk_buurt.get(row["record_id"], "")
        elif row["delivery"] == "kadaster_eigendom":
            found[case] = right_buurt.get(row["record_id"], "")
    per_typology: dict[str, list[str]] = defaultdict(list)
    for case, buurt in sorted(found.items()):
        if buurt:
            per_typology[case.split("|")[0]].append(buurt)
    return per_typology


def rates(picture: Picture, table: Table) -> dict[str, float]:
    period = TOTAL if TOTAL in table.periods else STAND
    per = picture.inhabitants if table.indicator.per == "inwoners" else picture.companies
    scale = 1_000 if table.indicator.per == "inwoners" else 100
    return {
        code: table.counts[(code, period)] / per[code] * scale
        for code in [a.code for a in picture.areas.at("buurt")] + ["regio"]
        if per[code]
    }


def protect_only(persons: int) -> tuple[int, int, int, float, float]:
    """Time ``publish`` alone on the areas of a ``persons`` region with random counts (0 to
    30 per buurt, indicator and year; seed 1): buurten, cells, suppressed, seconds, and the
    processor seconds (which a loaded machine does not inflate)."""
    with tempfile.TemporaryDirectory() as folder:
        write_geojson(build_geography(persons, seed=1), Path(folder))
        areas = load_areas(Path(folder))
    rng = random.Random(1)
    facts = Facts()
    for area in areas.at("buurt"):
        facts.inhabitants[area.code], facts.companies[area.code] = 1_500, 150
        for indicator in INDICATORS:
            for _ in range(rng.choice([0, 1, 2, 4, 8, 15, 30])):
                period = rng.choice(["2023", "2024", "2025", "2026"]) if indicator.dated else STAND
                facts.occurrences.append(
                    Occurrence(indicator.id, area.code, period, 1e5 * rng.random())
                )
    picture = aggregate(facts, areas)
    started, cpu = time.perf_counter(), time.process_time()
    published = publish(picture, DisclosureRules())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    cells = sum(len(p.counts.published) for p in published)
    hidden = sum(len(p.counts.reasons) for p in published)
    return len(areas.at("buurt")), cells, hidden, seconds, cpu


def whole_build(url: str, schema: str | None, geo: Path, runs: int) -> str:
    """Time the whole build (reads, counting, protection, audit) on the store at ``url``."""
    areas = load_areas(geo)
    backend = "postgresql" if url.startswith(("postgresql://", "postgres://")) else "duckdb"
    reads, protections, wholes, cpu = [], [], [], []
    with writable_copy(url) as copy, open_store(copy, schema=schema) as store:
        analist = account(store, "bench.analist", "riec_bench", Role.ANALIST)
        reader = analist.acting_for("ondermijningsbeeld")
        for _ in range(runs):
            started, processor = time.perf_counter(), time.process_time()
            picture = build_picture(store, reader, areas)
            counted = time.perf_counter()
            published = publish(picture, DisclosureRules())
            done = time.perf_counter()
            cpu.append(time.process_time() - processor)
            reads.append(counted - started)
            protections.append(done - counted)
            wholes.append(done - started)
    cells = sum(len(p.counts.published) for p in published)
    hidden = sum(len(p.counts.reasons) for p in published)
    facts = sum(int(t.counts[("regio", t.periods[-1])]) for t in picture.tables)
    inhabitants = picture.inhabitants.get("regio", 0)
    return f"""## The undermining picture: the whole build on a stored region

Workload: the region in the store ({backend}{f", schema {schema}" if schema else ""}):
{inhabitants:,} inhabitants, {len(areas.at("gemeente"))} gemeenten, {len(areas.at("wijk"))}
wijken, {len(areas.at("buurt"))} buurten; {facts:,} counted facts; {cells:,} published cells of
which {hidden:,} suppressed (default protection). As an analyst stating purpose
ondermijningsbeeld. Command: `python -m benchmarks.picture_bench --store URL [--schema S]
--geo DIR`.

Machine: {describe_machine()}; load at the end {load_average()}.

| step | seconds (median of {runs}) | runs |
|---|---:|---|
| bulk reads and counting (`build_picture`) | {statistics.median(reads):.1f} | {_runs(reads)} |
| protection and its LP audit (`publish`) | {statistics.median(protections):.1f} | {
        _runs(protections)
    } |
| whole build | {statistics.median(wholes):.1f} | {_runs(wholes)} |
| whole build, processor time of this process | {statistics.median(cpu):.1f} | {_runs(cpu)} |

Processor time is not inflated by a loaded machine; it leaves out the database server's
work (PostgreSQL runs in its own processes).
"""


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" for s in seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--store",
        help="time the whole build on this store (DuckDB file or "
        "postgresql:// URL) instead of the synthetic benchmark",
    )
    parser.add_argument("--schema", default=None, help="the PostgreSQL schema of --store")
    parser.add_argument("--geo", type=Path, help="the region's boundary folder (with --store)")
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("out/bench-picture"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--protect-persons", type=int, default=1_000_000)
    parser.add_argument(
        "--protect-only",
        action="store_true",
        help="time only the protection of --protect-persons' areas with random "
        "counts, median of --runs (writes the picture-protect section)",
    )
    args = parser.parse_args()
    if args.protect_only:
        timed = [protect_only(args.protect_persons) for _ in range(args.runs)]
        buurten, cells, hidden, _, _ = timed[0]
        seconds, cpu = [t[3] for t in timed], [t[4] for t in timed]
        markdown = f"""## The undermining picture: protecting a large region

Workload: the areas of a {args.protect_persons:,}-person synthetic region ({buurten:,} buurten)
with random counts (0-30 per buurt, indicator and year; seed 1): {cells:,} cells, {hidden:,}
suppressed, LP audit included. Command: `python -m benchmarks.picture_bench --protect-only`.

Machine: {describe_machine()}; load at the end {load_average()}.

- `publish`: {statistics.median(seconds):.1f} s, median of {args.runs} ({_runs(seconds)});
  processor time {statistics.median(cpu):.1f} s ({_runs(cpu)})
"""
        write_section("picture-protect", markdown)
        print(markdown)
        return
    if args.store:
        if args.geo is None:
            parser.error("--store needs --geo, the region's boundary folder")
        markdown = whole_build(args.store, args.schema, args.geo, args.runs)
        write_section("picture-build", markdown)
        print(markdown)
        return
    folder = prepare(args.persons, args.seed, args.work)
    areas = load_areas(folder / "geo", "Synthetische regio")
    rules = DisclosureRules()
    with open_store(str(folder / "store.duckdb")) as store:
        reader = store.local_actor().acting_for("ondermijningsbeeld")
        builds, publishes = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            picture = build_picture(store, reader, areas)
            builds.append(time.perf_counter() - started)
            started = time.perf_counter()
            published = publish(picture, rules)
            publishes.append(time.perf_counter() - started)
    load = load_average()
    planted = planted_buurten(folder)
    buurten = len(areas.at("buurt"))
    lines = [
        "| theme | indicator | planted cases placed | buurt rank (median, of "
        f"{buurten}) | in top 10% | lift (median) | hidden in published |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for typology, (indicator, _, _) in WATCHED.items():
        table = next(t for t in picture.tables if t.indicator.id == indicator)
        shown = next(p for p in published if p.indicator.id == indicator)
        by_rate = rates(picture, table)
        region = by_rate.pop("regio", 0.0)
        order = sorted(by_rate, key=lambda code: (-by_rate[code], code))
        places = planted.get(typology, [])
        ranks = [order.index(b) + 1 for b in places if b in by_rate]
        lifts = [by_rate[b] / region for b in places if b in by_rate and region]
        period = TOTAL if TOTAL in table.periods else STAND
        hidden = sum(1 for b in places if shown.counts.published[(b, period)] is None)
        top = sum(1 for r in ranks if r <= max(1, round(buurten / 10)))
        lines.append(
            f"| {table.indicator.theme} | {indicator} | {len(places)} | "
            f"{statistics.median(ranks) if ranks else '-'} | {top} of {len(ranks)} | "
            f"{statistics.median(lifts) if lifts else 0:.1f} | {hidden} of {len(places)} |"
        )
    cells = sum(len(p.counts.published) for p in published)
    suppressed = sum(len(p.counts.reasons) for p in published)
    big = protect_only(args.protect_persons)
    markdown = f"""## The undermining picture: planted cases per theme, and the time to build it

Workload: {args.persons:,} persons, seed {args.seed}, {len(areas.at("gemeente"))} gemeenten,
{len(areas.at("wijk"))} wijken, {buurten} buurten; the six deliveries the picture reads, in a
DuckDB store. Each planted case is placed in its buurt by the ground truth; its buurt is ranked
among all buurten by the indicator's authorised rate (rank 1 = highest). "Hidden" counts the
planted buurten whose published count is "." (default protection: {rules.describe()}).
Command: `python -m benchmarks.picture_bench`.

Machine: {describe_machine()}; load at the end {load}.

{chr(10).join(lines)}

- build (bulk reads and counting): {statistics.median(builds):.1f} s, median of {args.runs}
- publish (protection, {cells:,} cells, {suppressed:,} suppressed, LP audit):
  {statistics.median(publishes):.1f} s, median of {args.runs}
- publish alone on the areas of a {args.protect_persons:,}-person region ({big[0]:,} buurten)
  with random counts (0-30 per buurt, indicator and year): {big[1]:,} cells, {big[2]:,}
  suppressed, {big[3]:.1f} s ({big[4]:.1f} s of processor time), one run (several:
  `--protect-only`, section "picture-protect").
- The whole build on a stored region, such as the 1,000,000-person one: `--store URL
  [--schema S] --geo DIR` (section "picture-build").
"""
    write_section("picture", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
