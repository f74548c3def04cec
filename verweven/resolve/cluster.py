"""Clustering links into entities: judgements first, then keys, then the model, best first.

Connected components (a vectorised union-find over record indexes) settle every component
without a conflict in one pass. Where a component would hold two records a person judged
*different*, or two different values of an exclusive key (two BSNs), it is rebuilt greedily:
links in order of strength, each accepted only if it joins no such pair. A *same* judgement
is always accepted.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from verweven.store import query_arrow, working_connection

# Link origins, strongest first: the order in which a conflicted component is rebuilt.
JUDGED_SAME = 0
KEY = 1
KEPT = 2  # an earlier run's cluster, kept by an incremental run
MODEL = 3

LINK_SCHEMA = pa.schema(
    [
        ("left", pa.string()),
        ("right", pa.string()),
        ("origin", pa.int8()),
        ("weight", pa.float64()),
    ]
)

Exclusive = tuple[np.ndarray, pa.Array, pa.Array]
"""Record index, key name and value of every exclusive key value of a known record."""


@dataclass(frozen=True)
class Links:
    """Links between records as Arrow columns: left, right, origin (JUDGED_SAME, KEY, KEPT,
    MODEL) and weight. Columnar, because a large region has millions of them."""

    table: pa.Table

    @classmethod
    def make(cls, left: Any, right: Any, origin: int, weight: Any) -> "Links":
        """Links of one origin; ``weight`` is one number for all or one per link."""
        n = len(left)
        if isinstance(weight, int | float):
            weight = np.full(n, weight, np.float64)
        columns = [left, right, np.full(n, origin, np.int8), weight]
        return cls(
            pa.table(
                [_chunked(c, f.type) for c, f in zip(columns, LINK_SCHEMA, strict=True)],
                schema=LINK_SCHEMA,
            )
        )

    @classmethod
    def concat(cls, parts: Iterable["Links"]) -> "Links":
        return cls(pa.concat_tables([part.table for part in parts]))

    def __len__(self) -> int:
        return int(self.table.num_rows)


def _chunked(values: Any, kind: pa.DataType) -> pa.ChunkedArray:
    if isinstance(values, pa.ChunkedArray):
        return values.cast(kind)
    if isinstance(values, pa.Array):
        return pa.chunked_array([values.cast(kind)])
    return pa.chunked_array([pa.array(values, kind)])


@dataclass
class Constraints:
    """Pairs that must not share a cluster, and exclusive key values per record."""

    different: list[tuple[str, str]] = field(default_factory=list)
    exclusive: pa.Table | None = None
    """unique_id, key, value: values of exclusive keys (one entity holds at most one)."""


@dataclass
class Clustering:
    """Record ids and the cluster (index of its smallest member) each belongs to."""

    ids: pa.Array
    members: np.ndarray
    refused_links: int = 0
    conflicts: list[str] = field(default_factory=list)

    def canonical_ids(self, kind: str) -> pa.Array:
        """Stable, readable canonical ids: ``nl-<kind>-<hash of the smallest member id>``.

        Hashed once per cluster (in DuckDB), not once per record."""
        clusters, position = np.unique(self.members, return_inverse=True)
        smallest = pa.table({"id": self.ids.take(pa.array(clusters))})
        con = working_connection()
        hashed = query_arrow(
            con,
            f"SELECT 'nl-{kind}-' || substr(sha1(id), 1, 16) AS canonical FROM smallest",
            smallest=smallest,
        )
        con.close()
        return hashed.column("canonical").combine_chunks().take(pa.array(position))


def cluster_records(ids: pa.Array, links: Links, constraints: Constraints) -> Clustering:
    """Cluster ``ids`` (sorted, unique) by ``links`` under ``constraints``."""
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    positions = _Positions(ids)
    edges = positions.links(links.table)
    left_ix = edges.column("left").to_numpy().astype(np.int64)
    right_ix = edges.column("right").to_numpy().astype(np.int64)
    origin = edges.column("origin").to_numpy().astype(np.int64)
    weight = edges.column("weight").to_numpy()
    membership = connected_components(len(ids), left_ix, right_ix)
    different = positions.pairs(constraints.different)
    exclusive = positions.exclusive(constraints.exclusive)
    positions.close()
    conflicted = _conflicted_components(membership, different, exclusive)
    result = Clustering(ids=ids, members=membership)
    if len(conflicted):
        nodes_by_component = _group(np.flatnonzero(np.isin(membership, conflicted)), membership)
        chosen_edges = np.flatnonzero(np.isin(membership[left_ix], conflicted))
        edges_by_component = _group(chosen_edges, membership[left_ix])
        rows = membership[exclusive[0]]
        facts = _Facts(
            ids, different, exclusive, _group(np.flatnonzero(np.isin(rows, conflicted)), rows)
        )
        # Rebuilt components get labels base + record index: unique, as components are
        # disjoint, and apart from every old label (taking the maximum per component cost
        # minutes at 5 million records and thousands of conflicted components).
        base = int(membership.max()) + 1
        for component, nodes in nodes_by_component.items():
            chosen = edges_by_component.get(component, np.array([], dtype=np.int64))
            links_of = (left_ix[chosen], right_ix[chosen], origin[chosen], weight[chosen])
            _rebuild(nodes.tolist(), links_of, facts, membership, base, result)
        _, membership = np.unique(membership, return_inverse=True)
        result.members = _smallest_member(membership, len(ids))[membership]
    return result


def connected_components(size: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For every node, the smallest node of its connected component (vectorised union-find:
    hook each root to the smaller root across an edge, then jump pointers until flat)."""
    label = np.arange(size, dtype=np.int64)
    while len(left):
        low, high = label[left], label[right]
        smaller = np.minimum(low, high)
        np.minimum.at(label, low, smaller)
        np.minimum.at(label, high, smaller)
        while not np.array_equal(jumped := label[label], label):
            label = jumped
        if np.array_equal(label[left], label[right]):
            break
    return label


