"""PPRL benchmark: linkage quality against plaintext, speed, and attacks on the encodings.

Workload: synthetic regions (``verweven synth``) at default and high noise; the municipality's
BRP persons (with their current postcode) are linked to the tax office's person records, and
pairs are scored against the generator's truth. Thresholds are chosen on a training region
(seed 1) and applied to a test region (seed 2) for every system alike. Attacks use the BRP of
the test region as the target and a third region (seed 3) as the attacker's public name list.

Run: ``python -m benchmarks.pprl_bench [--persons N] [--runs R]``; rewrites the ``pprl``
section of BENCHMARKS.md.
"""

import argparse
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.pprl_peers import (
    block_pairs,
    normalise_records,
    score_plaintext_dice,
    score_with_splink,
    weigh_tokens,
)
from benchmarks.report import describe_machine, load_average, median_seconds, write_section
from verweven.evaluation.pprl_attacks import attack_by_frequency, attack_by_patterns, count_surnames
from verweven.evaluation.pprl_region import (
    LinkageTask,
    choose_threshold,
    load_linkage_task,
    mark_true,
)
from verweven.pprl import Encoder, PersonRecord, PprlSettings, load_settings, score_dice
from verweven.pprl.match import find_candidates
from verweven.resolve.evaluate import Scores
from verweven.synth import RegionConfig, generate_region, load_noise_rates

WORK = Path("out/bench-pprl")
KEY = hashlib.sha256(b"verweven pprl benchmark key").digest()
THRESHOLDS = [round(t, 2) for t in np.arange(0.30, 1.00, 0.01)]
HARDENING: dict[str, dict[str, Any]] = {
    "none": {"balance": False, "xor_folds": 0},
    "balancing": {"balance": True, "xor_folds": 0},
    "XOR-folding": {"balance": False, "xor_folds": 1},
    "balancing + XOR-folding (default)": {},
    "default + salt names with birth year": {
        "salt": {"fields": ["first_name", "last_name"], "with": "birth_year"}
    },
}


def vary_settings(hardening: dict[str, Any], fields: tuple[str, ...] | None = None) -> PprlSettings:
    """The default settings with other hardening (and only some fields)."""
    data = load_settings().model_dump(by_alias=True)
    data["hardening"].update(hardening)
    if fields:
        data["fields"] = {f: data["fields"][f] for f in fields}
        salt = data["hardening"]["salt"]
        salt["fields"] = [f for f in salt["fields"] if f in fields]
    return PprlSettings.model_validate(data)


def ensure_region(persons: int, seed: int, noise: str, work: Path) -> Path:
    """A generated region, made once under ``work``."""
    folder = work / f"region-{persons}-s{seed}-{noise}"
    if not (folder / "manifest.json").exists():
        rates = load_noise_rates(noise)
        generate_region(RegionConfig(persons=persons, seed=seed, out=folder, noise=rates))
    return folder


@dataclass
class Row:
    noise: str
    system: str
    threshold: float
    scores: Scores
    candidates: int
    completeness: float


Scorer = Callable[[LinkageTask], tuple[np.ndarray, np.ndarray, np.ndarray]]


def make_pprl_scorer(settings: PprlSettings) -> Scorer:
    def score(task: LinkageTask) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        encoder = Encoder(settings, KEY)
        left, right = encoder.encode(task.left), encoder.encode(task.right)
        li, ri = find_candidates(left, right, settings.match)
        return li, ri, score_dice(left, right, li, ri)

    return score


def make_plaintext_scorer(peer: str) -> Scorer:
    def score(task: LinkageTask) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        left, right = normalise_records(task.left), normalise_records(task.right)
        pairs = block_pairs(left, right)
        if peer == "splink":
            return pairs[0], pairs[1], score_with_splink(left, right, pairs)
        settings = load_settings()
        tokens = weigh_tokens(left, settings), weigh_tokens(right, settings)
        return pairs[0], pairs[1], score_plaintext_dice(*tokens, pairs)

    return score


