"""Term-frequency adjustments on person names: do they lift RLdata10000 without hurting the rest?

RLdata10000's names come from a small pool of common German names, so agreement on a common
name is weak evidence; Splink's term-frequency adjustment (``tf_adjustment_column`` on a
level) weighs agreement on a rare name up and on a common one down. Workloads: RLdata500,
RLdata10000 (``make linkage-data``), FEBRL 3 and the synthetic region (5,000 persons, seed 1,
default and high noise; generated under out/bench-resolve when missing), each through
ingest -> resolve (persons) -> pairwise F1, with the shipped person settings and with a
settings section that adds the adjustment to the exact first-name and surname levels. The
adjustment would become the default only if it lifted RLdata10000 to 0.95 without a loss
elsewhere.

Run: ``python -m benchmarks.tf_names_bench [DATA ...]`` (prints a row per data and variant).
"""

import copy
import logging
import sys
import time
from pathlib import Path
from typing import Any

DATA = Path(sys.prefix) / "share" / "verweven" / "linkage"
WORK = Path("out/bench-tf-names")
ALL = ("rldata500", "rldata10000", "febrl3", "region-default", "region-high")
# The exact-agreement levels that get a term-frequency adjustment, and on which column.
TF_LEVELS = {
    ("first_name", "same first name"): "first_name",
    ("surname", "same surname"): "surname_core",
}


def tf_settings() -> dict[str, Any]:
    """A settings section: the shipped person comparisons, the name levels adjusted."""
    from verweven.resolve.kinds import load_kind

    kind = load_kind("person")
    assert kind.splink is not None
    comparisons = copy.deepcopy(kind.splink["comparisons"])
    for comparison in comparisons:
        for level in comparison["comparison_levels"]:
            column = TF_LEVELS.get((comparison["output_column_name"], level["label_for_charts"]))
            if column:
                level["tf_adjustment_column"] = column
                level["tf_adjustment_weight"] = 1.0
    return {"person": {"comparisons": comparisons}}


def main() -> None:
    from benchmarks.resolve_bench import ensure_region
    from verweven.evaluation.linkage import evaluate_febrl, evaluate_region, evaluate_rldata

    logging.disable(logging.WARNING)
    variants = {"shipped": None, "tf on exact names": tf_settings()}
    for data in sys.argv[1:] or ALL:
        for variant, settings in variants.items():
            start = time.perf_counter()
            work = WORK / variant.replace(" ", "-") / data
            if data.startswith("rldata"):
                result = evaluate_rldata(data, DATA, work, settings)
            elif data.startswith("febrl"):
                result = evaluate_febrl(data, work, settings=settings)
            else:
                region = ensure_region(5000, data.split("-", 1)[1], Path("out/bench-resolve"))
                result = next(r for r in evaluate_region(region, work, settings)
                              if r.system == "verweven person")  # fmt: skip
            pair = result.scores.pairwise
            print(f"| {data} | {variant} | {pair.precision:.4f} | {pair.recall:.4f} "
                  f"| {pair.f1:.4f} | {result.scores.cluster.f1:.4f} "
                  f"| {time.perf_counter() - start:.0f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
