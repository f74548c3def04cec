"""Graph benchmark: build the network of a region from the store and run every analysis on it.

Workload (until the synthetic region's ingest is ready): a seeded, graph-shaped statement load
written by one import run per dataset into a DuckDB store, at a region's scale — by default
1,000,000 persons, 400,000 companies, 500,000 addresses and 300,000 vehicles, tied by
residence (UnknownLink, role woonadres), company addresses (Company.addressEntity),
directorships, ownerships, family, payments and vehicle holders: about 3.3 million edges, 20
million statements. Ties are mostly local (neighbours by number) with a few long ones, so the
network has communities, brokers and one large component, as a region does.

``--region PATH`` instead builds from an existing store (a ``.duckdb`` file, or
``PATH/verweven.duckdb``: an ingested synthetic region, e.g. the one the ingest benchmark keeps).
``--scale`` shrinks the generated load (0.01 for a quick look).

Run: ``python -m benchmarks.graph_bench [--scale S] [--runs R] [--keep PATH] [--region PATH]``.
"""

import argparse
import io
import random
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import igraph

from benchmarks.actors import analyst, steward
from benchmarks.report import describe_machine, load_average, median_seconds, write_section
from verweven.access import Actor
from verweven.graph import (
    betweenness,
    brokers,
    build_graph,
    centrality,
    communities,
    components,
    neighbourhood,
    neighbourhood_graph,
    shortest_paths,
    tie_graph,
    write_cypher,
    write_ftm,
    write_gexf,
)
from verweven.graph.centrality import DEFAULT_SAMPLES, EXACT_LIMIT
from verweven.graph.derive import graph_props, graph_schemata
from verweven.model import BASE_ID, Dataset, LegalBasis, Statement
from verweven.store import Store, open_store

SIZES = {"persons": 1_000_000, "companies": 400_000, "addresses": 500_000, "vehicles": 300_000}
DATASETS = ("brp", "kvk", "bag", "rdw", "fiu")
SEED = 11


def _dataset(name: str) -> Dataset:
    return Dataset(
        name=f"bench_{name}",
        partner=name,
        legal_basis=LegalBasis(article="benchmark"),
        purposes=("riec_casus",),
    )


def _entity(eid: str, schema: str, dataset: str, **props: str) -> Iterator[Statement]:
    yield Statement(eid, BASE_ID, schema, eid, dataset)
    for prop, value in props.items():
        yield Statement(eid, prop, schema, value, dataset)


def _near(rng: random.Random, i: int, scale: float, size: int, spread: int = 40) -> int:
    """A partner index near ``i`` (scaled into a list of ``size``); 3% of ties go anywhere."""
    if rng.random() < 0.03:
        return rng.randrange(size)
    return min(size - 1, max(0, int(i * scale) + rng.randint(-spread, spread)))


def iter_load(sizes: dict[str, int], dataset: str) -> Iterator[Statement]:
    """The statements of one benchmark dataset (seeded, so every run writes the same)."""
    rng = random.Random(f"{SEED}-{dataset}")
    people, firms, places = sizes["persons"], sizes["companies"], sizes["addresses"]
    ds = f"bench_{dataset}"
    if dataset == "bag":
        for a in range(places):
            yield from _entity(f"a{a}", "Address", ds, full=f"Straat {a % 3000} {a % 200}")
    elif dataset == "brp":
        for p in range(people):
            yield from _entity(
                f"p{p}", "Person", ds, name=f"Persoon {p}", birthDate=f"19{50 + p % 50}-01-01"
            )
            home = _near(rng, p, places / people, places, spread=2)
            yield from _entity(
                f"w{p}", "UnknownLink", ds, subject=f"p{p}", object=f"a{home}", role="woonadres"
            )
            if p % 5 < 2:
                kin = _near(rng, p, 1.0, people, spread=6)
                yield from _entity(
                    f"f{p}", "Family", ds, person=f"p{p}", relative=f"p{kin}", relationship="kind"
                )
    elif dataset == "kvk":
        yield from _iter_companies(rng, sizes, ds)
    elif dataset == "rdw":
        for v in range(sizes["vehicles"]):
            holder = _near(rng, v, people / sizes["vehicles"], people)
            yield from _entity(
                f"v{v}", "Vehicle", ds, registrationNumber=f"XX{v:06d}", owner=f"p{holder}"
            )
    elif dataset == "fiu":
        for t in range(int(people * 0.3)):
            payer = _near(rng, t, 1 / 0.3, people)
            firm = _near(rng, payer, firms / people, firms)
            yield from _entity(
                f"t{t}", "Payment", ds, payer=f"p{payer}", beneficiary=f"c{firm}", amount="9500"
            )


