"""Two partners' person files of a synthetic region and the pairs that are truly one person:
what the PPRL tests and benchmark link and score.

The municipality's BRP persons (with the postcode of the current residence, as a municipality
would export them) on one side; the tax office's records or the police's suspects on the other.
The truth comes from the generator (``truth/records.csv``), never from the files themselves.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from verweven.pprl import CsvColumns, PersonRecord, read_csv_records
from verweven.resolve.evaluate import Scores

BRP = CsvColumns(id="a_nummer", first_name="voornamen", last_name="geslachtsnaam",
                 birth_date="geboortedatum", date_format="%Y%m%d", delimiter=";")  # fmt: skip
PARTNERS = {
    "belastingdienst_inkomen_schulden": CsvColumns(
        id="dossiernummer", full_name="naam", birth_date="geboortedatum",
        date_format="%d-%m-%Y", postcode="postcode", delimiter=";",
    ),
    "politie_verdachten": CsvColumns(
        id="verdachtenummer", first_name="voornaam", last_name="achternaam",
        birth_date="geboortedatum", date_format="%d-%m-%Y", postcode="postcode",
        delimiter=";", encoding="cp1252",
    ),
}  # fmt: skip
Pair = tuple[int, int]


@dataclass(frozen=True)
class LinkageTask:
    """Left and right records (BRP, a partner) and the index pairs that are one person."""

    left: list[PersonRecord]
    right: list[PersonRecord]
    true_pairs: set[Pair]


def read_current_postcodes(region: Path) -> dict[str, str]:
    """A-nummer -> postcode of the current residence (functie W, no end date)."""
    path = region / "deliveries" / "brp_verblijfplaatsen.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["a_nummer"]: row["postcode"]
            for row in csv.DictReader(handle, delimiter=";")
            if not row["datum_einde"] and row["functie_adres"] == "W"
        }


def load_linkage_task(
    region: Path, partner: str = "belastingdienst_inkomen_schulden"
) -> LinkageTask:
    """BRP persons against one partner's person records of a generated region."""
    deliveries = region / "deliveries"
    postcodes = read_current_postcodes(region)
    brp = read_csv_records(deliveries / "brp_personen.csv", BRP).records
    left = [PersonRecord(r.id, r.first_name, r.last_name, r.birth_date, postcodes.get(r.id))
            for r in brp]  # fmt: skip
    right = read_csv_records(deliveries / f"{partner}.csv", PARTNERS[partner]).records
    truth = _true_ids(region, {"brp_personen", partner})
    by_person: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(left):
        by_person[truth[("brp_personen", record.id)]].append(index)
    pairs = {
        (i, j)
        for j, record in enumerate(right)
        for i in by_person.get(truth.get((partner, record.id), ""), [])
    }
    return LinkageTask(left, right, pairs)


def _true_ids(region: Path, deliveries: set[str]) -> dict[tuple[str, str], str]:
    with (region / "truth" / "records.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["delivery"], row["record_id"]): row["true_id"]
            for row in csv.DictReader(handle)
            if row["delivery"] in deliveries and row["schema"] == "Person"
        }


def score_pairs(found: Iterable[Pair], truth: set[Pair]) -> Scores:
    """Pairwise precision, recall and F1 of linked pairs against the true pairs."""
    predicted = set(found)
    return _scores(len(predicted & truth), len(predicted), len(truth))


def _scores(hits: int, predicted: int, actual: int) -> Scores:
    return Scores(
        precision=hits / predicted if predicted else 1.0,
        recall=hits / actual if actual else 1.0,
        true_positives=hits,
        predicted=predicted,
        actual=actual,
    )


def mark_true(
    left: npt.NDArray[np.int64], right: npt.NDArray[np.int64], truth: set[Pair]
) -> npt.NDArray[np.bool_]:
    """For each pair (left[n], right[n]): is it a true pair? (Vectorised: tens of millions of
    candidate pairs would take minutes as Python tuples.)"""
    width = 1 + max([int(right.max()) if len(right) else 0, *(j for _, j in truth)])
    true_keys = np.array(sorted(i * width + j for i, j in truth), dtype=np.int64)
    return np.isin(left * width + right, true_keys)


def choose_threshold(
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    truth: set[Pair],
    thresholds: Iterable[float],
) -> tuple[float, Scores]:
    """The threshold with the best F1 for scored candidate pairs (set on a training region)."""
    is_true = mark_true(left, right, truth)
    best: tuple[float, Scores] | None = None
    for threshold in thresholds:
        kept = scores >= threshold
        hits, predicted = int(is_true[kept].sum()), int(kept.sum())
        result = _scores(hits, predicted, len(truth))
        if best is None or result.f1 > best[1].f1:
            best = (threshold, result)
    if best is None:
        raise ValueError("no thresholds to choose from")
    return best
