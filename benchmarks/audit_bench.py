"""Audit benchmark: the Merkle log's cost at a region's audit volume, beside pymerkle.

Workload: N audit events (default 1,000,000 and 3,000,000), event ``n`` being the bytes
``event <n>``. Each run is a fresh child process, so its peak memory is its own; figures are
the median of RUNS runs. Steps of verweven (``verweven.audit``):
- leaves: hashing the N events into leaf hashes (the store's share of the work);
- root: ``root()`` over the leaves;
- tree: building ``MerkleTree`` (every level, for proofs);
- verify_log: the whole check against 100 signed checkpoints (tree, 100 signatures, 100 prefix
  roots, 99 consistency proofs built and verified);
- append: restoring a stored frontier of N leaves, appending 10,000 more, and the new root;
- proofs: 1,000 inclusion proofs built from the tree and verified.
Peer: pymerkle 7 (``InmemoryTree``, RFC 9162: it gives the same roots), measured on the same
events: its tree (which hashes the events itself, so compare with leaves + tree), its root and
1,000 inclusion proofs built and verified. By default at the first size only: it is slower.
Peak MiB includes the N events and leaf hashes themselves.

Run: ``python -m benchmarks.audit_bench [--sizes 1000000,3000000] [--peer-sizes 1000000]
[--runs 3]``.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from benchmarks.report import describe_machine, load_average, run_measured, write_section
from verweven.audit import (
    Checkpoint,
    Frontier,
    MerkleTree,
    VerifierKey,
    leaf_hash,
    root,
    sign_checkpoint,
    verify_inclusion,
    verify_log,
)

ORIGIN = "bench.example/audit"
CHECKPOINTS = 100
APPENDED = 10_000
PROOFS = 1_000
SEED = 5
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
T = TypeVar("T")
STEPS = {
    "verweven": ("leaves", "root", "tree", "verify_log", "append", "proofs"),
    "pymerkle": ("tree", "root", "proofs"),
}


def make_events(count: int) -> list[bytes]:
    return [f"event {number}".encode() for number in range(count)]


def timed(timings: dict[str, float], step: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = action()
    timings[step] = time.perf_counter() - start
    return result


def measure_verweven(count: int) -> dict[str, float]:
    events, timings = make_events(count), dict[str, float]()
    leaves = timed(timings, "leaves", lambda: [leaf_hash(event) for event in events])
    timed(timings, "root", lambda: root(leaves))
    tree = timed(timings, "tree", lambda: MerkleTree(leaves))
    notes = sign_checkpoints(tree)
    key = VerifierKey(ORIGIN, KEY.public_key())
    assert timed(timings, "verify_log", lambda: verify_log(leaves, notes, key)).ok
    stored = Frontier.from_leaf_hashes(leaves).to_bytes()
    more = [leaf_hash(f"later {number}".encode()) for number in range(APPENDED)]
    timed(timings, "append", lambda: append_to(stored, more))
    indices = random.Random(SEED).sample(range(count), PROOFS)
    timed(timings, "proofs", lambda: prove_and_verify(tree, leaves, indices))
    return timings


def sign_checkpoints(tree: MerkleTree) -> list[str]:
    sizes = [tree.size * (number + 1) // CHECKPOINTS for number in range(CHECKPOINTS)]
    when = datetime(2027, 1, 1, tzinfo=UTC)
    return [sign_checkpoint(Checkpoint(ORIGIN, size, tree.root(size), when), KEY) for size in sizes]


def append_to(stored: bytes, more: list[bytes]) -> bytes:
    frontier = Frontier.from_bytes(stored)
    frontier.extend(more)
    return frontier.root()


def prove_and_verify(tree: MerkleTree, leaves: list[bytes], indices: list[int]) -> None:
    tree_root = tree.root()
    for index in indices:
        proof = tree.inclusion_proof(index)
        assert verify_inclusion(leaves[index], index, tree.size, proof, tree_root)


def measure_pymerkle(count: int) -> dict[str, float]:
    from pymerkle import InmemoryTree
    from pymerkle import verify_inclusion as pymerkle_verify

    events, timings = make_events(count), dict[str, float]()
    tree = timed(timings, "tree", lambda: InmemoryTree.init_from_entries(events))
    tree_root = timed(timings, "root", tree.get_root)
    assert tree_root == root([leaf_hash(event) for event in events])
    indices = random.Random(SEED).sample(range(1, count + 1), PROOFS)

    def prove_all() -> None:
        for index in indices:
            proof = tree.prove_inclusion(index, count)
            pymerkle_verify(tree.get_leaf(index), tree_root, proof)

    timed(timings, "proofs", prove_all)
    return timings


def run_child(tool: str, count: int, runs: int) -> tuple[dict[str, float], float]:
    """Median seconds per step and median peak MiB over ``runs`` fresh processes."""
    command = [sys.executable, "-m", "benchmarks.audit_bench", "--child", tool, "--size"]
    results = [run_measured([*command, str(count)], stdout=subprocess.PIPE) for _ in range(runs)]
    steps = [json.loads(result.output) for result in results]
    medians = {step: statistics.median(run[step] for run in steps) for step in STEPS[tool]}
    return medians, statistics.median(result.peak_mib for result in results)


def format_row(tool: str, count: int, medians: dict[str, float], peak: float) -> str:
    cells = [f"{medians[step]:.2f}" if step in medians else "—" for step in STEPS["verweven"]]
    return f"| {count:,} | {tool} | " + " | ".join(cells) + f" | {peak:,.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,3000000")
    parser.add_argument("--peer-sizes", default="1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=sorted(STEPS))
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.child:
        measure = measure_verweven if args.child == "verweven" else measure_pymerkle
        print(json.dumps(measure(args.size)))
        return
    load_before = load_average()
    rows = []
    for count in (int(size) for size in args.sizes.split(",")):
        tools = ["verweven"] + (["pymerkle"] if str(count) in args.peer_sizes.split(",") else [])
        for tool in tools:
            medians, peak = run_child(tool, count, args.runs)
            rows.append(format_row(tool, count, medians, peak))
            print(rows[-1], flush=True)
    write_section("audit", render(rows, args.runs, load_before))


def render(rows: list[str], runs: int, load_before: str) -> str:
    return "\n".join(
        [
            "## Audit: the Merkle log at a region's audit volume",
            "",
            f"Machine: {describe_machine()}; load average {load_before} before,"
            f" {load_average()} after. Median of {runs} runs, each in a fresh process;"
            " seconds, and peak resident MiB of that process (events and leaves included).",
            f"verify_log checks {CHECKPOINTS} signed checkpoints; append restores a frontier and"
            f" adds {APPENDED:,} leaves; proofs are {PROOFS:,} inclusion proofs built and"
            " verified. pymerkle's tree step hashes the events itself (compare with leaves +"
            " tree). Run: `python -m benchmarks.audit_bench`.",
            "",
            "| events | tool | leaves s | root s | tree s | verify_log s | append s | proofs s"
            " | peak MiB |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )


if __name__ == "__main__":
    main()