def _iter_companies(rng: random.Random, sizes: dict[str, int], ds: str) -> Iterator[Statement]:
    people, firms, places = sizes["persons"], sizes["companies"], sizes["addresses"]
    for c in range(firms):
        place = _near(rng, c, places / firms, places)
        yield from _entity(
            f"c{c}", "Company", ds, name=f"Bedrijf {c} B.V.", addressEntity=f"a{place}"
        )
        owner = f"p{_near(rng, c, people / firms, people)}"
        if c % 10 == 0:  # holdings: a company owns a nearby company
            owner = f"c{_near(rng, c, 1.0, firms, spread=5)}"
        yield from _entity(f"o{c}", "Ownership", ds, owner=owner, asset=f"c{c}", percentage="100")
        for k in range(1 + (c % 4 == 0)):
            director = _near(rng, c, people / firms, people)
            yield from _entity(
                f"d{c}-{k}", "Directorship", ds, director=f"p{director}", organization=f"c{c}"
            )


def write_load(store: Store, sizes: dict[str, int]) -> float:
    """Write the benchmark load; return the seconds it took."""
    start = time.perf_counter()
    for name in DATASETS:
        owner = steward(store, name)
        store.register_dataset(_dataset(name), owner)
        with store.import_run(f"bench_{name}", "graph_bench", owner) as run:
            run.write(iter_load(sizes, name))
    return time.perf_counter() - start


class Timings:
    """Collects (step, wall seconds, CPU seconds, note) rows and prints them as they come."""

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.rows: list[tuple[str, float, float, str]] = []

    def time(
        self, step: str, action: Callable[[], object], note: str = "", runs: int = 0, per: int = 1
    ) -> None:
        """Median wall seconds of ``action`` and its mean CPU seconds (all threads), both per
        call when it does ``per`` calls."""
        runs = runs or self.runs
        cpu_start = time.process_time()
        wall = median_seconds(action, runs) / per
        cpu = (time.process_time() - cpu_start) / runs / per
        self.rows.append((step, wall, cpu, note))
        print(f"{step}: {wall:.3f} s wall, {cpu:.3f} s CPU {note}", flush=True)

    def table(self) -> str:
        lines = ["| step | wall (median) | CPU | notes |", "|---|---|---|---|"]
        lines += [
            f"| {step} | {_seconds(wall)} | {_seconds(cpu)} | {note} |"
            for step, wall, cpu, note in self.rows
        ]
        return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def measure_build(store: Store, reader: Actor, timings: Timings, note: str) -> igraph.Graph:
    """Time the whole build (the store's audited stream, DuckDB's joins, igraph) and return the
    last network built; only one network is held at a time."""
    built: list[igraph.Graph] = []

    def build() -> None:
        built.clear()
        built.append(build_graph(store, reader))

    timings.time("build the network (stream from the store, DuckDB joins, igraph)", build, note)
    return built[0]


