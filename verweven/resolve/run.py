"""A resolution run: read records, link by keys and model, cluster with judgements, write ids.

Source statements are never changed: the run writes one mapping (record -> canonical id) that
the store applies as the statements' canonical id, replacing the previous one as a whole.
"""

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from verweven import __version__
from verweven.access import Actor, Job
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
from verweven.resolve.household import household_warnings
from verweven.resolve.identity import assign_canonical_ids
from verweven.resolve.keys import GuardedKey, KeyLinks, find_key_links
from verweven.resolve.kinds import KIND_NAMES, KindConfig, load_kind
from verweven.resolve.learn import learn_from_judgements
from verweven.resolve.linkage import Backend, SplinkRunner, prior_model
from verweven.resolve.profile import (
    FieldProfile,
    Placeholder,
    drop_placeholders,
    find_placeholders,
    profile_table,
)
from verweven.resolve.records import (
    ADDRESS_PROPS,
    COMPANY_PROPS,
    PERSON_PROPS,
    build_address_records,
    build_company_records,
    build_person_records,
)
from verweven.resolve.review import annotate_review
from verweven.resolve.state import ResolveState, judgement_fingerprint
from verweven.resolve.user_settings import UserSettings, configure_kind
from verweven.store import Store, create_table, query_arrow, scratch_connection

# The system purpose the resolution job reads for: no person may act for it.
RESOLVE_PURPOSE = "resolve"
# What linkage reads of a statement; statement ids, schemata and types would only take memory.
READ_COLUMNS = ("entity_id", "canonical_id", "prop", "value", "dataset")
MIN_RECORDS_TO_TRAIN = 500
SHIPPED = "shipped settings"
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
    settings: UserSettings | None = None
    """The user's settings per kind (``--settings FILE``), merged over the shipped ones; None:
    the settings kept in the store (``verweven resolve settings set``), if any."""


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
    settings: str = SHIPPED
    """Which settings the run used: shipped, a settings file's or the store's (by version)."""
    guarded: list[GuardedKey] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    profile: list[FieldProfile] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ResolveReport:
    """What a run did, kind by kind, and how many records it mapped."""

    kinds: list[KindReport]
    mapped: int = 0
    run_id: str = ""


@dataclass
class _KindResult:
    ids: pa.Array
    canonical: pa.Array
    review: pa.Table | None
    links: pa.Table


def resolve(store: Store, started_by: Actor, options: ResolveOptions) -> ResolveReport:
    """Resolve every kind and write the canonical ids (one mapping, applied as a whole). The
    run is a system job started by ``started_by``: it reads for the system purpose
    ``resolve``, which the deliveries that allow linking list and no person may use."""
    reader = store.system_actor(Job.RESOLVE, started_by).acting_for(RESOLVE_PURPOSE)
    state = ResolveState(options.state_dir)
    judgements = store.list_judgements(reader)
    settings, origins = _settings_in_force(store, reader, options)
    prior_ids = store.read_canonical_ids(reader)
    run_id = uuid.uuid4().hex
    ids: list[pa.Array] = []
    canonical: list[pa.Array] = []
    links: list[pa.Table] = []
    events: list[pa.Table] = []
    redirects: list[pa.Table] = []
    reports = []
    # The statements stream from the store into working tables that spill to disk: a national
    # region's tens of millions of statements are never held in Python memory.
    with scratch_connection() as con:
        load_addresses(con, store, reader)
        runner = SplinkRunner(options.backend, con, options.spark)
        for name in options.kinds:
            kind = configure_kind(name, settings, source=origins.get(name, "settings"))
            statements = "address_statements"
            if name != "address":
                statements = "kind_statements"
                load_statements(con, statements, store, reader, kind, RECORD_PROPS.get(name, ()))
            report, result = _resolve_kind(
                con, runner, kind, statements, judgements, state, options,
                origins.get(name, SHIPPED),
            )  # fmt: skip
            identities = assign_canonical_ids(
                name,
                pa.table({"entity_id": result.ids, "cluster": result.canonical}),
                prior_ids,
                run_id,
                _model_version(state, kind, report.settings),
            )
            reports.append(report)
            ids.append(result.ids)
            canonical.append(identities.canonical)
            links.append(result.links)
            events.append(identities.events)
            redirects.append(identities.redirects)
            if result.review is not None:
                review = annotate_review(
                    result.review, result.ids, identities.canonical,
                    kind.threshold_match_probability,
                )  # fmt: skip
                state.save_review(name, review)
    mapping = pa.table(
        {
            "entity_id": pa.chunked_array(ids, pa.string()),
            "canonical_id": pa.chunked_array(canonical, pa.string()),
        }
    )
    store.apply_canonical_ids(
        mapping,
        reader,
        pa.concat_tables(links) if links else None,
        events=pa.concat_tables(events) if events else None,
        redirects=pa.concat_tables(redirects) if redirects else None,
    )
    return ResolveReport(kinds=reports, mapped=mapping.num_rows, run_id=run_id)


