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
    exclusive: dict[str, dict[str, str]] = field(default_factory=dict)
    """record id -> {key name: value} for exclusive keys."""


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
    position = (
        {record: i for i, record in enumerate(ids)} if constraints_needed(constraints) else {}
    )
    conflicted = _conflicted_components(membership, constraints, position)
    result = Clustering(ids=ids, members=[0] * len(ids))
    if conflicted:
        edge_component = membership[left_ix] if len(left_ix) else np.array([], dtype=np.int64)
        for component in sorted(conflicted):
            mask = edge_component == component
            nodes = np.flatnonzero(membership == component).tolist()
            _rebuild(
                nodes,
                left_ix[mask],
                right_ix[mask],
                origin[mask],
                weight[mask],
                constraints,
                position,
                ids,
                membership,
                result,
            )
    _, membership = np.unique(membership, return_inverse=True)
    smallest = _smallest_member(membership, len(ids))
    result.members = smallest[membership].tolist()
    return result


def constraints_needed(constraints: Constraints) -> bool:
    return bool(constraints.different or constraints.exclusive)


def _smallest_member(membership: np.ndarray, size: int) -> np.ndarray:
    """For every component label, the smallest record index in it (ids are sorted)."""
    smallest = np.full(membership.max() + 1 if size else 0, size, dtype=np.int64)
    np.minimum.at(smallest, membership, np.arange(size))
    return smallest


def _conflicted_components(
    membership: np.ndarray, constraints: Constraints, position: dict[str, int]
) -> set[int]:
    conflicted: set[int] = set()
    for one, other in constraints.different:
        x, y = position.get(one), position.get(other)
        if x is not None and y is not None and membership[x] == membership[y]:
            conflicted.add(int(membership[x]))
    seen: dict[tuple[int, str], str] = {}
    for record, keys in constraints.exclusive.items():
        if record not in position:
            continue
        component = int(membership[position[record]])
        for key, value in keys.items():
            if seen.setdefault((component, key), value) != value:
                conflicted.add(component)
    return conflicted


def _rebuild(
    nodes: list[int],
    left: np.ndarray,
    right: np.ndarray,
    origin: np.ndarray,
    weight: np.ndarray,
    constraints: Constraints,
    position: dict[str, int],
    ids: list[str],
    membership: np.ndarray,
    result: Clustering,
) -> None:
    """Greedy constrained union-find over one component; writes new labels into membership."""
    parent = {n: n for n in nodes}
    keys = {n: dict(constraints.exclusive.get(ids[n], {})) for n in nodes}
    apart: dict[int, set[int]] = {n: set() for n in nodes}
    for one, other in constraints.different:
        x, y = position.get(one), position.get(other)
        if x is not None and y is not None and x in parent and y in parent:
            apart[x].add(y)
            apart[y].add(x)

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    order = np.lexsort((right, left, -weight, origin))
    for i in order:
        a, b = find(int(left[i])), find(int(right[i]))
        if a == b:
            continue
        clash = any(keys[a].get(k, v) != v for k, v in keys[b].items())
        separated = any(find(x) == b for x in apart[a]) or any(find(x) == a for x in apart[b])
        if origin[i] != JUDGED_SAME and (clash or separated):
            result.refused_links += 1
            continue
        if clash or separated:
            result.conflicts.append(f"{ids[int(left[i])]} = {ids[int(right[i])]}")
        parent[b] = a
        keys[a] = {**keys[b], **keys[a]}
        apart[a] |= apart[b]
    base = int(membership.max()) + 1
    for n in nodes:
        membership[n] = base + find(n)
