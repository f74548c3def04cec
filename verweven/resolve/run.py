"""A resolution run: read records, link by keys and model, cluster with judgements, write ids.

Source statements are never changed: the run writes one mapping (record -> canonical id) that
the store applies as the statements' canonical id, replacing the previous one as a whole.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from verweven.access import Reader
from verweven.model import BASE_ID, Judgement, Verdict
from verweven.resolve.cluster import (
    JUDGED_SAME,
    KEPT,
    KEY,
    MODEL,
    Constraints,
    Links,
    cluster_records,
)
from verweven.resolve.keys import GuardedKey, KeyLinks, find_key_links
from verweven.resolve.kinds import KIND_NAMES, KindConfig, load_kind
from verweven.resolve.linkage import Backend, SplinkRunner, prior_model
from verweven.resolve.records import (
    ADDRESS_PROPS,
    COMPANY_PROPS,
    PERSON_PROPS,
    build_address_records,
    build_company_records,
    build_person_records,
)
from verweven.resolve.state import ResolveState, judgement_fingerprint
from verweven.store import Store

DEFAULT_PURPOSE = "resolve"
MIN_RECORDS_TO_TRAIN = 500
RECORD_PROPS = {"person": PERSON_PROPS, "company": COMPANY_PROPS, "address": ADDRESS_PROPS}
BUILDERS = {"person": build_person_records, "company": build_company_records}


@dataclass
class ResolveOptions:
    """How to run: where state lives, which backend, full or incremental, which kinds."""

    state_dir: Path
    backend: Backend = "duckdb"
    incremental: bool = False
    kinds: Sequence[str] = KIND_NAMES
    spark: Any = None


@dataclass
class KindReport:
    """What one kind's resolution did."""

    kind: str
    mode: str
    records: int = 0
    new_records: int = 0
    entities: int = 0
    key_links: int = 0
    model_links: int = 0
    review_pairs: int = 0
    refused_links: int = 0
    model_source: str = ""
    guarded: list[GuardedKey] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class ResolveReport:
    """What a run did, kind by kind, and how many records it mapped."""

    kinds: list[KindReport]
    mapped: int = 0


@dataclass
class _KindResult:
    ids: list[str]
    canonical: list[str]
    review: pa.Table | None


def resolve(store: Store, reader: Reader, options: ResolveOptions) -> ResolveReport:
    """Resolve every kind and write the canonical ids (one mapping, applied as a whole)."""
    state = ResolveState(options.state_dir)
    judgements = store.list_judgements()
    con = duckdb.connect()
    addresses = _as_strings(
        store.read_statement_table(reader, ["Address"], [BASE_ID, *ADDRESS_PROPS])
    )
    build_address_records(con, addresses)
    runner = SplinkRunner(options.backend, con, options.spark)
    ids: list[str] = []
    canonical: list[str] = []
    reports = []
    for name in options.kinds:
        kind = load_kind(name)
        statements = addresses if name == "address" else _read_kind(store, reader, kind)
        report, result = _resolve_kind(con, runner, kind, statements, judgements, state, options)
        reports.append(report)
        ids += result.ids
        canonical += result.canonical
        if result.review is not None:
            state.save_review(name, result.review)
    mapping = pa.table({"entity_id": ids, "canonical_id": canonical})
    store.apply_canonical_ids(mapping, reader)
    return ResolveReport(kinds=reports, mapped=len(ids))


def _read_kind(store: Store, reader: Reader, kind: KindConfig) -> pa.Table:
    props = {BASE_ID, *RECORD_PROPS.get(kind.kind, ())}
    for spec in kind.keys:
        props.update(spec.props)
    return _as_strings(store.read_statement_table(reader, list(kind.schemata), sorted(props)))


def _as_strings(table: pa.Table) -> pa.Table:
    """The statement table with every column as string (an empty read may come back untyped)."""
    return table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))