def _settings_in_force(
    store: Store, reader: Actor, options: ResolveOptions
) -> tuple[UserSettings, dict[str, str]]:
    """The user's settings per kind and where each came from: the file given, else the
    versions kept in the store."""
    if options.settings is not None:
        return options.settings, {
            name: "settings file " + _digest(section) for name, section in options.settings.items()
        }
    stored = store.resolution_settings(reader)
    return (
        {version.kind: version.settings or {} for version in stored},
        {version.kind: f"store settings {version.id[:12]}" for version in stored},
    )


def _digest(data: Any) -> str:
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def _model_version(state: ResolveState, kind: KindConfig, settings: str) -> str:
    """Which code, model and settings decided: the package version, a hash of the kind's
    model and the settings' origin (shipped, a file's hash, or the store's version)."""
    model = state.load_model(kind.kind) if kind.probabilistic else None
    digest = "keys only" if model is None else "model " + _digest(model)
    return f"verweven {__version__}, {digest}, {settings}"


def kind_props(kind: KindConfig, record_props: Sequence[str]) -> list[str]:
    """The properties resolution reads for a kind: its record columns and its keys' sources."""
    props = {BASE_ID, *record_props}
    for spec in kind.keys:
        props.update(spec.props)
    return sorted(props)


def _as_strings(table: pa.Table) -> pa.Table:
    """The statement table with every column as string (an empty read may come back untyped)."""
    return table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))


def load_addresses(con: duckdb.DuckDBPyConnection, store: Store, reader: Actor) -> None:
    """Load the Address statements and build ``records_address`` (persons and companies
    take their address columns from it)."""
    load_statements(con, "address_statements", store, reader, load_kind("address"), ADDRESS_PROPS)
    build_address_records(con, "address_statements")


def load_statements(
    con: duckdb.DuckDBPyConnection,
    name: str,
    store: Store,
    reader: Actor,
    kind: KindConfig,
    record_props: Sequence[str],
) -> None:
    """Stream a kind's statements from the store into the working table ``name``."""
    batches = store.read_statement_batches(
        reader, list(kind.schemata), kind_props(kind, record_props), columns=READ_COLUMNS
    )
    create_table(con, name, batches)


def _resolve_kind(
    con: duckdb.DuckDBPyConnection,
    runner: SplinkRunner,
    kind: KindConfig,
    statements: str,
    judgements: list[Judgement],
    state: ResolveState,
    options: ResolveOptions,
    settings: str,
) -> tuple[KindReport, _KindResult]:
    prior = con.sql(
        f"SELECT entity_id, min(canonical_id) AS canonical_id FROM {statements} "
        "GROUP BY 1 ORDER BY 1"
    ).to_arrow_table()
    ids = prior.column("entity_id").combine_chunks()
    new_ids = ids.filter(pc.equal(ids, prior.column("canonical_id").combine_chunks()))
    fingerprint = judgement_fingerprint(judgements)
    last = state.load_run(kind.kind)
    incremental = (
        options.incremental
        and last.get("judgements") == fingerprint
        and last.get("settings", SHIPPED) == settings
        and (not kind.probabilistic or state.load_model(kind.kind) is not None)
        and len(new_ids) < len(ids)
    )
    report = KindReport(kind.kind, "incremental" if incremental else "full", len(ids))
    report.settings = settings
    report.new_records = len(new_ids)
    keys = find_key_links(con, statements, kind)
    report.guarded = keys.guarded
    links = [_judged_links(judgements), _key_links(keys)]
    report.key_links = keys.edges.num_rows
    if incremental:
        links.append(_kept_links(con, prior))
    review = None
    if kind.kind in BUILDERS:
        BUILDERS[kind.kind](con, statements)
    if kind.probabilistic:
        report.profile, report.placeholders = profile_records(con, kind)
    if kind.probabilistic and ids:
        model_links, review = _model_links(
            con, runner, kind, state, report, judgements, new_ids if incremental else None
        )
        links.append(model_links)
    evidence = Links.concat(links).table
    clustering = cluster_records(ids, Links(evidence), _constraints(judgements, keys, kind))
    report.refused_links = clustering.refused_links
    report.conflicts = clustering.conflicts
    canonical = clustering.canonical_ids(kind.kind)
    report.entities = pc.count_distinct(canonical).as_py()
    state.save_run(
        kind.kind, {"judgements": fingerprint, "records": len(ids), "settings": settings}
    )
    return report, _KindResult(ids, canonical, review, _stored_links(evidence))


def profile_records(
    con: duckdb.DuckDBPyConnection, kind: KindConfig
) -> tuple[list[FieldProfile], list[Placeholder]]:
    """Measure the kind's compared fields and drop the values that are no evidence."""
    table = f"records_{kind.kind}"
    profiles = profile_table(con, table, kind.profiled_columns)
    placeholders = find_placeholders(con, table, profiles, kind)
    drop_placeholders(con, table, placeholders, kind)
    return profiles, placeholders


