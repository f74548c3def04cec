"""What a reader's clusters look like: resolution as far as the reader's own data shows it.

Resolution links records across every delivery that allows linking, so one cluster may hold
a municipal record, a company record and a police record. A reader who may see only the first
two must not learn what joins them through the third: when a cluster's visible records are
connected only through records the reader may not see, the reader sees them apart.

Per *view* — the set of datasets a read may use, after restrictions — the store keeps, for
the records of every cluster with a member outside the view, the id of the part of that
cluster the view's own links hold together (``view_canonical_ids``). It is computed on the
first read of a view and forgotten whenever clusters, links or restrictions change. Every
read selects from ``visible_statements``, the one relation that applies the view: permitted
datasets, minus restricted records and superseded statements, with the view's cluster ids.
"""

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

from verweven.model import STATEMENT_COLUMNS
from verweven.store.core import StoreCore
from verweven.store.rows import utc_now
from verweven.store.seen import seen_joins, statement_column

VIEW_TABLES = ("view_canonical_ids", "view_states")
# A canonical id resolution made: nl-<kind>-<16 hex of the smallest member's id>.
RESOLVED_ID = re.compile(r"(nl-[a-z_]+-)[0-9a-f]{16}")


def visible_condition(alias: str = "") -> str:
    """The filter of every read: permitted datasets (one parameter), minus restricted
    records and superseded statements; ``alias`` qualifies the statements' columns."""
    return (
        f"{alias}dataset = ANY(?) AND {alias}entity_id NOT IN "
        "(SELECT entity_id FROM restricted_records) "
        f"AND {alias}id NOT IN (SELECT statement_id FROM superseded_statements)"
    )


VISIBLE = visible_condition()


