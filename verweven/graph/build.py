"""Build the network of canonical entities from the statements one reader may see.

The store streams the statements in one audited read limited to the reader's purpose
(``read_statement_batches``) into a working DuckDB database; DuckDB joins them with the FtM-derived
roles (``derive.py``), and igraph gets integer edge lists. No per-schema code: what is a
node and what is an edge follows from the FollowTheMoney model alone.
"""

from collections.abc import Iterable
from itertools import pairwise
from typing import Any, TypeVar

import duckdb
import igraph
import numpy as np
import pyarrow as pa

from verweven.access import Actor
from verweven.graph.derive import (
    common_schema,
    edge_label,
    graph_props,
    graph_schemata,
    is_directed,
    prop_roles_table,
)
from verweven.store import Store, create_table, scratch_connection, working_connection

T = TypeVar("T")
STATEMENT_FIELDS = ("id", "entity_id", "canonical_id", "schema", "prop", "value", "dataset")

# Each step is one SQL statement over the relations ``stmts`` (the statements) and ``roles``.
BUILD_STEPS: tuple[tuple[str, str], ...] = (
    (
        "records",  # which canonical entity each record (entity id) belongs to
        "SELECT entity_id, min(canonical_id) AS canonical_id FROM stmts GROUP BY entity_id",
    ),
    (
        "ends",  # every entity-typed value, pointed at the canonical entity it names
        "SELECT t.canonical_id AS entity, r.role, r.kind, r.qname, r.range, t.id, t.dataset, "
        "coalesce(rec.canonical_id, t.value) AS node FROM stmts t "
        "JOIN roles r ON r.schema = t.schema AND r.prop = t.prop "
        "AND r.role IN ('source', 'target', 'ref') "
        "LEFT JOIN records rec ON rec.entity_id = t.value",
    ),
    (
        "edge_entities",  # relationships with both ends known become edges; others stay nodes
        "SELECT entity FROM ends WHERE role = 'source' "
        "INTERSECT SELECT entity FROM ends WHERE role = 'target'",
    ),
    (
        "relationship_ends",
        "SELECT entity, role, node, kind, id, dataset FROM ends "
        "WHERE role IN ('source', 'target') AND entity IN (SELECT entity FROM edge_entities)",
    ),
    (
        "pairs",  # one edge per relationship entity and pair of distinct ends
        "SELECT s.entity, s.node AS source, t.node AS target, min(s.kind) AS kind "
        "FROM relationship_ends s JOIN relationship_ends t ON s.entity = t.entity "
        "AND s.role = 'source' AND t.role = 'target' WHERE s.node <> t.node GROUP BY ALL",
    ),
    (
        "qualifiers",  # the dates and role/percentage/amount statements of each relationship
        "SELECT t.canonical_id AS entity, r.role, r.rank, r.label, t.value, t.id, t.dataset "
        "FROM stmts t JOIN roles r ON r.schema = t.schema AND r.prop = t.prop "
        "AND r.role IN ('start', 'end', 'detail') "
        "WHERE t.canonical_id IN (SELECT entity FROM edge_entities)",
    ),
    (
        "evidence",  # an edge's statements: its two ends and the relationship's qualifiers
        "SELECT p.entity, p.source, p.target, p.kind, e.id, e.dataset FROM pairs p "
        "JOIN relationship_ends e ON e.entity = p.entity "
        "AND e.node = CASE e.role WHEN 'source' THEN p.source ELSE p.target END "
        "UNION ALL SELECT p.entity, p.source, p.target, p.kind, q.id, q.dataset FROM pairs p "
        "JOIN qualifiers q ON q.entity = p.entity",
    ),
    (
        "qualified",  # per relationship: earliest start, latest end, its details in words
        "SELECT entity, min(value) FILTER (WHERE role = 'start') AS start_date, "
        "max(value) FILTER (WHERE role = 'end') AS end_date, array_to_string(list_sort("
        "list(DISTINCT label || ': ' || value) FILTER (WHERE role = 'detail')), '; ') AS detail "
        "FROM qualifiers GROUP BY entity",
    ),
    (
        "relationships",  # statement ids are unique per edge: only datasets need DISTINCT
        "SELECT e.source, e.target, e.kind, e.entity, e.statements, e.datasets, "
        "q.start_date, q.end_date, q.detail FROM (SELECT entity, source, target, kind, "
        "list_sort(list(id)) AS statements, list_sort(list_distinct(list(dataset))) AS datasets "
        "FROM evidence GROUP BY ALL) e LEFT JOIN qualified q USING (entity)",
    ),
    (
        "refs",  # other entity-typed values: an edge from the holder to the entity named
        "SELECT entity AS source, node AS target, qname AS kind, CAST(NULL AS VARCHAR) AS entity, "
        "list_sort(list_distinct(list(id))) AS statements, "
        "list_sort(list_distinct(list(dataset))) AS datasets, CAST(NULL AS VARCHAR) AS start_date, "
        "CAST(NULL AS VARCHAR) AS end_date, CAST(NULL AS VARCHAR) AS detail FROM ends "
        "WHERE entity NOT IN (SELECT entity FROM edge_entities) AND entity <> node "
        "GROUP BY entity, node, qname",
    ),
    ("edges", "SELECT * FROM relationships UNION ALL SELECT * FROM refs"),
    (
        "captions",
        "SELECT t.canonical_id AS id, first(t.value ORDER BY r.rank, t.value) AS caption "
        "FROM stmts t JOIN roles r ON r.schema = t.schema AND r.prop = t.prop "
        "AND r.role = 'caption' GROUP BY t.canonical_id",
    ),
    (
        "entities",  # canonical entities that are nodes: everything but the edge relationships
        "SELECT canonical_id AS id, min(schema) AS schema, "
        "CASE WHEN min(schema) <> max(schema) THEN list_sort(list_distinct(list(schema))) END "
        "AS schemata, list_sort(list_distinct(list(dataset))) AS datasets, false AS stub "
        "FROM stmts WHERE canonical_id NOT IN (SELECT entity FROM edge_entities) "
        "GROUP BY canonical_id",
    ),
    (
        "stubs",  # ends that are no node of their own (not visible, or a relationship)
        "SELECT x.id, min(e.range) AS schema, CAST(NULL AS VARCHAR[]) AS schemata, "
        "CAST([] AS VARCHAR[]) AS datasets, true AS stub "
        "FROM (SELECT source AS id FROM edges UNION SELECT target FROM edges) x "
        "LEFT JOIN ends e ON e.node = x.id WHERE x.id NOT IN (SELECT id FROM entities) "
        "GROUP BY x.id",
    ),
    (
        "nodes",
        "SELECT n.*, c.caption, CAST(row_number() OVER (ORDER BY n.id) - 1 AS BIGINT) AS idx "
        "FROM (SELECT * FROM entities UNION ALL SELECT * FROM stubs) n "
        "LEFT JOIN captions c ON c.id = n.id",
    ),
)
NODES_SQL = "SELECT id, schema, schemata, caption, datasets, stub FROM nodes ORDER BY idx"
EDGES_SQL = (
    "SELECT s.idx AS source_idx, t.idx AS target_idx, e.kind, e.entity, e.statements, "
    "e.datasets, e.start_date, e.end_date, e.detail FROM edges e "
    "JOIN nodes s ON s.id = e.source JOIN nodes t ON t.id = e.target "
    "ORDER BY e.source, e.target, e.kind, e.entity NULLS FIRST"
)


