"""Canonical ids for life: a run's clusters take over the ids of the clusters before them.

Clustering decides who belongs together; this module decides what the groups are *called*.
An id, once given, names its entity until the entity merges into another or loses its
records, so that a case, a Bibob report or an audit entry never points at nothing:

- every earlier id goes to the new cluster that holds most of its records (after a split,
  the largest part keeps the id; a tie goes to the part with the smallest record id);
- a cluster chosen by several earlier ids (a merge) keeps the id of the larger earlier
  cluster, then the older, then the smaller id; the others retire with a redirect to it;
- a cluster that no earlier id chose gets a new id, ``nl-<kind>-<16 hex>`` of its smallest
  record (salted if that id was ever given before): a ``split`` if it holds records of an
  earlier cluster, else ``new``.

Adding a record whose id sorts before the members of a cluster therefore never renames it.
"""

import hashlib
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from verweven.store import query_arrow, working_connection

NEW, MERGE, SPLIT, RETIRE = "new", "merge", "split", "retire"
EVENT_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("kind", pa.string()),
        ("event", pa.string()),
        ("canonical_id", pa.string()),
        ("other_id", pa.string()),
        ("records", pa.int64()),
        ("model_version", pa.string()),
    ]
)
REDIRECT_SCHEMA = pa.schema(
    [("retired_id", pa.string()), ("target_id", pa.string()), ("run_id", pa.string())]
)

# Each earlier id's choice of new cluster, each new cluster's choice among the ids that
# chose it, and the clusters no earlier id chose (see the module's docstring). All set-wise in
# DuckDB: a first run of a national region names millions of clusters.
_ASSIGN_SQL = (
    "CREATE TEMP TABLE sizes AS SELECT cluster, count(*) AS n, min(entity_id) AS first "
    "FROM records GROUP BY 1",
    "CREATE TEMP TABLE overlap AS SELECT r.cluster, p.canonical_id AS old_id, "
    "count(*) AS shared FROM records r JOIN prior p ON p.entity_id = r.entity_id GROUP BY 1, 2",
    "CREATE TEMP TABLE choice AS SELECT o.cluster, o.old_id, old.size, old.since "
    "FROM overlap o JOIN sizes s ON s.cluster = o.cluster JOIN (SELECT canonical_id AS old_id, "
    "count(*) AS size, min(since) AS since FROM prior GROUP BY 1) old ON old.old_id = o.old_id "
    "QUALIFY row_number() OVER (PARTITION BY o.old_id ORDER BY o.shared DESC, s.first) = 1",
    "CREATE TEMP TABLE kept AS SELECT cluster, old_id FROM choice QUALIFY row_number() OVER "
    "(PARTITION BY cluster ORDER BY size DESC, since ASC NULLS FIRST, old_id) = 1",
    "CREATE TEMP TABLE fresh AS SELECT s.cluster, s.n, m.old_id AS main_old_id, "
    "(NOT starts_with(s.cluster, $prefix) OR e.canonical_id IS NOT NULL) AS collides "
    "FROM sizes s LEFT JOIN (SELECT cluster, old_id FROM overlap QUALIFY row_number() OVER "
    "(PARTITION BY cluster ORDER BY shared DESC, old_id) = 1) m ON m.cluster = s.cluster "
    "LEFT JOIN (SELECT DISTINCT canonical_id FROM ever) e ON e.canonical_id = s.cluster "
    "WHERE s.cluster NOT IN (SELECT cluster FROM kept)",
)
_NAMING_SQL = (
    "SELECT cluster, old_id AS canonical_id FROM kept "
    "UNION ALL SELECT cluster, cluster FROM fresh WHERE NOT collides "
    "UNION ALL SELECT cluster, canonical_id FROM salted"
)
_EVENTS_SQL = (
    "SELECT CASE WHEN f.main_old_id IS NULL THEN 'new' ELSE 'split' END AS event, "
    "n.canonical_id, f.main_old_id AS other_id, f.n AS records FROM fresh f "
    "JOIN naming n ON n.cluster = f.cluster "
    "UNION ALL SELECT 'merge', k.old_id, c.old_id, s.n FROM choice c "
    "JOIN kept k ON k.cluster = c.cluster JOIN sizes s ON s.cluster = c.cluster "
    "WHERE c.old_id <> k.old_id "
    "UNION ALL SELECT 'retire', old_id, NULL, 0 FROM (SELECT DISTINCT canonical_id AS old_id "
    "FROM prior) WHERE old_id NOT IN (SELECT old_id FROM choice) ORDER BY 1, 2, 3"
)


