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

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    unexpanded: dict[str, int] = field(default_factory=dict)
    """Per entity not expanded (see ``read_around``'s ``fan``): the records naming it that
    were not read."""


@cache
def relationship_schemata() -> frozenset[str]:
    """FtM's edge schemata: an entity of one ties its ends in one step of the network."""
    return frozenset(name for name, schema in model.schemata.items() if schema.edge)


class LocalReads(Reads):
    """Reads of the statements within a few steps of some entities."""

    @contextmanager
    def walk(
        self,
        actor: Actor,
        seeds: Sequence[str],
        props: Sequence[str] | None = None,
        scope: dict[str, Any] | None = None,
    ) -> Iterator["Walk"]:
        """A local read whose steps the caller chooses (``Walk``'s methods): one decision
        when it starts — an entity read: a local read names the entities in it, so a bulk
        read alone (the aggregate undermining picture's) shows no one — and one audit event
        when it ends, naming every entity it read (also when the walk fails)."""
        datasets = self._permitted(actor, Action.READ)
        walk = Walk(self, datasets, props)
        try:
            yield walk
        finally:
            rows = list(walk.rows.values())
            self._audit(
                actor,
                Action.READ,
                target="neighbourhood",
                datasets=sorted({row[DATASET] for row in rows}) or datasets,
                entity_ids=[*seeds, *(row[ENTITY_ID] for row in rows)],
                scope={"seeds": len(set(seeds)), **(scope or {})},
                result_size=len(rows),
            )

    def read_around(
        self,
        actor: Actor,
        seeds: Sequence[str],
        hops: int,
        props: Sequence[str] | None = None,
        fan: int | None = None,
    ) -> LocalRead:
        """Every visible statement (of ``props``, if given) of the entities within ``hops``
        steps of the canonical ids ``seeds``, plus the references into the outermost ring
        (see the module's description). One purpose-bound read, audited once with every
        entity it read.

        With ``fan``, an entity beyond the seeds that more than ``fan`` records name (a bank,
        a busy address) is read and drawn with the edges that reached it, but not expanded:
        what names it is not read, and ``LocalRead.unexpanded`` says how many records that
        are."""
        if not 0 <= hops <= MAX_HOPS:
            raise ValueError(f"hops must be between 0 and {MAX_HOPS}, not {hops}")
        if fan is not None and fan < 1:
            raise ValueError(f"fan must be at least 1, not {fan}")
        scope = {"hops": hops, **({"fan": fan} if fan is not None else {})}
        with self.walk(actor, seeds, props, scope) as walk:
            ring, hubs = walk.fetch(set(seeds)), set()
            for hop in range(hops):
                if fan is not None and hop > 0:
                    hubs = walk.hubs(ring, fan)
                ring = walk.fetch(walk.next_ring(ring, hubs))
            if fan is not None and hops > 0:
                ring -= walk.hubs(ring, fan)
            walk.fetch_references_into(ring)
        return walk.result()


