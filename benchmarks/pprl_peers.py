"""The plaintext peers of the PPRL benchmark: the same fields linked without encoding.

- ``score_plaintext_dice``: the similarity a CLK approximates, computed exactly: Dice over the
  records' q-gram sets, each q-gram weighted by its field's k (the bits it would set).
- ``score_with_splink``: plain Splink on the same normalised fields.

Both take their candidate pairs from ordinary plaintext blocking (equal birth date, equal
surname, equal first name and birth year, equal postcode and surname initial): what a linkage
on names would do, and what PPRL must not need.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from verweven.pprl import PersonRecord, PprlSettings
from verweven.pprl.fields import iter_tokens, normalise_fields

Pairs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
BLOCKS: tuple[Callable[[dict[str, str]], str], ...] = (
    lambda v: v["birth_date"],
    lambda v: v["last_name"],
    lambda v: v["first_name"] and v["birth_date"][:4] and v["first_name"] + v["birth_date"][:4],
    lambda v: v["postcode"] and v["last_name"][:1] and v["postcode"] + v["last_name"][:1],
)


def normalise_records(records: Sequence[PersonRecord]) -> list[dict[str, str]]:
    """The fields of each record as PPRL normalises them."""
    return [normalise_fields(r) for r in records]


def block_pairs(left: list[dict[str, str]], right: list[dict[str, str]]) -> Pairs:
    """Pairs that agree on at least one blocking key (each pair once)."""
    pairs: set[tuple[int, int]] = set()
    for block in BLOCKS:
        index: dict[str, list[int]] = defaultdict(list)
        for i, values in enumerate(left):
            if key := block(values):
                index[key].append(i)
        for j, values in enumerate(right):
            if key := block(values):
                pairs.update((i, j) for i in index.get(key, ()))
    ordered = sorted(pairs)
    return (
        np.array([p[0] for p in ordered], dtype=np.int64),
        np.array([p[1] for p in ordered], dtype=np.int64),
    )


def weigh_tokens(values: list[dict[str, str]], settings: PprlSettings) -> list[dict[str, int]]:
    """Each record's q-grams (tagged by field) with their field's k as weight."""
    q = {name: field.q for name, field in settings.fields.items()}
    k = {name: field.k for name, field in settings.fields.items()}
    return [
        {token: k[field] for field, token in iter_tokens(v, q, frozenset(), "")} for v in values
    ]


def score_plaintext_dice(
    left: list[dict[str, int]], right: list[dict[str, int]], pairs: Pairs
) -> npt.NDArray[np.float64]:
    """Weighted Dice 2 sum(common) / (sum(A) + sum(B)) of each pair's q-gram sets."""
    totals_left = [sum(t.values()) for t in left]
    totals_right = [sum(t.values()) for t in right]
    scores = np.zeros(len(pairs[0]))
    for n, (i, j) in enumerate(zip(pairs[0].tolist(), pairs[1].tolist(), strict=True)):
        a, b = left[i], right[j]
        common = sum(w for token, w in a.items() if token in b)
        total = totals_left[i] + totals_right[j]
        scores[n] = 2 * common / total if total else 0.0
    return scores


def score_with_splink(
    left: list[dict[str, str]], right: list[dict[str, str]], pairs: Pairs
) -> npt.NDArray[np.float64]:
    """Splink's match probability for each blocked pair (0 where Splink did not score it)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def table(values: list[dict[str, str]], side: str) -> pa.Table:
        columns = ("first_name", "last_name", "birth_date", "postcode")
        data = {c: [v[c] or None for v in values] for c in columns}
        return pa.table({"unique_id": [f"{side}{i}" for i in range(len(values))], **data})

    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("last_name", [0.95, 0.88]),
            cl.DamerauLevenshteinAtThresholds("birth_date", [1, 2]),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date"),
            block_on("last_name"),
            block_on("first_name", "substr(birth_date, 1, 4)"),
            block_on("postcode", "substr(last_name, 1, 1)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    inputs = [db_api.register(table(left, "l")), db_api.register(table(right, "r"))]
    linker = Linker(inputs, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("last_name", "birth_date")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("birth_date"), block_on("last_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predicted = linker.inference.predict(threshold_match_probability=0.01).as_pyarrow_table()
    found = {}
    for a, b, p in zip(
        predicted.column("unique_id_l").to_pylist(),
        predicted.column("unique_id_r").to_pylist(),
        predicted.column("match_probability").to_pylist(),
        strict=True,
    ):
        mine, theirs = (a, b) if a.startswith("l") else (b, a)  # Splink may put either first
        found[(int(mine[1:]), int(theirs[1:]))] = p
    return np.array(
        [found.get((i, j), 0.0) for i, j in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True)]
    )