def build_graph(store: Store, reader: Actor) -> igraph.Graph:
    """The network of every entity this reader may see (one audited, purpose-bound read).

    The statements stream from the store into working tables that spill to disk: a national
    region's tens of millions of statements never sit in Python memory."""
    with scratch_connection() as con:
        stream = store.read_statement_batches(
            reader, graph_schemata(), graph_props(), columns=STATEMENT_FIELDS
        )
        create_table(con, "stmts", stream)
        tables = _node_and_edge_tables(con)
    # The working database is gone before igraph gets its share of memory.
    graph = _graph(*tables)
    graph["purpose"] = reader.purpose
    graph["user"] = reader.user
    return graph


def graph_from_statements(table: pa.Table) -> igraph.Graph:
    """A directed multigraph from statement rows (columns as ``read_statement_table``'s).

    Vertices (sorted by id) carry ``name`` (the canonical id), ``schema``, ``caption``,
    ``datasets`` and ``stub``; edges carry ``kind``, ``label``, ``directed``, ``entity`` (the
    relationship entity, None for a property reference), ``evidence`` (the row of the graph's
    ``evidence`` list column that holds the ids of its supporting statements: see
    ``facts.edge_statements``), ``datasets``, ``start``, ``end`` and ``detail``.
    """
    con = working_connection()
    try:
        con.register("stmts", _statement_columns(table))
        tables = _node_and_edge_tables(con)
    finally:
        con.close()
    return _graph(*tables)


