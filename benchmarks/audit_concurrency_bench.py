"""Audit concurrency benchmark: do audit appends serialise concurrent readers on PostgreSQL?

Workload: a PostgreSQL store of STATEMENTS statements (persons of 10 statements each, one
dataset). THREADS threads, each with its own store connection and its own authenticated
analyst, read `get_entities` of 10 random persons (seed per thread) in a loop for SECONDS
seconds. Each round runs both modes, in an order that alternates from round to round:

- ``on``: every read appends its event (one INSERT, no lock) and returns once the event is
  committed (on disk, with the server's default ``synchronous_commit = on``);
- ``off``: the store's private benchmark switch skips the append (no setting can do this).

The figure is the median round's reads per second of each mode. After each round with audit
on, the log is sealed (that round's events get their positions and one signed checkpoint):
sealed events per second. Finally the whole log is verified once.

The machine is shared: the load average is noted with every round.

Run: ``python -m benchmarks.audit_concurrency_bench [--statements N] [--threads T]
[--seconds S] [--rounds R]``.
"""

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from benchmarks.actors import account, steward
from benchmarks.persons import DATASET, make_statements
from benchmarks.report import describe_machine, load_average, write_section
from verweven.access import Actor, Role
from verweven.audit import generate_signing_key
from verweven.settings import get_settings
from verweven.store import Store, open_store
from verweven.store.postgres import PostgresStore