def measure(
    store: Store, reader: Actor, timings: Timings, samples: int, whole_exports: bool
) -> tuple[str, str]:
    """Time the build and every analysis; return (graph description, workload notes)."""
    stream = store.read_statement_batches(reader, graph_schemata(), graph_props(), ["id"])
    rows = sum(batch.num_rows for batch in stream)
    graph = measure_build(store, reader, timings, f"{rows:,} statements read")
    described = f"{graph.vcount():,} nodes, {graph.ecount():,} edges"
    print(described, flush=True)
    rng = random.Random(SEED)
    persons = [v for v, s in enumerate(graph.vs["schema"]) if s == "Person"]
    names = graph.vs["name"]
    sample = [names[v] for v in rng.sample(persons, min(100, len(persons)))]
    pairs = [(sample[i], sample[-1 - i]) for i in range(min(20, len(sample) // 2))]
    timings.time(
        "neighbourhood, 2 hops (per call)",
        lambda: [neighbourhood(graph, node, 2) for node in sample],
        f"mean of {len(sample)} random persons",
        per=len(sample),
    )
    timings.time(
        "shortest paths with facts (per pair)",
        lambda: [shortest_paths(graph, a, b) for a, b in pairs],
        f"mean of {len(pairs)} random pairs",
        per=len(pairs),
    )
    timings.time("connected components", lambda: components(graph))
    timings.time("tie graph (undirected, collapsed)", lambda: tie_graph(graph))
    partition = communities(graph)
    timings.time(
        "communities (Leiden)",
        lambda: communities(graph),
        f"{len(partition.communities):,} communities, modularity {partition.quality:.3f}",
    )
    ties = tie_graph(graph)
    timings.time("PageRank", lambda: ties.pagerank(directed=False))
    timings.time(
        f"betweenness, the default above {EXACT_LIMIT:,} nodes",
        lambda: betweenness(ties),
        f"estimated from {DEFAULT_SAMPLES} seeded sources (Brandes–Pich)",
        runs=1,
    )
    if samples != DEFAULT_SAMPLES:
        timings.time(
            f"betweenness, {samples} sampled sources",
            lambda: betweenness(ties, samples=samples),
            "a finer estimate",
            runs=1,
        )
    timings.time(
        "centrality (both rankings, top 20)",
        lambda: centrality(graph),
        "tie graph + PageRank + default betweenness",
        runs=1,
    )
    timings.time("brokers (given the partition)", lambda: brokers(graph, partition))
    if whole_exports:
        timings.time("export GEXF", lambda: write_gexf(graph, _Sink()), "whole network", runs=1)
        timings.time("export Cypher", lambda: write_cypher(graph, _Sink()), "whole network", runs=1)
    around = neighbourhood_graph(graph, sample[0], 3)
    size = f"3-hop neighbourhood: {around.vcount()} nodes, {around.ecount()} edges"
    if not whole_exports:
        timings.time("export GEXF", lambda: write_gexf(around, _Sink()), size)
        timings.time("export Cypher", lambda: write_cypher(around, _Sink()), size)
    timings.time(
        "export FtM", lambda: write_ftm(around, store, reader, io.StringIO(), "benchmark"), size
    )
    return described, f"{rows:,} statements read"


class _Sink(io.StringIO):
    """A text sink that keeps nothing: exports are timed without the disk."""

    def write(self, text: str) -> int:
        return len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the default load")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--samples", type=int, default=DEFAULT_SAMPLES, help="also time this many sources"
    )
    parser.add_argument(
        "--whole-exports",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="export the whole network (default: for the generated load; a region's exports "
        "are of a 3-hop neighbourhood, what an analyst takes out)",
    )
    parser.add_argument("--keep", type=Path, help="write (or reuse) the generated store here")
    parser.add_argument(
        "--region", type=Path, help="use this store (a .duckdb file, or DIR/verweven.duckdb)"
    )
    parser.add_argument("--purpose", default="riec_casus", help="the purpose read with --region")
    parser.add_argument("--label", help="what the --region store holds, for the section")
    args = parser.parse_args()
    timings = Timings(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = region_store(args.region) if args.region else args.keep
        path = path or Path(tmp) / "graph.duckdb"
        fresh = args.region is None and not path.exists()
        store = open_store(str(path))
        sizes = {name: max(10, int(size * args.scale)) for name, size in SIZES.items()}
        if fresh:
            write_seconds = write_load(store, sizes)
            print(f"wrote the load in {write_seconds:.1f} s", flush=True)
        reader = analyst(store, args.purpose)
        whole = args.whole_exports if args.whole_exports is not None else not args.region
        described, notes = measure(store, reader, timings, args.samples, whole)
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    usage = f"peak memory {peak:.1f} GiB, CPU time {cpu.ru_utime + cpu.ru_stime:,.0f} s"
    # A real region gets a section of its own, so both sets of figures stay in BENCHMARKS.md.
    section = "graph-region" if args.region else "graph"
    write_section(section, _section(args, sizes, described, notes, timings, usage))


def region_store(region: Path) -> Path:
    """A store file as given, or the ``verweven.duckdb`` in a region folder."""
    return region if region.suffix == ".duckdb" else region / "verweven.duckdb"


def _section(
    args: argparse.Namespace,
    sizes: dict[str, int],
    described: str,
    notes: str,
    timings: Timings,
    usage: str,
) -> str:
    if args.region:
        workload = (
            f"{args.label or 'the region'} in the store `{args.region}`, read for purpose "
            f"{args.purpose}"
        )
    else:
        workload = (
            "a generated, seeded graph-shaped load (for an ingested, resolved region see "
            f'"graph-region" below): {sizes["persons"]:,} persons, '
            f"{sizes['companies']:,} companies, "
            f"{sizes['addresses']:,} addresses, {sizes['vehicles']:,} vehicles, tied by "
            "residence (UnknownLink, role woonadres), company addresses, ownership, "
            "directorship, family, payments and vehicle holders; written to a DuckDB store by "
            "one import run per dataset"
        )
    title = "an ingested, resolved region" if args.region else "a region"
    return f"""## Graph: build the network of {title} and analyse it

Workload: {workload}. Network: {described} ({notes}). Wall: the median of {args.runs} run(s)
unless the notes say otherwise (expensive steps: 1 run). Analyses run on the whole network.
Betweenness above {EXACT_LIMIT:,} nodes is estimated from the shortest paths of {DEFAULT_SAMPLES}
seeded random sources (Brandes–Pich, verweven's default): one source costs about one
breadth-first search of the whole network.
Benchmark process: {usage}. Command: `{_command(args)}`.

Machine: {describe_machine()}; load average {load_average()} (1/5/15 min) at the end of the run
(above 2, other work shared the two cores and stretched wall times — the CPU column, all
threads of the process, is the steadier figure).

{timings.table()}
"""


def _command(args: argparse.Namespace) -> str:
    runs = "" if args.runs == 3 else f" --runs {args.runs}"
    if args.region:
        return (
            f"python -m benchmarks.graph_bench --region {args.region} --purpose {args.purpose}"
            f"{runs}"
        )
    scale = "" if args.scale == 1.0 else f" --scale {args.scale}"
    return f"python -m benchmarks.graph_bench{scale}{runs}"


if __name__ == "__main__":
    main()