def _resolve_kind(
    con: duckdb.DuckDBPyConnection,
    runner: SplinkRunner,
    kind: KindConfig,
    statements: pa.Table,
    judgements: list[Judgement],
    state: ResolveState,
    options: ResolveOptions,
) -> tuple[KindReport, _KindResult]:
    con.register("kind_statements", statements)
    prior = con.sql(
        "SELECT entity_id, min(canonical_id) FROM kind_statements GROUP BY 1 ORDER BY 1"
    ).fetchall()
    con.unregister("kind_statements")
    ids = [row[0] for row in prior]
    previous = {row[0]: row[1] for row in prior}
    new_ids = [i for i in ids if previous[i] == i]
    fingerprint = judgement_fingerprint(judgements)
    last = state.load_run(kind.kind)
    incremental = (
        options.incremental
        and last.get("judgements") == fingerprint
        and (not kind.probabilistic or state.load_model(kind.kind) is not None)
        and len(new_ids) < len(ids)
    )
    report = KindReport(kind.kind, "incremental" if incremental else "full", len(ids))
    report.new_records = len(new_ids)
    keys = find_key_links(con, statements, kind)
    report.guarded = keys.guarded
    links = [_judged_links(judgements), _key_links(keys)]
    report.key_links = len(keys.edges)
    if incremental:
        links.append(_kept_links(previous, set(new_ids)))
    review = None
    if kind.kind in BUILDERS:
        BUILDERS[kind.kind](con, statements)
    if kind.probabilistic and ids:
        model_links, review = _model_links(
            con, runner, kind, state, report, set(new_ids) if incremental else None
        )
        links.append(model_links)
    clustering = cluster_records(ids, Links.concat(links), _constraints(judgements, keys, kind))
    report.refused_links = clustering.refused_links
    report.conflicts = clustering.conflicts
    canonical = clustering.canonical_ids(kind.kind)
    report.entities = len(set(canonical))
    state.save_run(kind.kind, {"judgements": fingerprint, "records": len(ids)})
    return report, _KindResult(ids, canonical, review)


def _judged_links(judgements: list[Judgement]) -> Links:
    same = [j for j in judgements if j.verdict == Verdict.SAME]
    return Links(
        [j.left_id for j in same], [j.right_id for j in same], [JUDGED_SAME] * len(same),
        [float("inf")] * len(same),
    )  # fmt: skip


def _key_links(keys: KeyLinks) -> Links:
    n = keys.edges.num_rows
    return Links(
        keys.edges.column("left_id").to_pylist(), keys.edges.column("right_id").to_pylist(),
        [KEY] * n, [1e9] * n,
    )  # fmt: skip


def _kept_links(previous: dict[str, str], new_ids: set[str]) -> Links:
    """An earlier run's clusters as links from each member to the cluster's smallest member."""
    smallest: dict[str, str] = {}
    for record in sorted(previous):
        if record not in new_ids:
            smallest.setdefault(previous[record], record)
    left = [r for r in sorted(previous) if r not in new_ids and smallest[previous[r]] != r]
    right = [smallest[previous[r]] for r in left]
    return Links(left, right, [KEPT] * len(left), [1e8] * len(left))


def _constraints(judgements: list[Judgement], keys: KeyLinks, kind: KindConfig) -> Constraints:
    different = [(j.left_id, j.right_id) for j in judgements if j.verdict == Verdict.DIFFERENT]
    exclusive = pa.array([spec.name for spec in kind.keys if spec.exclusive], pa.string())
    table = keys.record_keys
    return Constraints(
        different=different,
        exclusive=table.filter(pc.is_in(table.column("key"), value_set=exclusive)),
    )


def _model_links(
    con: duckdb.DuckDBPyConnection,
    runner: SplinkRunner,
    kind: KindConfig,
    state: ResolveState,
    report: KindReport,
    new_ids: set[str] | None,
) -> tuple[Links, pa.Table]:
    """Train (or load) the kind's model, score candidate pairs, keep links and review pairs."""
    assert kind.training is not None
    everything = _records_table(con, kind)
    low, _high = kind.review_band
    model: dict[str, Any] | None
    if new_ids is not None:
        model = state.load_model(kind.kind)
        report.model_source = "saved"
        assert model is not None
        is_new = pc.is_in(
            everything.column("unique_id"), value_set=pa.array(sorted(new_ids), pa.string())
        )
        existing, same_profile = _profiles(con, everything.filter(pc.invert(is_new)), kind)
        pairs = runner.predict(model, existing, low, everything.filter(is_new))
    else:
        records, same_profile = _profiles(con, everything, kind)
        if records.num_rows >= MIN_RECORDS_TO_TRAIN:
            sample = _training_sample(con, records, kind.training.max_records)
            model = runner.train(kind, sample)
            report.model_source = f"trained on {sample.num_rows} records"
        else:
            model = state.load_model(kind.kind) or prior_model(kind)
            report.model_source = "too few records to train: earlier model or priors"
        state.save_model(kind.kind, model)
        pairs = runner.predict(model, records, low)
    threshold = kind.threshold_match_probability
    accepted = pairs.filter(pc.greater_equal(pairs.column("match_probability"), threshold))
    report.model_links = accepted.num_rows
    low, high = kind.review_band
    in_band = pc.and_(
        pc.greater_equal(pairs.column("match_probability"), low),
        pc.less(pairs.column("match_probability"), high),
    )
    review = pairs.filter(in_band)
    report.review_pairs = review.num_rows
    links = Links(
        accepted.column("unique_id_l").to_pylist(), accepted.column("unique_id_r").to_pylist(),
        [MODEL] * accepted.num_rows, accepted.column("match_weight").to_pylist(),
    )  # fmt: skip
    return Links.concat([same_profile, links]), review