POSTGRES_URL = os.environ.get("VERWEVEN_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
READ_SIZE = 10


MODES = ("on", "off")


@dataclass(frozen=True)
class Round:
    """One timed round of one mode: reads per second, and the load."""

    number: int
    mode: str
    reads_per_second: float
    load: str


def build_store(persons: int) -> PostgresStore:
    """A fresh schema holding the workload, and the analyst's account."""
    store = open_store(POSTGRES_URL, schema=f"bench_audit_{uuid.uuid4().hex[:8]}", migrate=True)
    assert isinstance(store, PostgresStore)
    owner = steward(store, DATASET.partner)
    store.register_dataset(DATASET, owner)
    with store.import_run(DATASET.name, "bench", owner) as run:
        run.write(make_statements(persons * 10))
    store._execute("ANALYZE")
    return store


def reader_sessions(store: PostgresStore, count: int) -> list[tuple[Store, Actor]]:
    """``count`` store connections, each with the analyst logged in on it."""
    analyst = account(store, "bench.analist", "riec_bench", Role.ANALIST)
    token = store.issue_token(analyst, "benchmark", 1)
    sessions: list[tuple[Store, Actor]] = []
    for _ in range(count):
        session = open_store(POSTGRES_URL, schema=store.schema)
        reader = session.authenticate_token(token).acting_for("riec_casus", "BENCH")
        sessions.append((session, reader))
    return sessions


def run_round(
    sessions: list[tuple[Store, Actor]], persons: int, seconds: float, mode: str, seed: int
) -> Round:
    """Every session reads in its own thread for ``seconds`` in ``mode``; reads per second
    in total."""
    counts = [0] * len(sessions)
    start = threading.Barrier(len(sessions) + 1)
    deadline = [0.0]

    def read(number: int, session: Store, reader: Actor) -> None:
        chooser = random.Random(seed * 1000 + number)
        start.wait()
        while time.perf_counter() < deadline[0]:
            ids = [f"p{chooser.randrange(persons):07d}" for _ in range(READ_SIZE)]
            session.get_entities(reader, ids)
            counts[number] += 1

    for session, _ in sessions:
        session._benchmark_without_audit = mode == "off"
    threads = [threading.Thread(target=read, args=(n, s, r)) for n, (s, r) in enumerate(sessions)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    start.wait()
    for thread in threads:
        thread.join()
    return Round(seed + 1, mode, sum(counts) / seconds, load_average())


def measure_seal(store: PostgresStore, sealer: Actor) -> tuple[int, float, str]:
    """(events sealed, seconds, load) of one seal."""
    began = time.perf_counter()
    report = store.seal_audit(sealer)
    return report.sealed, time.perf_counter() - began, load_average()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=300_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    persons = args.statements // 10
    with tempfile.TemporaryDirectory() as folder:
        key = Path(folder) / "audit-key"
        generate_signing_key(key)
        os.environ["VERWEVEN_AUDIT_KEY"] = str(key)
        get_settings.cache_clear()
        store = build_store(persons)
        try:
            report = measure(store, persons, args)
        finally:
            store.drop_schema()
            store.close()
    write_section("audit_concurrency", report)
    print(report)


def measure(store: PostgresStore, persons: int, args: argparse.Namespace) -> str:
    sessions = reader_sessions(store, args.threads)
    sealer = account(store, "bench.beheerder.seal", "riec_bench", Role.BEHEERDER)
    measure_seal(store, sealer)  # the logins of the sessions
    rounds: list[Round] = []
    seals: list[tuple[int, float, str]] = []
    for number in range(args.rounds):
        for mode in MODES if number % 2 == 0 else MODES[::-1]:
            rounds.append(run_round(sessions, persons, args.seconds, mode, number))
            print(rounds[-1], flush=True)
            if mode != "off":
                seals.append(measure_seal(store, sealer))
                print("seal", seals[-1], flush=True)
    began = time.perf_counter()
    auditor = account(store, "bench.auditor", "riec_bench", Role.AUDITOR)
    verified = store.verify_audit(auditor.acting_for("toezicht"))
    verify_seconds, verify_load = time.perf_counter() - began, load_average()
    for session, _ in sessions:
        session.close()
    assert verified.ok, verified.problem
    return render(args, rounds, seals, verified.sealed, verify_seconds, verify_load)


def render(
    args: argparse.Namespace,
    rounds: list[Round],
    seals: list[tuple[int, float, str]],
    verified: int,
    verify_seconds: float,
    verify_load: str,
) -> str:
    medians = {
        mode: statistics.median(r.reads_per_second for r in rounds if r.mode == mode)
        for mode in MODES
    }
    ratio = {mode: medians[mode] / medians["off"] for mode in MODES}
    lines = [f"| {r.number} | {r.mode} | {r.reads_per_second:,.1f} | {r.load} |" for r in rounds]
    seal_lines = [
        f"| {events:,} | {seconds:.2f} s | {events / seconds:,.0f} /s | {load} |"
        for events, seconds, load in seals
    ]
    rates = [events / seconds for events, seconds, _ in seals]
    return f"""## Audit: concurrent readers with and without the audit append (PostgreSQL)

Workload: {args.statements:,} statements ({args.statements // 10:,} persons × 10), one dataset;
{args.threads} threads, each with its own store connection and authenticated analyst, read
`get_entities` of {READ_SIZE} random persons in a loop for {args.seconds:.0f} s per round.
Each of {args.rounds} rounds runs both modes (in alternating order): *on* — each read appends its
event (one INSERT, no lock) and returns once that event is committed (on disk: the server's
default `synchronous_commit = on`); *off* — a private benchmark switch on the store skips the
append (no setting can do that). After each round with audit on, its events are sealed
(positions and one signed checkpoint). The readers are threads of one Python process, so they
also share its interpreter lock: a reader waiting for the server lets another one run.
Command: `python -m benchmarks.audit_concurrency_bench`.

Machine: {describe_machine()}; PostgreSQL 15 on the same machine (stock settings). The machine
is shared with other engineers: the load average (1 / 5 / 15 min) is given with each figure.

**Median reads/s: audit on {medians["on"]:,.1f}, audit off {medians["off"]:,.1f}: with the
audit append, {ratio["on"]:.0%} of the throughput without it.**

| round | audit | reads/s (all threads) | load |
|---|---|---|---|
{chr(10).join(lines)}

Sealing each round's events (between rounds, one sealer): median
{statistics.median(rates):,.0f} events/s.

| events sealed | time | events/s | load |
|---|---|---|---|
{chr(10).join(seal_lines)}

Verifying the whole log afterwards ({verified:,} sealed events, every checkpoint):
{verify_seconds:.1f} s, {verified / verify_seconds:,.0f} events/s (load {verify_load}).
"""


if __name__ == "__main__":
    main()
