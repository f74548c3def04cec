"""API benchmark: latency of the entity page, search and a 2-hop neighbourhood over HTTP.

Workload: a PostgreSQL store of PERSONS persons (10 statements each, one dataset; the
benchmarks' synthetic persons, without relationships). ``verweven serve`` runs as its own
process (uvicorn, CONNECTIONS store connections) on loopback; CLIENTS threads of this process,
each with its own keep-alive HTTP client and the analyst's token, request one kind of page for
SECONDS seconds per round: an entity (``GET /api/v1/entities/{id}``, a random person), a search
(``GET /api/v1/entities?q=Persoon n``, an exact name), and a neighbourhood of 2 hops (fewer
clients). Every request is a full read: authenticated,
decided by the policy, audited. The figure per kind is the median over ROUNDS rounds of each
round's p50 and p95, with requests per second and errors (any status but 200).

The machine is shared: the load average is noted with every round.

Run: ``python -m benchmarks.api_bench [--persons N] [--clients C] [--seconds S] [--rounds R]``.
"""

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass

import httpx
import psycopg

from benchmarks.actors import account, steward
from benchmarks.persons import DATASET, make_statements
from benchmarks.report import describe_machine, load_average, write_section
from verweven.access import Role
from verweven.store import open_store

POSTGRES_URL = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
CONNECTIONS = 8
HEADERS = {"X-Verweven-Purpose": "riec_casus", "X-Verweven-Case": "BENCH"}


@dataclass(frozen=True)
class Kind:
    name: str
    clients: int
    url: str  # with {i}: a person's number


@dataclass(frozen=True)
class Round:
    kind: str
    number: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    per_second: float
    load: str


def build_store(persons: int) -> tuple[str, str]:
    """A fresh schema holding the workload; (schema, the analyst's token)."""
    schema = f"bench_api_{uuid.uuid4().hex[:8]}"
    with open_store(POSTGRES_URL, schema=schema, migrate=True) as store:
        owner = steward(store, DATASET.partner)
        store.register_dataset(DATASET, owner)
        with store.import_run(DATASET.name, "bench", owner) as run:
            run.write(make_statements(persons * 10))
        store._execute("ANALYZE")
        analyst = account(store, "bench.analist", "riec_bench", Role.ANALIST)
        return schema, store.issue_token(analyst, "benchmark", 1)


def start_server(schema: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VERWEVEN_DATABASE_URL": POSTGRES_URL, "VERWEVEN_DATABASE_SCHEMA": schema}
    command = [sys.executable, "-m", "verweven", "serve", "--port", str(port),
               "--connections", str(CONNECTIONS)]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(base: str, token: str) -> None:
    for _ in range(300):
        try:
            httpx.get(f"{base}/api/v1/whoami", headers={"Authorization": f"Bearer {token}"})
            return
        except httpx.ConnectError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def measure(base: str, token: str, kind: Kind, persons: int, seconds: float, number: int) -> Round:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        headers = {**HEADERS, "Authorization": f"Bearer {token}"}
        mine: list[float] = []
        failed = 0
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            while time.monotonic() < stop:
                i = rng.randrange(persons)
                started = time.perf_counter()
                answer = http.get(kind.url.format(i=i, id=f"p{i:07d}"))
                mine.append(time.perf_counter() - started)
                failed += answer.status_code != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [
        threading.Thread(target=client, args=(number * 1000 + c,)) for c in range(kind.clients)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    return Round(kind.name, number, len(latencies), errors[0], statistics.median(latencies) * 1000,
                 cuts[18] * 1000, len(latencies) / elapsed, load_average())  # fmt: skip


def report(rounds: list[Round], persons: int, clients: int, seconds: float) -> str:
    lines = [
        "## API: entity page, search and neighbourhood over HTTP (PostgreSQL)",
        "",
        f"Workload: {persons:,} persons × 10 statements, one dataset (no relationships);",
        f"`verweven serve` as its own process with {CONNECTIONS} store connections, on loopback;",
        f"{clients} concurrent clients per kind (the neighbourhood: 2), {seconds:g} s per kind and",
        "round; every request authenticated, decided by the policy and audited. p50/p95 are the",
        "median over rounds of each round's percentiles.",
        "Command: `python -m benchmarks.api_bench`.",
        "",
        f"Machine: {describe_machine()}; PostgreSQL on the same machine (stock settings), shared",
        "with other engineers: the load average (1 / 5 / 15 min) is given per round.",
        "",
        "| page | p50 | p95 | requests/s | errors |",
        "|---|---|---|---|---|",
    ]
    lines += round_tables(rounds)
    lines += [
        "",
        "The neighbourhood reads only the statements within its hops (`local_graph`); these",
        "persons have no relationships, so it is one entity here. A region with relationships:",
        "`python -m benchmarks.reads_bench`.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    schema, token = build_store(args.persons)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = start_server(schema, port)
    base = f"http://127.0.0.1:{port}"
    kinds = [
        Kind("entity", args.clients, "/api/v1/entities/{id}"),
        Kind("search", args.clients, "/api/v1/entities?q=Persoon%20{i}"),
        Kind("neighbourhood (2 hops)", 2, "/api/v1/entities/{id}/neighbourhood?hops=2"),
    ]
    try:
        wait_until_up(base, token)
        rounds = [
            measure(base, token, kind, args.persons, args.seconds, number)
            for number in range(1, args.rounds + 1)
            for kind in kinds
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    markdown = report(rounds, args.persons, args.clients, args.seconds)
    write_section("api", markdown)
    print(markdown)


if __name__ == "__main__":
    main()


def round_tables(rounds: list[Round]) -> list[str]:
    """Per page the median over rounds of each round's percentiles, then every round."""
    lines = []
    for name in dict.fromkeys(r.kind for r in rounds):
        mine = [r for r in rounds if r.kind == name]
        lines.append(
            f"| {name} | {statistics.median(r.p50_ms for r in mine):,.1f} ms "
            f"| {statistics.median(r.p95_ms for r in mine):,.1f} ms "
            f"| {statistics.median(r.per_second for r in mine):,.1f} "
            f"| {sum(r.errors for r in mine)} of {sum(r.requests for r in mine):,} |"
        )
    lines += ["", "| page | round | requests | p50 | p95 | requests/s | load |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    return lines + [
        f"| {r.kind} | {r.number} | {r.requests:,} | {r.p50_ms:,.1f} ms | {r.p95_ms:,.1f} ms "
        f"| {r.per_second:,.1f} | {r.load} |"
        for r in rounds
    ]