@dataclass
class Identities:
    """A run's canonical ids, aligned with its records, and what happened to the ids."""

    canonical: pa.Array
    events: pa.Table
    redirects: pa.Table


def assign_canonical_ids(
    kind: str,
    records: pa.Table,
    prior: pa.Table,
    run_id: str,
    model_version: str,
) -> Identities:
    """Name this run's clusters. ``records``: entity_id and cluster (any label, one per
    cluster, e.g. the id clustering derives from the smallest member). ``prior``: the store's
    entity_id, canonical_id and since (see ``Store.read_canonical_ids``; rows without an
    entity_id name retired ids, which are never given again)."""
    prefix = f"nl-{kind}-"
    is_ours = pc.starts_with(prior.column("canonical_id"), prefix)
    known = prior.filter(pc.and_(pc.is_valid(prior.column("entity_id")), is_ours))
    con = working_connection()
    try:
        con.register("records", records.select(["entity_id", "cluster"]))
        con.register("prior", known.select(["entity_id", "canonical_id", "since"]))
        con.register("ever", prior.select(["canonical_id"]))
        for sql in _ASSIGN_SQL:
            con.execute(sql, {"prefix": prefix} if "$prefix" in sql else None)
        con.register("salted", _salted(con, prefix))
        con.execute(f"CREATE TEMP TABLE naming AS {_NAMING_SQL}")
        canonical = query_arrow(
            con,
            "SELECT n.canonical_id FROM (SELECT cluster, row_number() OVER () AS position "
            "FROM ordered) r JOIN naming n ON n.cluster = r.cluster ORDER BY r.position",
            ordered=records.select(["cluster"]),
        ).column("canonical_id")
        events = con.sql(_EVENTS_SQL).to_arrow_table()
    finally:
        con.close()
    merges = events.filter(pc.is_in(events.column("event"), pa.array([MERGE, RETIRE])))
    n = events.num_rows
    return Identities(
        canonical=canonical.combine_chunks(),
        events=pa.table(
            {
                "run_id": pa.array([run_id] * n, pa.string()),
                "kind": pa.array([kind] * n, pa.string()),
                "event": events.column("event").cast(pa.string()),
                "canonical_id": events.column("canonical_id").cast(pa.string()),
                "other_id": events.column("other_id").cast(pa.string()),
                "records": events.column("records").cast(pa.int64()),
                "model_version": pa.array([model_version] * n, pa.string()),
            },
            schema=EVENT_SCHEMA,
        ),
        redirects=pa.table(
            {
                # a merge retires other_id towards canonical_id; a retirement has no target
                "retired_id": pc.if_else(
                    pc.equal(merges.column("event"), MERGE),
                    merges.column("other_id"),
                    merges.column("canonical_id"),
                ).cast(pa.string()),
                "target_id": pc.if_else(
                    pc.equal(merges.column("event"), MERGE),
                    merges.column("canonical_id"),
                    pa.scalar(None, pa.string()),
                ).cast(pa.string()),
                "run_id": pa.array([run_id] * merges.num_rows, pa.string()),
            },
            schema=REDIRECT_SCHEMA,
        ),
    )


def _salted(con: duckdb.DuckDBPyConnection, prefix: str) -> pa.Table:
    """New ids for the fresh clusters whose own label is taken (or not an id of the kind):
    ``prefix`` + sha1 of the label with a counter, until unused. Rare: a split part holding
    the record an older id was derived from."""
    clusters = [
        row[0] for row in con.execute("SELECT cluster FROM fresh WHERE collides").fetchall()
    ]
    ever: set[str] = set()
    if clusters:
        ever = {r[0] for r in con.execute("SELECT DISTINCT canonical_id FROM ever").fetchall()}
    names = []
    for cluster in clusters:
        name = _fresh_id(cluster, ever, prefix)
        ever.add(name)
        names.append(name)
    return pa.table(
        {"cluster": pa.array(clusters, pa.string()), "canonical_id": pa.array(names, pa.string())}
    )


def _fresh_id(cluster: str, ever: set[str], prefix: str) -> str:
    """The pattern over the label with a counter, until unused."""
    salt = 1
    while True:
        text = f"{cluster}\x1f{salt}"
        candidate = prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        if candidate not in ever:
            return candidate
        salt += 1