def measure_quality(noise: str, train: LinkageTask, test: LinkageTask) -> list[Row]:
    """Every system: threshold set on ``train``, scored on ``test``."""
    systems: dict[str, Scorer] = {
        f"PPRL, {name}": make_pprl_scorer(vary_settings(h)) for name, h in HARDENING.items()
    }
    systems["plaintext q-gram Dice (same fields, weights)"] = make_plaintext_scorer("dice")
    systems["plain Splink (same fields)"] = make_plaintext_scorer("splink")
    rows = []
    for system, scorer in systems.items():
        threshold, _ = choose_threshold(*scorer(train), train.true_pairs, THRESHOLDS)
        li, ri, scores = scorer(test)
        _, result = choose_threshold(li, ri, scores, test.true_pairs, [threshold])
        complete = float(mark_true(li, ri, test.true_pairs).sum()) / len(test.true_pairs)
        rows.append(Row(noise, system, threshold, result, len(li), complete))
        print(f"{noise} {system}: F1 {rows[-1].scores.f1:.4f} at {threshold}", flush=True)
    return rows


def measure_speed(task: LinkageTask, runs: int) -> dict[str, float]:
    """Encoding per 100,000 records, Dice per million comparisons, and the whole match."""
    settings = load_settings()
    copies = -(-100_000 // len(task.left))
    records = [replace(r, id=f"{c}.{r.id}") for c in range(copies) for r in task.left][:100_000]

    def encode() -> None:
        Encoder(settings, KEY).encode(records)  # a fresh encoder: no cached q-grams

    encoder = Encoder(settings, KEY)
    left, right = encoder.encode(task.left), encoder.encode(task.right)
    rng = np.random.default_rng(7)
    li, ri = rng.integers(0, len(left), 1_000_000), rng.integers(0, len(right), 1_000_000)
    return {
        "encode_100k_s": median_seconds(encode, runs),
        "dice_per_million_s": median_seconds(lambda: score_dice(left, right, li, ri), runs),
        "match_s": median_seconds(
            lambda: score_dice(left, right, *find_candidates(left, right, settings.match)), runs
        ),
        "left": len(left),
        "right": len(right),
    }


def skew_surnames(records: list[PersonRecord], names: list[str], seed: int) -> list[PersonRecord]:
    """The same records with surnames drawn from ``names`` with weights 1/rank (Zipf)."""
    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, len(names) + 1)]
    drawn = rng.choices(names, weights, k=len(records))
    return [replace(r, last_name=name) for r, name in zip(records, drawn, strict=True)]


def measure_attacks(
    target: list[PersonRecord], public_records: list[PersonRecord]
) -> list[dict[str, Any]]:
    """Both attacks against each hardening, on the region's names and on a skewed population."""
    public = count_surnames([r.last_name for r in public_records])
    names = [name for name, _ in public.most_common()]
    populations = {
        "region": (target, public),
        "skewed (Zipf)": (
            skew_surnames(target, names, 1),
            count_surnames([r.last_name for r in skew_surnames(public_records, names, 2)]),
        ),
    }
    rows = []
    for population, (records, known) in populations.items():
        truth = [r.last_name or "" for r in records]
        for fields in (("last_name",), None):
            for name, hardening in HARDENING.items():
                settings = vary_settings(hardening, fields)
                bits = Encoder(settings, KEY).encode(records)
                for result in (attack_by_frequency(bits, truth, known),
                               attack_by_patterns(bits, settings, truth, known)):  # fmt: skip
                    rows.append({
                        "population": population, "hardening": name, "attack": result.attack,
                        "fields": "surname only" if fields else "all four (default)",
                        "share": result.share, "baseline": result.baseline_share,
                    })  # fmt: skip
                print(f"attack {population} {fields} {name}: {rows[-2]['share']:.4f} "
                      f"{rows[-1]['share']:.4f}", flush=True)  # fmt: skip
    return rows