class _Positions:
    """Record ids to their index in the sorted ids, by hash join in DuckDB (millions of ids)."""

    def __init__(self, ids: pa.Array) -> None:
        self.con = working_connection()
        self.con.register("position_ids", pa.table({"id": ids}))
        self.con.execute(
            "CREATE TEMP TABLE positions AS "
            "SELECT id, (row_number() OVER () - 1)::BIGINT AS ix FROM position_ids"
        )
        self.con.unregister("position_ids")

    def links(self, links: pa.Table) -> pa.Table:
        """The links whose two records are both known, as record indexes (in no particular
        order: the rebuild sorts them by strength)."""
        return query_arrow(
            self.con,
            "SELECT a.ix AS left, b.ix AS right, origin, weight FROM link_input k "
            "JOIN positions a ON a.id = k.left JOIN positions b ON b.id = k.right",
            link_input=links,
        )

    def pairs(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """(n, 2) record indexes of the pairs whose two records are both known."""
        if not pairs:
            return np.zeros((0, 2), dtype=np.int64)
        table = Links.make([p[0] for p in pairs], [p[1] for p in pairs], 0, 0.0).table
        known = self.links(table)
        return np.column_stack(
            [known.column("left").to_numpy(), known.column("right").to_numpy()]
        ).astype(np.int64)

    def exclusive(self, table: pa.Table | None) -> Exclusive:
        """Record index, key name and value of every exclusive key value of a known record."""
        if table is None or table.num_rows == 0:
            return np.zeros(0, dtype=np.int64), pa.array([], pa.string()), pa.array([], pa.string())
        known = query_arrow(
            self.con,
            "SELECT p.ix, e.key, e.value FROM exclusive_input e "
            "JOIN positions p ON p.id = e.unique_id ORDER BY p.ix, e.key, e.value",
            exclusive_input=table,
        )
        return (
            known.column("ix").to_numpy().astype(np.int64),
            known.column("key").combine_chunks(),
            known.column("value").combine_chunks(),
        )

    def close(self) -> None:
        self.con.close()


@dataclass
class _Facts:
    """The constraints as record indexes, for the greedy rebuild."""

    ids: pa.Array
    different: np.ndarray
    exclusive: Exclusive
    exclusive_by_component: dict[int, np.ndarray]


def _group(items: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
    """Items (indexes into ``labels``) grouped by their label, each group in item order."""
    if not len(items):
        return {}
    item_labels = labels[items]
    order = np.argsort(item_labels, kind="stable")
    sorted_labels = item_labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    bounds = [*starts.tolist(), len(items)]
    return {
        int(sorted_labels[bounds[i]]): items[order[bounds[i] : bounds[i + 1]]]
        for i in range(len(starts))
    }


def _smallest_member(membership: np.ndarray, size: int) -> np.ndarray:
    """For every component label, the smallest record index in it (ids are sorted)."""
    smallest = np.full(membership.max() + 1 if size else 0, size, dtype=np.int64)
    np.minimum.at(smallest, membership, np.arange(size))
    return smallest


def _conflicted_components(
    membership: np.ndarray,
    different: np.ndarray,
    exclusive: Exclusive,
) -> np.ndarray:
    """Components holding a judged-different pair, or two values of one exclusive key."""
    conflicted: set[int] = set()
    if len(different):
        same = membership[different[:, 0]] == membership[different[:, 1]]
        conflicted.update(membership[different[same, 0]].tolist())
    rows, keys, values = exclusive
    if len(rows):
        table = pa.table({"component": membership[rows], "key": keys, "value": values})
        counted = table.group_by(["component", "key"]).aggregate([("value", "count_distinct")])
        clash = counted.filter(pc.greater(counted.column("value_count_distinct"), 1))
        conflicted.update(clash.column("component").to_pylist())
    return np.array(sorted(conflicted), dtype=np.int64)


def _rebuild(
    nodes: list[int],
    links: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    facts: _Facts,
    membership: np.ndarray,
    base: int,
    result: Clustering,
) -> None:
    """Greedy constrained union-find over one component; writes new labels (``base`` + the
    index of each record's new root) into membership."""
    left, right, origin, weight = links
    members = set(nodes)
    parent = {n: n for n in nodes}
    keys: dict[int, dict[str, str]] = {n: {} for n in nodes}
    rows, key_names, values = facts.exclusive
    chosen = pa.array(facts.exclusive_by_component.get(int(membership[nodes[0]]), []), pa.int64())
    for row, key, value in zip(
        rows[chosen.to_numpy()].tolist(),
        key_names.take(chosen).to_pylist(),
        values.take(chosen).to_pylist(),
        strict=True,
    ):
        keys[row].setdefault(key, value)
    apart: dict[int, set[int]] = {n: set() for n in nodes}
    for x, y in facts.different.tolist():
        if x in members and y in members:
            apart[x].add(y)
            apart[y].add(x)

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i in np.lexsort((right, left, -weight, origin)).tolist():
        a, b = find(int(left[i])), find(int(right[i]))
        if a == b:
            continue
        clash = any(keys[a].get(k, v) != v for k, v in keys[b].items())
        separated = any(find(x) == b for x in apart[a]) or any(find(x) == a for x in apart[b])
        if origin[i] != JUDGED_SAME and (clash or separated):
            result.refused_links += 1
            continue
        if clash or separated:
            result.conflicts.append(
                f"{facts.ids[int(left[i])].as_py()} = {facts.ids[int(right[i])].as_py()}"
            )
        parent[b] = a
        keys[a] = {**keys[b], **keys[a]}
        apart[a] |= apart[b]
    for n in nodes:
        membership[n] = base + find(n)