def _node_and_edge_tables(
    con: duckdb.DuckDBPyConnection,
) -> tuple[pa.Table, pa.Table, list[str]]:
    """Nodes, edges and datasets of the statements in relation ``stmts`` of ``con``."""
    con.register("roles", prop_roles_table())
    for name, sql in BUILD_STEPS:
        con.execute(f"CREATE TABLE {name} AS {sql}")
    datasets = [
        row[0] for row in con.sql("SELECT DISTINCT dataset FROM stmts ORDER BY 1").fetchall()
    ]
    return con.sql(NODES_SQL).to_arrow_table(), con.sql(EDGES_SQL).to_arrow_table(), datasets


def _graph(nodes: pa.Table, edges: pa.Table, datasets: list[str]) -> igraph.Graph:
    graph = igraph.Graph(n=nodes.num_rows, directed=True)
    _set_vertex_attributes(graph, nodes)
    _add_edges(graph, edges)
    graph["datasets"] = datasets
    return graph


def _statement_columns(table: pa.Table) -> pa.Table:
    """The needed columns as strings (an empty PostgreSQL result has untyped columns)."""
    return pa.table({name: table.column(name).cast(pa.string()) for name in STATEMENT_FIELDS})


def _tuples(column: pa.ChunkedArray) -> list[tuple[str, ...]]:
    """A list column as tuples, read through its flat values and offsets: pyarrow's own
    ``to_pylist`` makes a scalar object per element, many times slower."""
    array = column.combine_chunks()
    values, offsets = array.values.to_pylist(), array.offsets.to_pylist()
    return [tuple(values[a:b]) for a, b in pairwise(offsets)]


def _shared(values: Iterable[T]) -> list[T]:
    """One object per distinct value: a region has millions of edges but a few dozen kinds,
    details and dataset sets, and each copy would cost memory."""
    seen: dict[T, T] = {}
    return [seen.setdefault(value, value) for value in values]


def _set_vertex_attributes(graph: igraph.Graph, nodes: pa.Table) -> None:
    ids = nodes.column("id").to_pylist()
    schemata = nodes.column("schemata").to_pylist()
    merged = {tuple(s): common_schema(s) for s in schemata if s}
    graph.vs["name"] = ids
    graph.vs["schema"] = _shared(
        merged[tuple(many)] if many else one
        for one, many in zip(nodes.column("schema").to_pylist(), schemata, strict=True)
    )
    graph.vs["caption"] = [
        caption if caption is not None else node_id
        for caption, node_id in zip(nodes.column("caption").to_pylist(), ids, strict=True)
    ]
    graph.vs["datasets"] = _shared(_tuples(nodes.column("datasets")))
    graph.vs["stub"] = nodes.column("stub").to_pylist()


def _add_edges(graph: igraph.Graph, edges: pa.Table) -> None:
    # As one integer array: tens of millions of Python (source, target) tuples cost gigabytes.
    pairs = np.column_stack(
        [edges.column(end).to_numpy().astype(np.int64) for end in ("source_idx", "target_idx")]
    )
    kinds = _shared(edges.column("kind").to_pylist())
    labels = {kind: edge_label(kind) for kind in set(kinds)}
    directed = {kind: is_directed(kind) for kind in set(kinds)}
    attributes: dict[str, list[Any]] = {
        "kind": kinds,
        "label": [labels[kind] for kind in kinds],
        "directed": [directed[kind] for kind in kinds],
        "entity": edges.column("entity").to_pylist(),
        # Statement ids stay in one Arrow column: tens of millions of them as Python strings
        # would cost about 90 bytes each. Subgraphs share the column and keep the row numbers.
        "evidence": list(range(edges.num_rows)),
        "datasets": _shared(_tuples(edges.column("datasets"))),
        "start": _shared(edges.column("start_date").to_pylist()),
        "end": _shared(edges.column("end_date").to_pylist()),
        "detail": _shared(edges.column("detail").to_pylist()),
    }
    graph.add_edges(pairs, attributes=attributes)
    graph["evidence"] = edges.column("statements").combine_chunks()