def render(
    persons: int,
    runs: int,
    quality: list[Row],
    speed: dict[str, float],
    attacks: list[dict[str, Any]],
) -> str:
    """The ``pprl`` section of BENCHMARKS.md."""
    lines = [
        "## PPRL: linking two partners' persons without exchanging names",
        "",
        f"Workload: synthetic regions of {persons:,} persons (`verweven synth`, seeds 1, 2 and "
        "3). The municipality's BRP persons (first name, surname, birth date, postcode of the "
        "current address) are linked to the tax office's person records (initials and surname "
        "in one field, birth date, postcode that may be outdated), pairs scored against the "
        "generator's truth. Every system's threshold is the best-F1 threshold on the seed-1 "
        "region, applied to the seed-2 region (the rows). Pair completeness: share of true "
        "pairs among the pairs compared (LSH for PPRL, plaintext blocking for the peers). "
        "Command: `python -m benchmarks.pprl_bench`.",
        "",
        f"Machine: {describe_machine()}; load average {load_average()} (1/5/15 min) at the end.",
        "",
        "| noise | system | threshold | pairs compared | pair completeness | P | R | F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in quality:
        lines.append(
            f"| {r.noise} | {r.system} | {r.threshold:.2f} | {r.candidates:,} | "
            f"{r.completeness:.4f} | {r.scores.precision:.4f} | {r.scores.recall:.4f} | "
            f"**{r.scores.f1:.4f}** |"
        )
    for noise in ("default", "high"):
        f1 = {r.system: r.scores.f1 for r in quality if r.noise == noise}
        gap = (
            f1["plaintext q-gram Dice (same fields, weights)"]
            - f1["PPRL, balancing + XOR-folding (default)"]
        )
        lines.append("")
        lines.append(f"{noise} noise: plaintext Dice F1 minus default PPRL F1 = {gap:+.4f}.")
    all_pairs = int(speed["left"] * speed["right"])
    lines += [
        "",
        f"Speed (median of {runs} runs, default settings, one process):",
        "",
        "| what | time |",
        "|---|---:|",
        f"| encode 100,000 records (a fresh key schedule: no q-gram cached) | "
        f"{speed['encode_100k_s']:.2f} s |",
        f"| Dice on 1,000,000 pairs of encodings | {speed['dice_per_million_s']:.3f} s |",
        f"| match {int(speed['left']):,} x {int(speed['right']):,} records ({all_pairs:,} pairs):"
        f" LSH candidates and Dice | {speed['match_s']:.2f} s |",
        "",
        "Attacks (after Christen et al.): the attacker has the encoded BRP of the seed-2 region "
        "and the surname frequencies of the seed-3 region as its public list, knows the "
        "settings, not the key, and guesses each record's surname. Share of records whose "
        "surname is guessed right; baseline: guessing the most frequent public surname for "
        "all. *Skewed*: the same records with surnames redrawn with weights 1/rank (and the "
        "public list likewise from the seed-3 records), the kind of distribution frequency "
        "attacks need.",
        "",
        "| population | encoded fields | hardening | frequency attack | pattern mining "
        "| baseline |",
        "|---|---|---|---:|---:|---:|",
    ]
    keyed: dict[tuple[str, str, str], dict[str, float]] = {}
    for a in attacks:
        keyed.setdefault((a["population"], a["fields"], a["hardening"]), {})[a["attack"]] = a[
            "share"
        ]
        keyed[(a["population"], a["fields"], a["hardening"])]["baseline"] = a["baseline"]
    for (population, fields, hardening), shares in keyed.items():
        lines.append(
            f"| {population} | {fields} | {hardening} | {shares['frequency']:.4f} | "
            f"{shares['pattern mining']:.4f} | {shares['baseline']:.4f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    quality: list[Row] = []
    for noise in ("default", "high"):
        train = load_linkage_task(ensure_region(args.persons, 1, noise, args.work))
        test = load_linkage_task(ensure_region(args.persons, 2, noise, args.work))
        quality += measure_quality(noise, train, test)
    test = load_linkage_task(ensure_region(args.persons, 2, "default", args.work))
    public = load_linkage_task(ensure_region(args.persons, 3, "default", args.work))
    speed = measure_speed(test, args.runs)
    attacks = measure_attacks(test.left, public.left)
    section = render(args.persons, args.runs, quality, speed, attacks)
    write_section("pprl", section)
    print(section)


if __name__ == "__main__":
    main()
