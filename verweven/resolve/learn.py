"""Judgements teach the model: pairs judged the same are labelled matches for its m.

Trained without labels, m (how often true matches fall in each comparison level) comes from
EM, which can be wrong where the data is unlike what the settings expect. A reviewer's "same"
verdict is a labelled match: the levels its two records fall in are what a match looks like.
Each comparison's m becomes a blend of EM's estimate and the judged matches' level counts,

    m' = (w * m_em + count) / (w + judged matches with that field filled)

where w (``training.judged_pairs_weight``) says how many judged matches EM's estimate is worth:
a handful of judgements nudges the model, hundreds outweigh EM. Judged pairs come from the
review queue, the hard cases, so they teach that disagreements occur among matches more often
than EM thought; that is the direction the queue's errors need. A "different" verdict says
nothing about m (it is about non-matches, whose u random sampling measures) and acts in
clustering only, as a constraint. Splink's own ``estimate_m_from_pairwise_labels`` replaces m
by the labelled pairs' proportions outright (and takes the median with EM's sessions), which
a few dozen judgements cannot carry; this blend is the same estimate with EM as its prior.
"""

import copy
from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from verweven.model import Judgement, Verdict
from verweven.resolve.linkage import render_settings
from verweven.store import query_arrow


def judged_matches(judgements: Iterable[Judgement]) -> list[tuple[str, str]]:
    """The pairs whose latest active verdict is "same" (a later verdict on a pair wins)."""
    latest: dict[tuple[str, str], Verdict] = {}
    for judgement in judgements:  # in the order they were made
        latest[judgement.pair] = judgement.verdict
    return sorted(pair for pair, verdict in latest.items() if verdict == Verdict.SAME)


def level_counts(
    con: duckdb.DuckDBPyConnection,
    model: dict[str, Any],
    records: pa.Table,
    pairs: list[tuple[str, str]],
) -> tuple[dict[str, list[int]], int]:
    """Per comparison, how many of ``pairs`` fall in each of its levels (a null level counts
    nowhere), and how many pairs have both records in ``records``."""
    rendered = render_settings(model, "duckdb")  # computed here, whatever runs Splink
    columns = [c for c in records.column_names if c != "unique_id"]
    sides = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in columns)
    cases = []
    for index, comparison in enumerate(rendered["comparisons"]):
        whens = []
        for position, level in enumerate(comparison["comparison_levels"]):
            value = "NULL" if level.get("is_null_level") else str(position)
            condition = level["sql_condition"]
            if condition.strip().upper() == "ELSE":
                whens.append(f"ELSE {value}")
            else:
                whens.append(f"WHEN {condition} THEN {value}")
        cases.append(f"CASE {' '.join(whens)} END AS gamma_{index}")
    table = query_arrow(
        con,
        f"WITH sides AS (SELECT {sides} FROM judged p "
        "JOIN judged_records l ON l.unique_id = p.left_id "
        "JOIN judged_records r ON r.unique_id = p.right_id) "
        f"SELECT {', '.join(cases)} FROM sides",
        judged=pa.table(
            {"left_id": [p[0] for p in pairs], "right_id": [p[1] for p in pairs]},
            schema=pa.schema([("left_id", pa.string()), ("right_id", pa.string())]),
        ),
        judged_records=records,
    )
    counts = {}
    for index, comparison in enumerate(rendered["comparisons"]):
        tally = [0] * len(comparison["comparison_levels"])
        for gamma in table.column(f"gamma_{index}").to_pylist():
            if gamma is not None:
                tally[gamma] += 1
        counts[comparison["output_column_name"]] = tally
    return counts, table.num_rows


def learn_from_judgements(
    con: duckdb.DuckDBPyConnection,
    model: dict[str, Any],
    records: pa.Table,
    judgements: Iterable[Judgement],
    weight: float,
) -> tuple[dict[str, Any], int]:
    """``model`` with m blended with the judged matches among ``records``, and how many
    judged matches it learned from (0: the model unchanged)."""
    pairs = judged_matches(judgements)
    if not pairs:
        return model, 0
    counts, learned = level_counts(con, model, records, pairs)
    if learned == 0:
        return model, 0
    model = copy.deepcopy(model)
    for comparison in model["comparisons"]:
        tally = counts[comparison["output_column_name"]]
        judged = sum(tally)
        if judged == 0:
            continue
        for level, count in zip(comparison["comparison_levels"], tally, strict=True):
            if level.get("is_null_level") or level.get("fix_m_probability"):
                continue
            m = level.get("m_probability")
            if m is None and count == 0:
                continue  # EM never saw this level, nor did a judged match: nothing to learn
            blended = (weight * (m or 0.0) + count) / (weight + judged)
            if blended > 0:  # Splink refuses an m of zero
                level["m_probability"] = blended
    return model, learned
