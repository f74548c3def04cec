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

# Each earlier id's choice of new cluster, and each new cluster's choice among the ids that
# chose it (see the module's docstring).
_ASSIGN_SQL = """
WITH firsts AS (SELECT cluster, min(entity_id) AS first FROM records GROUP BY 1),
overlap AS (
    SELECT r.cluster, p.canonical_id AS old_id, count(*) AS shared, min(f.first) AS first
    FROM records r JOIN prior p ON p.entity_id = r.entity_id
    JOIN firsts f ON f.cluster = r.cluster GROUP BY 1, 2),
old AS (SELECT canonical_id AS old_id, count(*) AS size, min(since) AS since
        FROM prior GROUP BY 1),
choice AS (
    SELECT o.cluster, o.old_id, o.shared, old.size, old.since
    FROM overlap o JOIN old ON old.old_id = o.old_id
    QUALIFY row_number() OVER (PARTITION BY o.old_id ORDER BY o.shared DESC, o.first) = 1),
kept AS (
    SELECT cluster, old_id FROM choice
    QUALIFY row_number() OVER (
        PARTITION BY cluster ORDER BY size DESC, since ASC NULLS FIRST, old_id) = 1)
SELECT c.cluster, c.old_id, k.old_id AS kept_id,
       (SELECT o.old_id FROM overlap o WHERE o.cluster = c.cluster
        ORDER BY o.shared DESC, o.old_id LIMIT 1) AS main_old_id
FROM (SELECT DISTINCT cluster, NULL::VARCHAR AS old_id FROM records) c
LEFT JOIN kept k ON k.cluster = c.cluster
UNION ALL
SELECT ch.cluster, ch.old_id, k.old_id, NULL FROM choice ch JOIN kept k ON k.cluster = ch.cluster
WHERE ch.old_id <> k.old_id
"""


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
    ever = set(prior.column("canonical_id").to_pylist())
    is_ours = pc.starts_with(prior.column("canonical_id"), prefix)
    known = prior.filter(pc.and_(pc.is_valid(prior.column("entity_id")), is_ours))
    con = working_connection()
    try:
        assigned = query_arrow(
            con,
            _ASSIGN_SQL,
            records=records.select(["entity_id", "cluster"]),
            prior=known.select(["entity_id", "canonical_id", "since"]),
        ).to_pylist()
        names, events, redirects = _name_clusters(assigned, ever, prefix, kind)
        vanished = set(known.column("canonical_id").to_pylist()) - {
            row["old_id"] or row["kept_id"] for row in assigned
        }
        for old_id in sorted(vanished - set(names.values())):
            events.append((RETIRE, old_id, None, 0))
            redirects.append((old_id, None))
        sizes = records.group_by("cluster").aggregate([("entity_id", "count")])
        count = dict(
            zip(sizes.column("cluster").to_pylist(), sizes.column("entity_id_count").to_pylist(),
                strict=True)
        )  # fmt: skip
        naming = pa.table(
            {"cluster": list(names), "canonical_id": list(names.values())},
            schema=pa.schema([("cluster", pa.string()), ("canonical_id", pa.string())]),
        )
        canonical = query_arrow(
            con,
            "SELECT n.canonical_id FROM (SELECT *, row_number() OVER () AS position FROM records)"
            " r JOIN naming n ON n.cluster = r.cluster ORDER BY r.position",
            records=records.select(["cluster"]),
            naming=naming,
        ).column("canonical_id")
    finally:
        con.close()
    by_id = {name: count[cluster] for cluster, name in names.items()}
    return Identities(
        canonical=canonical.combine_chunks(),
        events=pa.table(
            {
                "run_id": [run_id] * len(events),
                "kind": [kind] * len(events),
                "event": [e[0] for e in events],
                "canonical_id": [e[1] for e in events],
                "other_id": [e[2] for e in events],
                "records": [by_id.get(e[1], e[3]) for e in events],
                "model_version": [model_version] * len(events),
            },
            schema=EVENT_SCHEMA,
        ),
        redirects=pa.table(
            {
                "retired_id": [r[0] for r in redirects],
                "target_id": [r[1] for r in redirects],
                "run_id": [run_id] * len(redirects),
            },
            schema=REDIRECT_SCHEMA,
        ),
    )


Event = tuple[str, str, str | None, int]


def _name_clusters(
    assigned: list[dict[str, str | None]], ever: set[str], prefix: str, kind: str
) -> tuple[dict[str, str], list[Event], list[tuple[str, str | None]]]:
    """Each cluster's name, the events and the redirects, from the assignment's rows."""
    names: dict[str, str] = {}
    events: list[Event] = []
    redirects: list[tuple[str, str | None]] = []
    retiring = []
    for row in assigned:
        cluster, old_id, kept_id = str(row["cluster"]), row["old_id"], row["kept_id"]
        if old_id is not None:
            retiring.append((old_id, str(kept_id)))
        elif kept_id is not None:
            names[cluster] = kept_id
        else:
            fresh = _fresh_id(cluster, ever, prefix, kind)
            ever.add(fresh)
            names[cluster] = fresh
            main = row["main_old_id"]
            events.append((SPLIT, fresh, main, 0) if main else (NEW, fresh, None, 0))
    for old_id, kept_id in sorted(retiring):
        events.append((MERGE, kept_id, old_id, 0))
        redirects.append((old_id, kept_id))
    return names, events, redirects


def _fresh_id(cluster: str, ever: set[str], prefix: str, kind: str) -> str:
    """The cluster's own label when it is a fresh ``nl-<kind>-`` id never given before, else
    the same pattern over the label with a counter, until unused."""
    if cluster.startswith(prefix) and cluster not in ever:
        return cluster
    salt = 0
    while True:
        text = cluster if salt == 0 else f"{cluster}\x1f{salt}"
        candidate = prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        if candidate not in ever:
            return candidate
        salt += 1