class Walk:
    """One local read under way: the statements fetched so far, by statement id. Its
    methods take and give canonical ids (in the reader's view)."""

    def __init__(self, store: LocalReads, datasets: list[str], props: Sequence[str] | None) -> None:
        self.store = store
        self.datasets = sorted(set(datasets))
        self.view_key = store._view_key(self.datasets)
        self.splits = store._view_splits(self.view_key, self.datasets)
        self.props = list(props) if props is not None else None
        self.rows: dict[str, Row] = {}
        self.fetched: set[str] = set()  # canonical ids whose statements are all in ``rows``
        self.records: dict[str, set[str]] = {}  # canonical id -> its visible records
        self.named_by: dict[str, int] = {}  # hub -> how many records name it

    def fetch(self, ids: set[str]) -> set[str]:
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

    def next_ring(self, ring: set[str], hubs: set[str] | None = None) -> set[str]:
        """The canonical ids one step from ``ring``: what its entities name, and what names
        them (relationship entities included; ``fetch`` adds their ends) — for ``hubs`` only
        what they name."""
        return (self.named(ring) | self.referring(ring - (hubs or set()))) - self.fetched

    def named(self, ids: set[str], props: Iterable[str] | None = None) -> set[str]:
        """The canonical ids the entity-typed values (of ``props``) of fetched entities name."""
        wanted = None if props is None else set(props)
        return self._canonical_of(
            row[VALUE]
            for row in self.rows.values()
            if row[CANONICAL_ID] in ids
            and row[PROP_TYPE] == ENTITY_TYPE
            and (wanted is None or row[PROP] in wanted)
        )

    def schemata(self, entity: str) -> set[str]:
        """The schemata of a fetched entity's statements."""
        return {row[SCHEMA] for row in self.rows.values() if row[CANONICAL_ID] == entity}

    def referring(
        self,
        ids: set[str],
        schemata: Iterable[str] | None = None,
        props: Iterable[str] | None = None,
        datasets: Iterable[str] | None = None,
    ) -> set[str]:
        """The canonical ids of the entities (of ``schemata``) whose entity-typed values (of
        ``props``, delivered in ``datasets``) name these; their naming statements are read,
        the rest of them only when fetched."""
        if not ids:
            return set()
        rows = self._select_references(self._keys(ids), schemata, props, datasets)
        return {row[CANONICAL_ID] for row in rows}

    def hubs(self, ids: set[str], fan: int) -> set[str]:
        """Those of ``ids`` that more than ``fan`` records name: they are not expanded."""
        keys = {key: c for c in ids for key in self._keys({c})}
        if not keys:
            return set()
        relation, params = self._relation(
            f"{{s}}value = ANY(?) AND {{s}}prop_type = '{ENTITY_TYPE}'", [sorted(keys)]
        )
        counts: dict[str, int] = {}
        for value, count in self.store._fetchall(
            f"SELECT value, count(DISTINCT entity_id) FROM {relation} GROUP BY value", params
        ):
            counts[keys[value]] = counts.get(keys[value], 0) + int(count)
        found = {c for c, count in counts.items() if count > fan}
        self.named_by.update({c: counts[c] for c in found})
        return found

    def result(self) -> LocalRead:
        """What was read, as a table (by canonical id and statement id)."""
        rows = sorted(self.rows.values(), key=lambda row: (row[CANONICAL_ID], row[ID]))
        columns = zip(*rows, strict=True) if rows else [()] * len(STATEMENT_TABLE_COLUMNS)
        table = pa.table(
            {
                name: pa.array(list(column), pa.string())
                for name, column in zip(STATEMENT_TABLE_COLUMNS, columns, strict=True)
            }
        )
        return LocalRead(table, tuple(self.datasets), self._unexpanded())

    def _unexpanded(self) -> dict[str, int]:
        read: dict[str, set[str]] = {hub: set() for hub in self.named_by}
        keys = {key: hub for hub in self.named_by for key in self._keys({hub})}
        for row in self.rows.values():
            if row[PROP_TYPE] == ENTITY_TYPE and row[VALUE] in keys:
                read[keys[row[VALUE]]].add(row[ENTITY_ID])
        return {hub: count - len(read[hub]) for hub, count in sorted(self.named_by.items())}

    def fetch_references_into(self, ring: set[str]) -> None:
        """The entity-typed statements that name the outermost ring (whoever holds them), and
        whole every relationship among their holders that ties two entities already read, so
        that the edges among the ring and the schema of a reference no entity answers are
        complete. (A relationship leading out of the ring needs only its ends: hubs such as a
        busy address are named by hundreds of them.)"""
        if not ring:
            return
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

    def _select_references(
        self,
        keys: set[str],
        schemata: Iterable[str] | None = None,
        props: Iterable[str] | None = None,
        datasets: Iterable[str] | None = None,
    ) -> list[Row]:
        relation, params = self._relation(
            f"{{s}}value = ANY(?) AND {{s}}prop_type = '{ENTITY_TYPE}'", [sorted(keys)]
        )
        where, where_params = self._prop_filter()
        for column, values in (("schema", schemata), ("prop", props), ("dataset", datasets)):
            if values is not None:
                where += f" AND {column} = ANY(?)"
                where_params.append(sorted(set(values)))
        return self._keep(
            self.store._fetchall(
                f"SELECT {COLUMNS} FROM {relation} WHERE TRUE{where}", [*params, *where_params]
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
