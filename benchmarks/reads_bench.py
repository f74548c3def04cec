"""Interactive reads on an ingested region: the entity page, search and a 2-hop neighbourhood
over HTTP, and the local read behind the neighbourhood against the whole-network build.

Workload: a store holding a synthetic region (ingested, and resolved where stated), PostgreSQL
(``--store postgresql://… --schema S``) or DuckDB (``--store PATH``; the benchmark works on a
copy). ``verweven serve`` runs as its own process (CONNECTIONS store connections) on loopback;
CLIENTS threads of this process, each with its own keep-alive client and an analyst's token
(purpose riec_casus), request one kind of page for SECONDS per round: an entity
(``GET /api/v1/entities/{id}``), a search by a person's exact name (``GET /api/v1/entities?q=``)
and a neighbourhood of 2 hops (``GET /api/v1/entities/{id}/neighbourhood?hops=2``), each for a
random person of a seeded sample of persons with at least one relation. Every request is a full
read: authenticated, decided by the policy and audited. Before the server starts, the same
process times, in process, the local read and build of 2-hop neighbourhoods (``local_graph``)
against one build of the reader's whole network (``build_graph``), the peer it replaces.

Run: ``python -m benchmarks.reads_bench --store URL [--schema S] [--label TEXT]``; each
invocation writes the section ``reads-<backend>`` of BENCHMARKS.md.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import quote

from benchmarks.actors import account, writable_copy
from benchmarks.api_bench import CONNECTIONS, Kind, Round, measure, round_tables, wait_until_up
from benchmarks.report import describe_machine, load_average, write_section
from verweven.access import Role
from verweven.graph import build_graph, local_graph, neighbourhood
from verweven.services.network import FAN
from verweven.store import Store, open_store

SAMPLE = 2_000
SEED = 1


def sample(store: Store) -> tuple[list[str], list[str]]:
    """A seeded sample of persons that have at least one relation (canonical ids), and
    their names."""
    rows = store._fetchall(
        "SELECT DISTINCT s.canonical_id, n.value FROM statements s "
        "JOIN statements n ON n.entity_id = s.entity_id AND n.prop = 'name' "
        "WHERE s.schema = 'Person' AND s.prop_type = 'entity' ORDER BY 1, 2"
    )
    chosen = random.Random(SEED).sample(rows, min(SAMPLE, len(rows)))
    return [r[0] for r in chosen], [r[1] for r in chosen]


def in_process(store: Store, ids: list[str], count: int, whole: bool = True) -> dict[str, float]:
    """Local 2-hop neighbourhoods as the pages read them (hubs beyond the centre not
    expanded: ``FAN``) and with every entity expanded, against one whole-network build, in
    this process."""
    reader = account(store, "bench.analist", "riec_bench", Role.ANALIST).acting_for(
        "riec_casus", "BENCH"
    )
    figures: dict[str, float] = {}
    for name, fan in (("local", FAN), ("every", None)):
        timings, nodes, hubs = [], [], []
        for entity_id in ids[:count]:
            started = time.perf_counter()
            graph = local_graph(store, reader, [entity_id], 2, fan)
            found = neighbourhood(graph, entity_id, 2)
            timings.append(time.perf_counter() - started)
            nodes.append(len(found.nodes))
            hubs.append(len(found.unexpanded))
        figures |= {
            f"{name}_p50_ms": statistics.median(timings) * 1000,
            f"{name}_p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
            f"{name}_nodes_p50": statistics.median(nodes),
            f"{name}_nodes_max": max(nodes),
            f"{name}_hubs": sum(1 for h in hubs if h),
        }
    if whole:
        started = time.perf_counter()
        network = build_graph(store, reader)
        figures |= {
            "whole_s": time.perf_counter() - started,
            "whole_nodes": network.vcount(),
            "whole_edges": network.ecount(),
        }
    return figures


def in_process_lines(local: dict[str, float], count: int) -> list[str]:
    lines = [
        f"In process, one at a time, over {count:,} persons: a 2-hop neighbourhood read "
        f"locally and built (`local_graph`, then walked) as the pages read it — an entity "
        f"beyond the centre that more than {FAN} records name (a bank, a busy address) drawn "
        f"but not expanded — took p50 {local['local_p50_ms']:,.1f} ms, p95 "
        f"{local['local_p95_ms']:,.1f} ms (neighbourhoods of {local['local_nodes_p50']:,.0f} "
        f"entities at the median, {local['local_nodes_max']:,.0f} at most; "
        f"{local['local_hubs']:,.0f} of them with an entity not expanded); with every entity "
        f"expanded (as before) p50 {local['every_p50_ms']:,.1f} ms, p95 "
        f"{local['every_p95_ms']:,.1f} ms ({local['every_nodes_p50']:,.0f} entities at the "
        f"median, {local['every_nodes_max']:,.0f} at most)."
    ]
    if "whole_s" in local:
        lines.append(
            f"The whole network it replaces ({local['whole_nodes']:,} nodes, "
            f"{local['whole_edges']:,} edges) took {local['whole_s']:,.1f} s to build, once."
        )
    return lines


def serve(url: str, schema: str | None, port: int) -> subprocess.Popen[bytes]:
    env = {"VERWEVEN_DATABASE_URL": url, **({"VERWEVEN_DATABASE_SCHEMA": schema} if schema else {})}
    command = [sys.executable, "-m", "verweven", "serve", "--port", str(port),
               "--connections", str(CONNECTIONS)]  # fmt: skip
    return subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def over_http(url: str, schema: str | None, token: str, ids: list[str], names: list[str],
              clients: int, seconds: float, rounds: int) -> list[Round]:  # fmt: skip
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = serve(url, schema, port)
    base = f"http://127.0.0.1:{port}"
    # measure() picks a random number i below its bound and formats {i} and {id}: point both
    # at the sample instead of the api benchmark's numbered persons.
    kinds = [
        Kind("entity", clients, "/api/v1/entities/{id}"),
        Kind("search", clients, "/api/v1/entities?q={name}"),
        Kind("neighbourhood (2 hops)", clients, "/api/v1/entities/{id}/neighbourhood?hops=2"),
    ]
    try:
        wait_until_up(base, token)
        return [
            measure(base, token, _sampled(kind, ids, names), len(ids), seconds, number)
            for number in range(1, rounds + 1)
            for kind in kinds
        ]
    finally:
        server.terminate()
        server.wait(timeout=60)


class _SampledUrl(str):
    """A URL template whose ``format(i=…, id=…)`` takes the i-th sampled person."""

    ids: list[str]
    names: list[str]

    def format(self, *args: object, **kwargs: object) -> str:
        i = int(kwargs["i"])  # type: ignore[call-overload]
        return str.format(self, id=quote(self.ids[i], safe=""), name=quote(self.names[i]))


def _sampled(kind: Kind, ids: list[str], names: list[str]) -> Kind:
    url = _SampledUrl(kind.url)
    url.ids, url.names = ids, names
    return Kind(kind.name, kind.clients, url)


def report(label: str, local: dict[str, float], rounds: list[Round], args: argparse.Namespace,
           backend: str) -> str:  # fmt: skip
    lines = [
        f"## Interactive reads: {label} ({backend})",
        "",
        f"Workload: {label}; a seeded sample of {SAMPLE:,} persons with at least one relation.",
        f"`verweven serve` as its own process with {CONNECTIONS} store connections, on loopback;",
        f"{args.clients} concurrent clients per kind, {args.seconds:g} s per kind and round,",
        f"{args.rounds} rounds; every request authenticated, decided by the policy and audited.",
        "p50/p95 are the median over rounds of each round's percentiles.",
        "Command: `python -m benchmarks.reads_bench --store … --label …`.",
        f"Machine: {describe_machine()} (shared with other sessions: the load average is given",
        "per round).",
        "",
        "| page | p50 | p95 | requests/s | errors |",
        "|---|---|---|---|---|",
    ]
    lines += round_tables(rounds)
    lines += ["", *in_process_lines(local, args.local)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True, help="a DuckDB file or postgresql:// URL")
    parser.add_argument("--schema", default=None)
    parser.add_argument("--label", default="a synthetic region")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--local", type=int, default=50, help="neighbourhoods timed in process")
    parser.add_argument("--in-process", action="store_true",
                        help="only the in-process figures (no server, no whole-network build); "
                        "written to the section reads-local-<backend>")  # fmt: skip
    args = parser.parse_args()
    backend = "postgresql" if args.store.startswith("postgresql") else "duckdb"
    with writable_copy(args.store) as url:
        with open_store(url, schema=args.schema) as store:
            ids, names = sample(store)
            local = in_process(store, ids, args.local, whole=not args.in_process)
            if args.in_process:
                markdown = "\n".join([
                    f"## Interactive reads in process: {args.label} ({backend})", "",
                    f"Command: `python -m benchmarks.reads_bench --store … --label … "
                    f"--in-process`. Machine: {describe_machine()}; load average "
                    f"{load_average()} (shared).", "", *in_process_lines(local, args.local),
                ])  # fmt: skip
                write_section(f"reads-local-{backend}", markdown)
                print(markdown)
                return
            analyst = account(store, "bench.analist", "riec_bench", Role.ANALIST)
            token = store.issue_token(analyst, "benchmark", 1)
        rounds = over_http(url, args.schema, token, ids, names, args.clients, args.seconds,
                           args.rounds)  # fmt: skip
    markdown = report(args.label, local, rounds, args, backend)
    write_section(f"reads-{backend}", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