class ClusterViews(StoreCore):
    """The relation every read selects from, and the per-view cluster ids behind it."""

    def _visible_statements(
        self,
        datasets: Sequence[str],
        narrow: str = "",
        narrow_params: Sequence[Any] = (),
        last_seen: bool = False,
    ) -> tuple[str, list[Any]]:
        """``(relation, params)``: the statements of ``datasets`` a read may use, as a
        relation named ``statements`` (so the reads' own conditions apply unchanged), with
        every split cluster's records under the id of their visible part. ``narrow`` is a
        condition on the stored rows (columns qualified by the placeholder ``{s}``), applied
        before cluster ids are rewritten, so an index on canonical_id still serves it. Only
        with ``last_seen`` has the relation that column (``seen.py``: it costs two joins,
        which DuckDB does not leave out of reads that do not use them)."""
        datasets = sorted(set(datasets))
        key = self._view_key(datasets)
        splits = self._view_splits(key, datasets)
        columns = ", ".join(
            "coalesce(v.canonical_id, s.canonical_id) AS canonical_id"
            if c == "canonical_id" and splits
            else statement_column(c, "s")
            for c in STATEMENT_COLUMNS
            if last_seen or c != "last_seen"
        )
        joins = (
            "LEFT JOIN view_canonical_ids v ON v.view_key = ? AND v.entity_id = s.entity_id "
            if splits
            else ""
        ) + (seen_joins("s") if last_seen else "")
        narrowed = f" AND {narrow.format(s='s.')}" if narrow else ""
        relation = (
            f"(SELECT {columns} FROM statements s {joins} "
            f"WHERE {visible_condition('s.')}{narrowed}) statements"
        )
        return relation, [*([key] if splits else []), datasets, *narrow_params]

    def _forget_views(self) -> None:
        """Clusters, links or restrictions changed: every view is computed anew when read."""
        for table in VIEW_TABLES:
            self._execute(f"DELETE FROM {table}")

    @staticmethod
    def _view_key(datasets: Sequence[str]) -> str:
        return hashlib.sha256("\x1f".join(datasets).encode()).hexdigest()[:32]

    def _view_splits(self, key: str, datasets: list[str]) -> bool:
        """Whether this view gives any record another cluster id (computed once per view)."""
        known = self._fetchall("SELECT split_records FROM view_states WHERE view_key = ?", (key,))
        if known:
            return bool(known[0][0])
        rows = self._view_rows(key, datasets)
        with self._transaction():
            # Two readers may compute one view at once; both compute the same rows.
            self._execute(
                "INSERT INTO view_states (view_key, split_records, computed_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (key, len(rows), utc_now()),
            )
            if rows:
                columns = ("view_key", "entity_id", "canonical_id")
                with self._staged(
                    pa.table({c: [row[i] for row in rows] for i, c in enumerate(columns)})
                ):
                    self._execute(
                        f"INSERT INTO view_canonical_ids ({', '.join(columns)}) "
                        f"SELECT {', '.join(columns)} FROM staging ON CONFLICT DO NOTHING"
                    )
        return bool(rows)

    def _view_rows(self, key: str, datasets: list[str]) -> list[tuple[str, str, str]]:
        """For the visible records of clusters with a member outside the view: the id of the
        part the view's own links hold together, where it differs from the cluster's id."""
        members = self._fetchall(
            f"WITH seen AS (SELECT DISTINCT entity_id FROM statements WHERE {VISIBLE} "
            "AND entity_id IN (SELECT entity_id FROM canonical_ids)), "
            "members AS (SELECT c.entity_id, c.canonical_id, s.entity_id IS NOT NULL AS seen "
            "FROM canonical_ids c LEFT JOIN seen s ON s.entity_id = c.entity_id), "
            "mixed AS (SELECT canonical_id FROM members GROUP BY canonical_id "
            "HAVING bool_or(seen) AND NOT bool_and(seen)) "
            "SELECT m.entity_id, m.canonical_id FROM members m "
            "JOIN mixed x ON x.canonical_id = m.canonical_id WHERE m.seen ORDER BY 1",
            (datasets,),
        )
        if not members:
            return []
        # A cluster applied without its links is taken as given: no view splits it.
        clusters = sorted({cluster for _, cluster in members})
        linked = {r[0] for r in self._fetchall(
            "SELECT DISTINCT c.canonical_id FROM resolution_links k JOIN canonical_ids c "
            "ON c.entity_id = k.left_id WHERE c.canonical_id = ANY(?)",
            (clusters,),
        )}  # fmt: skip
        cluster_of = {record: cluster for record, cluster in members if cluster in linked}
        ids = sorted(cluster_of)
        links = self._fetchall(
            "SELECT left_id, right_id FROM resolution_links "
            "WHERE left_id = ANY(?) AND right_id = ANY(?)",
            (ids, ids),
        )
        parts = _components(ids, ((a, b) for a, b in links if cluster_of[a] == cluster_of[b]))
        rows: list[tuple[str, str, str]] = []
        for part in parts.values():
            canonical = cluster_of[part[0]]
            part_id = _part_id(canonical, part)
            rows.extend((key, record, part_id) for record in part if part_id != canonical)
        return sorted(rows)


def _components(ids: list[str], links: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Connected components of ``ids`` by ``links``, each a sorted list, by its smallest id."""
    parent = {record: record for record in ids}

    def root(record: str) -> str:
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    parts: dict[str, list[str]] = {}
    for record in ids:  # sorted, so every part's list is sorted and keyed by its first id
        parts.setdefault(root(record), []).append(record)
    return parts


def _part_id(canonical: str, part: list[str]) -> str:
    """The id a part of a cluster has in a view: the id resolution would have given a
    cluster of exactly these records (derived from the smallest, so nothing in it hints at
    records outside the view); a single record is itself."""
    if len(part) == 1:
        return part[0]
    resolved = RESOLVED_ID.fullmatch(canonical)
    if resolved is None:
        return part[0]
    return resolved.group(1) + hashlib.sha1(part[0].encode()).hexdigest()[:16]