def _profiles(
    con: duckdb.DuckDBPyConnection, records: pa.Table, kind: KindConfig
) -> tuple[pa.Table, Links]:
    """Records identical in every compared column collapse to one profile before Splink.

    Splink would score them as certain matches anyway, but a company mentioned on three
    thousand Kadaster records would cost it 4.5 million comparisons. A record lacking one of
    the kind's ``profile_columns_required`` stays a profile of its own. The records of a profile
    are linked to it like a key links, so exclusive keys still keep them apart where they differ.
    """
    columns = [c for c in records.column_names if c != "unique_id"]
    required = " AND ".join(f"{c} IS NOT NULL" for c in kind.profile_columns_required) or "TRUE"
    con.register("profile_input", records)
    mapping = con.sql(
        "SELECT unique_id, CASE WHEN "
        + required
        + " THEN min(unique_id) OVER (PARTITION BY "
        + ", ".join(columns)
        + ") ELSE unique_id END AS profile FROM profile_input"
    ).to_arrow_table()
    con.unregister("profile_input")
    keep = pc.equal(mapping.column("unique_id"), mapping.column("profile"))
    representatives = mapping.filter(keep).column("unique_id")
    profiles = records.filter(pc.is_in(records.column("unique_id"), value_set=representatives))
    members = mapping.filter(pc.invert(keep))
    links = Links(
        members.column("unique_id").to_pylist(), members.column("profile").to_pylist(),
        [KEY] * members.num_rows, [1e9] * members.num_rows,
    )  # fmt: skip
    return profiles.sort_by("unique_id"), links


def _records_table(con: duckdb.DuckDBPyConnection, kind: KindConfig) -> pa.Table:
    columns = ", ".join(["unique_id", *kind.compared_columns])
    return con.sql(f"SELECT {columns} FROM records_{kind.kind} ORDER BY unique_id").to_arrow_table()


def _training_sample(con: duckdb.DuckDBPyConnection, records: pa.Table, limit: int) -> pa.Table:
    """At most ``limit`` records, chosen by a hash of their id (the same every run)."""
    if records.num_rows <= limit:
        return records
    con.register("all_records", records)
    sample = con.sql(
        f"SELECT * FROM all_records ORDER BY md5(unique_id) LIMIT {int(limit)}"
    ).to_arrow_table()
    con.unregister("all_records")
    return sample


def read_clusters(store: Store, reader: Reader) -> pa.Table:
    """Every visible record of every kind: record_id, dataset, kind and canonical id."""
    parts = []
    for name in KIND_NAMES:
        kind = load_kind(name)
        statements = store.read_statement_table(reader, list(kind.schemata))
        table = _as_strings(
            statements.select(["entity_id", "dataset", "canonical_id"])
            .group_by(["entity_id", "dataset", "canonical_id"])
            .aggregate([])
        )
        parts.append(
            pa.table(
                {
                    "record_id": table.column("entity_id"),
                    "dataset": table.column("dataset"),
                    "kind": pa.array([name] * table.num_rows, pa.string()),
                    "canonical_id": table.column("canonical_id"),
                }
            )
        )
    clusters = pa.concat_tables(parts)
    return clusters.sort_by([("record_id", "ascending"), ("dataset", "ascending")])
