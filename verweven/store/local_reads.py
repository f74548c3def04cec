"""The statements around a few entities, for interactive use: read hop by hop, never the
whole network.

A network view, a path search or a Bibob screening looks at the few hundred entities near
one or two others. Reading the reader's whole network for that (one bulk read of tens of
millions of statements) took seconds; this read follows the references instead. From the
seeds it fetches, per hop, every statement of the entities one step further: the entities
their entity-typed values name (outgoing), and the entities whose entity-typed values name
them (incoming). A relationship entity (an FtM edge schema: Ownership, Directorship,
Payment, …) is one step of the network, not two, so its other ends are fetched in the same
hop. After the last hop it fetches the references *into* the last ring (and every
relationship among them whole), so that the edges among the outermost entities and the
schema of every unresolved reference are what the whole network would give.

Every query asks for canonical ids, statement values or records by key (PostgreSQL uses its
B-tree indexes on canonical_id and value and the primary key of canonical_ids), and a view
that splits clusters is narrowed on the stored canonical id *before* its cluster ids are
rewritten, so the index still applies. The whole read passes the decision point once and is
one audit event naming every entity it read.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyarrow as pa
from followthemoney import model
from followthemoney.types import registry

from verweven.access import Action, Actor
from verweven.store.reads import STATEMENT_TABLE_COLUMNS, Reads
from verweven.store.rows import Row

COLUMNS = ", ".join(STATEMENT_TABLE_COLUMNS)
ID, ENTITY_ID, CANONICAL_ID, SCHEMA, PROP, PROP_TYPE, VALUE, DATASET = range(8)
ENTITY_TYPE = registry.entity.name
MAX_HOPS = 6


@dataclass(frozen=True)
class LocalRead:
    """What a local read gave: the statements (columns as ``read_statement_table``'s) and
    the datasets the reader's purpose let it read from."""

    table: pa.Table
    datasets: tuple[str, ...]


@cache
def relationship_schemata() -> frozenset[str]:
    """FtM's edge schemata: an entity of one ties its ends in one step of the network."""
    return frozenset(name for name, schema in model.schemata.items() if schema.edge)


class LocalReads(Reads):
    """Reads of the statements within a few steps of some entities."""

    def read_around(
        self,
        actor: Actor,
        seeds: Sequence[str],
        hops: int,
        props: Sequence[str] | None = None,
    ) -> LocalRead:
        """Every visible statement (of ``props``, if given) of the entities within ``hops``
        steps of the canonical ids ``seeds``, plus the references into the outermost ring
        (see the module's description). One purpose-bound read, audited once with every
        entity it read."""
        if not 0 <= hops <= MAX_HOPS:
            raise ValueError(f"hops must be between 0 and {MAX_HOPS}, not {hops}")
        # A neighbourhood names the entities in it, so it needs the permission of an entity
        # read: a bulk read alone (the aggregate undermining picture's) shows no one.
        datasets = self._permitted(actor, Action.READ)
        walk = _Walk(self, datasets, props)
        ring = walk.fetch_entities(set(seeds))
        for _ in range(hops):
            ring = walk.fetch_entities(walk.next_ring(ring))
        walk.fetch_references_into(ring)
        rows = sorted(walk.rows.values(), key=lambda row: (row[CANONICAL_ID], row[ID]))
        self._audit(
            actor,
            Action.READ,
            target="neighbourhood",
            datasets=sorted({row[DATASET] for row in rows}) or datasets,
            entity_ids=[*seeds, *(row[ENTITY_ID] for row in rows)],
            scope={"seeds": len(set(seeds)), "hops": hops},
            result_size=len(rows),
        )
        columns = zip(*rows, strict=True) if rows else [()] * len(STATEMENT_TABLE_COLUMNS)
        table = pa.table(
            {
                name: pa.array(list(column), pa.string())
                for name, column in zip(STATEMENT_TABLE_COLUMNS, columns, strict=True)
            }
        )
        return LocalRead(table, tuple(datasets))


class _Walk:
    """One local read under way: the statements fetched so far, by statement id."""

    def __init__(self, store: LocalReads, datasets: list[str], props: Sequence[str] | None) -> None:
        self.store = store
        self.datasets = sorted(set(datasets))
        self.view_key = store._view_key(self.datasets)
        self.splits = store._view_splits(self.view_key, self.datasets)
        self.props = list(props) if props is not None else None
        self.rows: dict[str, Row] = {}
        self.fetched: set[str] = set()  # canonical ids whose statements are all in ``rows``
        self.records: dict[str, set[str]] = {}  # canonical id -> its visible records

    def fetch_entities(self, ids: set[str]) -> set[str]:
        """Fetch every statement of these canonical ids (and, for relationship entities
        among them, of their other ends: the same step); the ids fetched anew."""
        ids = ids - self.fetched
        new = set(ids)
        while ids:
            rows = self._select_canonical(ids)
            self.fetched |= ids
            ends = {row[VALUE] for row in rows if _is_end(row)}
            ids = self._canonical_of(ends) - self.fetched
            new |= ids
        return new

    def next_ring(self, ring: set[str]) -> set[str]:
        """The canonical ids one step from ``ring``: what its entities name, and what names
        them (relationship entities included; ``fetch_entities`` adds their ends)."""
        named = {
            row[VALUE]
            for row in self.rows.values()
            if row[CANONICAL_ID] in ring and row[PROP_TYPE] == ENTITY_TYPE
        }
        referring = {row[CANONICAL_ID] for row in self._select_references(self._keys(ring))}
        return (self._canonical_of(named) | referring) - self.fetched

    def fetch_references_into(self, ring: set[str]) -> None:
        """The entity-typed statements that name the outermost ring (whoever holds them), and
        whole every relationship among their holders that ties two entities already read, so
        that the edges among the ring and the schema of a reference no entity answers are
        complete. (A relationship leading out of the ring needs only its ends: hubs such as a
        busy address are named by hundreds of them.)"""
        rows = self._select_references(self._keys(ring))
        relationships = {
            row[CANONICAL_ID] for row in rows if row[SCHEMA] in relationship_schemata()
        } - self.fetched
        if not relationships:
            return
        ends = [r for r in self._select_canonical(relationships, ENTITY_TYPE) if _is_end(r)]
        named = self._canonical_map(row[VALUE] for row in ends)
        inside: dict[str, set[str]] = {}
        for row in ends:
            if named[row[VALUE]] in self.fetched:
                inside.setdefault(row[CANONICAL_ID], set()).add(named[row[VALUE]])
        whole = {relationship for relationship, tied in inside.items() if len(tied) > 1}
        if whole:
            self._select_canonical(whole)
            self.fetched |= whole

    def _keys(self, ring: set[str]) -> set[str]:
        """What a reference to an entity of ``ring`` holds: one of its records' ids, or —
        for an entity no visible statement answers — the id itself."""
        return set(ring).union(*(self.records.get(c, set()) for c in ring))

    # ---- the queries --------------------------------------------------------------------------

    def _keep(self, rows: list[Row]) -> list[Row]:
        for row in rows:
            self.rows[row[ID]] = row
            self.records.setdefault(row[CANONICAL_ID], set()).add(row[ENTITY_ID])
        return rows

    def _relation(self, narrow: str, params: list[Any]) -> tuple[str, list[Any]]:
        """The visible statements, narrowed by ``narrow`` (on the stored columns, with the
        placeholder ``{s}`` for their qualifier) before any cluster id is rewritten."""
        return self.store._visible_statements(self.datasets, narrow, params)

    def _prop_filter(self) -> tuple[str, list[Any]]:
        if self.props is None:
            return "", []
        return " AND prop = ANY(?)", [self.props]

    def _select_canonical(self, ids: set[str], prop_type: str | None = None) -> list[Row]:
        wanted = sorted(ids)
        stored = wanted
        if self.splits:
            # A split part's id is not stored: narrow on the clusters its records belong to.
            stored = sorted(set(wanted) | {row[0] for row in self.store._fetchall(
                "SELECT DISTINCT c.canonical_id FROM view_canonical_ids v JOIN canonical_ids c "
                "ON c.entity_id = v.entity_id WHERE v.view_key = ? AND v.canonical_id = ANY(?)",
                (self.view_key, wanted),
            )})  # fmt: skip
        relation, params = self._relation("{s}canonical_id = ANY(?)", [stored])
        props, prop_params = self._prop_filter()
        if prop_type is not None:
            props, prop_params = f"{props} AND prop_type = ?", [*prop_params, prop_type]
        return self._keep(
            self.store._fetchall(
                f"SELECT {COLUMNS} FROM {relation} WHERE canonical_id = ANY(?){props}",
                [*params, wanted, *prop_params],
            )
        )

    def _select_references(self, keys: set[str]) -> list[Row]:
        relation, params = self._relation(
            f"{{s}}value = ANY(?) AND {{s}}prop_type = '{ENTITY_TYPE}'", [sorted(keys)]
        )
        props, prop_params = self._prop_filter()
        return self._keep(
            self.store._fetchall(
                f"SELECT {COLUMNS} FROM {relation} WHERE TRUE{props}", [*params, *prop_params]
            )
        )

    def _canonical_of(self, records: Iterable[str]) -> set[str]:
        """The canonical ids (in this view) of records named by entity-typed values."""
        return set(self._canonical_map(records).values())

    def _canonical_map(self, records: Iterable[str]) -> dict[str, str]:
        """Each record named by an entity-typed value, with its canonical id in this view. A
        value that names no stored record stays itself, as the network's unresolved
        references do."""
        wanted = sorted(set(records))
        if not wanted:
            return {}
        view = (
            "LEFT JOIN view_canonical_ids v ON v.view_key = ? AND v.entity_id = x.record "
            if self.splits
            else ""
        )
        rows = self.store._fetchall(
            "SELECT x.record, coalesce("
            + ("v.canonical_id, " if self.splits else "")
            + "c.canonical_id, x.record) FROM (SELECT unnest(CAST(? AS TEXT[])) AS record) x "
            "LEFT JOIN canonical_ids c ON c.entity_id = x.record " + view,
            [wanted, self.view_key] if self.splits else [wanted],
        )
        return {str(record): str(canonical) for record, canonical in rows}


def _is_end(row: Row) -> bool:
    """Whether a statement names one of the entities a relationship ties."""
    return row[PROP_TYPE] == ENTITY_TYPE and row[SCHEMA] in relationship_schemata()