def _stored_links(evidence: pa.Table) -> pa.Table:
    """The links the store keeps with the clusters (it keeps those within one cluster): the
    evidence between two records, not the stand-ins for an earlier run's clusters, whose own
    links the store still holds."""
    found = evidence.filter(pc.not_equal(evidence.column("origin"), KEPT))
    return found.rename_columns(["left_id", "right_id", "origin", "weight"])


def _judged_links(judgements: list[Judgement]) -> Links:
    same = [j for j in judgements if j.verdict == Verdict.SAME]
    return Links.make(
        [j.left_id for j in same], [j.right_id for j in same], JUDGED_SAME, float("inf")
    )


def _key_links(keys: KeyLinks) -> Links:
    edges = keys.edges
    return Links.make(edges.column("left_id"), edges.column("right_id"), KEY, 1e9)


def _kept_links(con: duckdb.DuckDBPyConnection, prior: pa.Table) -> Links:
    """An earlier run's clusters as links from each member to the cluster's smallest member.

    ``prior`` holds every record's entity_id and canonical_id; a record that is still its own
    canonical id is new and belongs to no earlier cluster."""
    kept = query_arrow(
        con,
        "SELECT entity_id, min(entity_id) OVER (PARTITION BY canonical_id) AS smallest "
        "FROM prior_ids WHERE entity_id <> canonical_id QUALIFY entity_id <> smallest "
        "ORDER BY entity_id",
        prior_ids=prior,
    )
    return Links.make(kept.column("entity_id"), kept.column("smallest"), KEPT, 1e8)


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
    judgements: list[Judgement],
    new_ids: pa.Array | None,
) -> tuple[Links, pa.Table]:
    """Train (or load) the kind's model, let the judgements teach it (a full run only: new
    judgements make a run full), score candidate pairs, keep links and review pairs."""
    assert kind.training is not None
    everything = _records_table(con, kind)
    low, _high = kind.review_band
    model: dict[str, Any] | None
    if new_ids is not None:
        model = state.load_model(kind.kind)
        report.model_source = "saved"
        assert model is not None
        is_new = pc.is_in(everything.column("unique_id"), value_set=new_ids)
        existing, same_profile = _profiles(con, everything.filter(pc.invert(is_new)), kind)
        pairs = runner.predict(_blocking_of(kind, model), existing, low, everything.filter(is_new))
    else:
        records, same_profile = _profiles(con, everything, kind)
        if records.num_rows >= MIN_RECORDS_TO_TRAIN:
            sample = _training_sample(con, records, kind.training.max_records)
            model = runner.train(kind, sample)
            report.model_source = f"trained on {sample.num_rows} records"
            if kind.kind == "person":
                report.warnings += household_warnings(model)
        else:
            model = state.load_model(kind.kind, untaught=True) or prior_model(kind)
            report.model_source = "too few records to train: earlier model or priors"
        taught, learned = learn_from_judgements(
            con, model, everything, judgements, kind.training.judged_pairs_weight
        )
        if learned:
            report.model_source += f"; m taught by {learned} judged matches"
        state.save_model(kind.kind, taught, untaught=model if learned else None)
        model = taught
        pairs = runner.predict(_blocking_of(kind, model), records, low)
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
    links = Links.make(
        accepted.column("unique_id_l"), accepted.column("unique_id_r"), MODEL,
        accepted.column("match_weight"),
    )  # fmt: skip
    return Links.concat([same_profile, links]), review


def _blocking_of(kind: KindConfig, model: dict[str, Any]) -> dict[str, Any]:
    """The model with the kind's current blocking and link type: a saved model scores, the
    settings decide which pairs are compared."""
    assert kind.splink is not None
    rules = "blocking_rules_to_generate_predictions"
    return {**model, rules: kind.splink[rules], "link_type": kind.splink["link_type"]}


def _profiles(
    con: duckdb.DuckDBPyConnection, records: pa.Table, kind: KindConfig
) -> tuple[pa.Table, Links]:
    """Records identical in every compared column collapse to one profile before Splink.

    Splink would score them as certain matches anyway, but a company mentioned on three
    thousand Kadaster records would cost it 4.5 million comparisons. A record lacking one of
    the kind's ``profile_columns_required`` stays a profile of its own. The records of a profile
    are linked to it like a key links, so exclusive keys still keep them apart where they differ.
    """
    columns = [c for c in records.column_names if c not in ("unique_id", "source_dataset")]
    required = " AND ".join(f"{c} IS NOT NULL" for c in kind.profile_columns_required) or "TRUE"
    if kind.link_only:
        required = "FALSE"  # records of one dataset are never linked to each other
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
    links = Links.make(members.column("unique_id"), members.column("profile"), KEY, 1e9)
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


def read_clusters(store: Store, reader: Actor) -> pa.Table:
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
