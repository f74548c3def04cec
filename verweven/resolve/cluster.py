"""Clustering links into entities: judgements first, then keys, then the model, best first.

Connected components (igraph) settle every component without a conflict in one pass. Where a
component would hold two records a person judged *different*, or two different values of an
exclusive key (two BSNs), it is rebuilt greedily: links in order of strength, each accepted only
if it joins no such pair. A *same* judgement is always accepted.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import igraph
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Link origins, strongest first: the order in which a conflicted component is rebuilt.
JUDGED_SAME = 0
KEY = 1
KEPT = 2  # an earlier run's cluster, kept by an incremental run
MODEL = 3


@dataclass(frozen=True)
class Links:
    """Links between records: left, right, origin (JUDGED_SAME, KEY, KEPT, MODEL) and weight."""

    left: list[str]
    right: list[str]
    origin: list[int]
    weight: list[float]

    @classmethod
    def concat(cls, parts: Iterable["Links"]) -> "Links":
        left: list[str] = []
        right: list[str] = []
        origin: list[int] = []
        weight: list[float] = []
        for part in parts:
            left += part.left
            right += part.right
            origin += part.origin
            weight += part.weight
        return cls(left, right, origin, weight)


@dataclass
class Constraints:
    """Pairs that must not share a cluster, and exclusive key values per record."""

    different: list[tuple[str, str]] = field(default_factory=list)
    exclusive: pa.Table | None = None
    """unique_id, key, value: values of exclusive keys (one entity holds at most one)."""


@dataclass
class Clustering:
    """Record ids and the cluster (index of its smallest member) each belongs to."""

    ids: list[str]
    members: list[int]
    refused_links: int = 0
    conflicts: list[str] = field(default_factory=list)

    def canonical_ids(self, kind: str) -> list[str]:
        """Stable, readable canonical ids: ``nl-<kind>-<hash of the smallest member id>``."""
        return [canonical_id(kind, self.ids[m]) for m in self.members]


def canonical_id(kind: str, smallest_member: str) -> str:
    """The canonical id of a cluster whose smallest member record id is given."""
    digest = hashlib.sha1(smallest_member.encode("utf-8")).hexdigest()[:16]
    return f"nl-{kind}-{digest}"


def cluster_records(ids: list[str], links: Links, constraints: Constraints) -> Clustering:
    """Cluster ``ids`` (sorted, unique) by ``links`` under ``constraints``."""
    index = pa.array(ids, pa.string())
    left = pc.index_in(pa.array(links.left, pa.string()), value_set=index)
    right = pc.index_in(pa.array(links.right, pa.string()), value_set=index)
    known = pc.and_(pc.is_valid(left), pc.is_valid(right))
    left_ix = left.filter(known).to_numpy(zero_copy_only=False).astype(np.int64)
    right_ix = right.filter(known).to_numpy(zero_copy_only=False).astype(np.int64)
    known_np = known.to_numpy(zero_copy_only=False)
    origin = np.asarray(links.origin, dtype=np.int64)[known_np]
    weight = np.asarray(links.weight, dtype=np.float64)[known_np]
    graph = igraph.Graph(n=len(ids), edges=np.column_stack([left_ix, right_ix]).tolist())
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    different = _pair_indexes(constraints.different, index)
    exclusive = _exclusive_indexes(constraints.exclusive, index)
    conflicted = _conflicted_components(membership, different, exclusive)
    result = Clustering(ids=ids, members=[0] * len(ids))
    if len(conflicted):
        nodes_by_component = _group(np.flatnonzero(np.isin(membership, conflicted)), membership)
        edges = np.flatnonzero(np.isin(membership[left_ix], conflicted))
        edges_by_component = _group(edges, membership[left_ix])
        facts = _Facts(ids, different, exclusive)
        for component, nodes in nodes_by_component.items():
            chosen = edges_by_component.get(component, np.array([], dtype=np.int64))
            links_of = (left_ix[chosen], right_ix[chosen], origin[chosen], weight[chosen])
            _rebuild(nodes.tolist(), links_of, facts, membership, result)
    _, membership = np.unique(membership, return_inverse=True)
    smallest = _smallest_member(membership, len(ids))
    result.members = smallest[membership].tolist()
    return result


@dataclass
class _Facts:
    """The constraints as record indexes, for the greedy rebuild."""

    ids: list[str]
    different: np.ndarray
    exclusive: tuple[np.ndarray, list[str], list[str]]


def _pair_indexes(pairs: list[tuple[str, str]], index: pa.Array) -> np.ndarray:
    """(n, 2) record indexes of the pairs whose two records are both known."""
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    a = pc.index_in(pa.array([p[0] for p in pairs], pa.string()), value_set=index)
    b = pc.index_in(pa.array([p[1] for p in pairs], pa.string()), value_set=index)
    both = pc.and_(pc.is_valid(a), pc.is_valid(b))
    return np.column_stack(
        [
            a.filter(both).to_numpy(zero_copy_only=False).astype(np.int64),
            b.filter(both).to_numpy(zero_copy_only=False).astype(np.int64),
        ]
    )


def _exclusive_indexes(
    table: pa.Table | None, index: pa.Array
) -> tuple[np.ndarray, list[str], list[str]]:
    """Record index, key name and value of every exclusive key value of a known record."""
    if table is None or table.num_rows == 0:
        return np.zeros(0, dtype=np.int64), [], []
    position = pc.index_in(table.column("unique_id"), value_set=index)
    known = table.filter(pc.is_valid(position))
    rows = position.filter(pc.is_valid(position)).to_numpy(zero_copy_only=False)
    return (
        rows.astype(np.int64),
        known.column("key").to_pylist(),
        known.column("value").to_pylist(),
    )


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
    exclusive: tuple[np.ndarray, list[str], list[str]],
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
    result: Clustering,
) -> None:
    """Greedy constrained union-find over one component; writes new labels into membership."""
    left, right, origin, weight = links
    members = set(nodes)
    parent = {n: n for n in nodes}
    keys: dict[int, dict[str, str]] = {n: {} for n in nodes}
    rows, key_names, values = facts.exclusive
    for i in np.flatnonzero(np.isin(rows, nodes)).tolist():
        keys[int(rows[i])].setdefault(key_names[i], values[i])
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
            result.conflicts.append(f"{facts.ids[int(left[i])]} = {facts.ids[int(right[i])]}")
        parent[b] = a
        keys[a] = {**keys[b], **keys[a]}
        apart[a] |= apart[b]
    base = int(membership.max()) + 1
    for n in nodes:
        membership[n] = base + find(n)
