"""Write a network out: GEXF (Gephi), Cypher (Neo4j) and FollowTheMoney JSON lines.

Every writer streams, node by node and edge by edge, so a region's network never exists twice
in memory. Output order is the network's (nodes by id, edges by source, target and kind), so
the same network always gives the same file.
"""

import json
import re
from collections.abc import Callable
from typing import Any, TextIO
from xml.sax.saxutils import escape

import igraph

from verweven.access import Actor
from verweven.graph.facts import every_edge_statements
from verweven.store import Store

GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"
NODE_ATTRIBUTES = ("schema", "datasets", "stub")
EDGE_ATTRIBUTES = ("kind", "entity", "statements", "datasets", "start", "end", "detail")
UNIQUE_ATTRIBUTES = frozenset({"name", "caption", "statements", "entity"})  # no memo for these

# A quoted XML attribute: markup escaped, whitespace kept as character references, and the
# control characters XML 1.0 does not allow even escaped dropped. One str.translate: fast.
_XML_ESCAPES: dict[int, str | None] = {
    **dict.fromkeys([*range(0x20), 0xFFFE, 0xFFFF]),
    **{ord(c): f"&#{ord(c)};" for c in "\t\n\r"},
    **{ord(c): f"&{name};" for c, name in zip('&<>"', ("amp", "lt", "gt", "quot"), strict=True)},
}
_XML_ATTRIBUTE = str.maketrans(_XML_ESCAPES)
# A Cypher string literal's escapes; other control characters as \uXXXX.
_CYPHER_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04x}" for c in range(0x20)},
    **{ord(c): "\\" + e for c, e in zip("\\'\n\r\t", "\\'nrt", strict=True)},
}
_CYPHER_STRING = str.maketrans(_CYPHER_ESCAPES)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def write_gexf(graph: igraph.Graph, out: TextIO) -> None:
    """GEXF 1.2 (static, directed; undirected FtM relationships say so per edge), as Gephi
    reads it. Lists (datasets, statement ids) are joined with ``|``."""
    description = f"verweven network, purpose {_graph_value(graph, 'purpose')}"
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.2">\n')
    out.write(
        f"  <meta>\n    <creator>verweven</creator>\n"
        f"    <description>{escape(description)}</description>\n  </meta>\n"
    )
    out.write('  <graph mode="static" defaultedgetype="directed">\n')
    for element, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        out.write(f'    <attributes class="{element}" mode="static">\n')
        for name in attributes:
            kind = "boolean" if name == "stub" else "string"
            out.write(f'      <attribute id="{name}" title="{name}" type="{kind}"/>\n')
        out.write("    </attributes>\n")
    _write_gexf_nodes(graph, out)
    _write_gexf_edges(graph, out)
    out.write("  </graph>\n</gexf>\n")


def _write_gexf_nodes(graph: igraph.Graph, out: TextIO) -> None:
    ids, labels = _column(graph.vs, "name", _attr), _column(graph.vs, "caption", _attr)
    out.write("    <nodes>\n")
    for node_id, label, values in zip(
        ids, labels, _attvalues(graph.vs, NODE_ATTRIBUTES), strict=True
    ):
        out.write(f"      <node id={node_id} label={label}>{values}</node>\n")
    out.write("    </nodes>\n")


def _write_gexf_edges(graph: igraph.Graph, out: TextIO) -> None:
    names = _column(graph.vs, "name", _attr)
    kinds = _column(graph.es, "directed", lambda d: '"directed"' if d else '"undirected"')
    labels = _column(graph.es, "label", _attr)
    values = _attvalues(graph.es, EDGE_ATTRIBUTES)
    out.write("    <edges>\n")
    rows = zip(graph.get_edgelist(), kinds, labels, values, strict=True)
    for index, ((source, target), kind, label, attvalues) in enumerate(rows):
        out.write(
            f'      <edge id="{index}" source={names[source]} target={names[target]} '
            f"type={kind} label={label}>{attvalues}</edge>\n"
        )
    out.write("    </edges>\n")


def _column(
    sequence: igraph.VertexSeq | igraph.EdgeSeq, name: str, render: Callable[[Any], str]
) -> list[str]:
    """One attribute of every vertex or edge, rendered; a value met before is rendered once
    (kinds, datasets, details repeat millions of times)."""
    if not len(sequence):
        values = []
    elif name == "statements":  # kept in one Arrow column, not as an attribute
        values = every_edge_statements(sequence.graph)
    else:
        values = sequence[name]
    if name in UNIQUE_ATTRIBUTES:
        return [render(value) for value in values]
    memo: dict[Any, str] = {}
    return [memo[v] if v in memo else memo.setdefault(v, render(v)) for v in values]


def _attvalues(sequence: igraph.VertexSeq | igraph.EdgeSeq, names: tuple[str, ...]) -> list[str]:
    """The ``<attvalues>`` element of every vertex or edge (none when it has no values)."""

    def renderer(name: str) -> Callable[[Any], str]:
        def render(value: Any) -> str:
            if value is None or value == ():
                return ""
            return f'<attvalue for="{name}" value={_attr(value)}/>'

        return render

    columns = [_column(sequence, name, renderer(name)) for name in names]
    return (
        [
            f"<attvalues>{joined}</attvalues>" if (joined := "".join(parts)) else ""
            for parts in zip(*columns, strict=True)
        ]
        if columns and len(sequence)
        else [""] * len(sequence)
    )


def _graph_value(graph: igraph.Graph, name: str) -> str:
    return str(graph[name]) if name in graph.attributes() else "unknown"


def _attr(value: Any) -> str:
    """A quoted XML attribute value."""
    return '"' + _text(value).translate(_XML_ATTRIBUTE) + '"'


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "|".join(str(item) for item in value)
    return str(value)


def write_cypher(graph: igraph.Graph, out: TextIO) -> None:
    """Cypher for Neo4j: a uniqueness constraint, one CREATE per node (labels ``Entity`` and its
    schema) and one MATCH … CREATE per edge (type from its kind: Ownership → OWNERSHIP,
    Thing:addressEntity → ADDRESS_ENTITY), every property with its statements and datasets."""
    out.write(
        f"// verweven network, purpose {_graph_value(graph, 'purpose')}: "
        f"{graph.vcount()} nodes, {graph.ecount()} edges\n"
        "CREATE CONSTRAINT verweven_entity_id IF NOT EXISTS "
        "FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n"
    )
    node_keys = ("id", "caption", *NODE_ATTRIBUTES)
    schemata = _column(graph.vs, "schema", cypher_name)
    columns = [_column(graph.vs, name, cypher_value) for name in ("name", *node_keys[1:])]
    for schema, *values in zip(schemata, *columns, strict=True):
        out.write(f"CREATE (:Entity:{schema} {_cypher_map(node_keys, values)});\n")
    names = _column(graph.vs, "name", cypher_value)
    types = _column(graph.es, "kind", lambda kind: cypher_name(relationship_type(kind)))
    edge_keys = ("label", *EDGE_ATTRIBUTES)
    columns = [_column(graph.es, name, cypher_value) for name in edge_keys]
    for (source, target), kind, *values in zip(graph.get_edgelist(), types, *columns, strict=True):
        out.write(
            f"MATCH (a:Entity {{id: {names[source]}}}), (b:Entity {{id: {names[target]}}}) "
            f"CREATE (a)-[:{kind} {_cypher_map(edge_keys, values)}]->(b);\n"
        )


def _cypher_map(keys: tuple[str, ...], literals: list[str]) -> str:
    """A Cypher map of the keys whose literal is not null."""
    items = [f"{cypher_name(k)}: {v}" for k, v in zip(keys, literals, strict=True) if v != "null"]
    return "{" + ", ".join(items) + "}"


def relationship_type(kind: str) -> str:
    """A Neo4j relationship type for an edge kind: OWNERSHIP, ADDRESS_ENTITY, ..."""
    name = kind.rsplit(":", 1)[-1]
    return _CAMEL.sub("_", name).upper()


def cypher_name(name: str) -> str:
    """A label or relationship type, backtick-quoted (a backtick inside is doubled)."""
    return "`" + name.replace("`", "``") + "`"


def cypher_value(value: Any) -> str:
    """A Cypher literal: quoted, escaped string; list; boolean; null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(cypher_value(item) for item in value) + "]"
    return "'" + str(value).translate(_CYPHER_STRING) + "'"


def write_ftm(
    graph: igraph.Graph, store: Store, reader: Actor, out: TextIO, destination: str
) -> int:
    """The network's node and relationship entities as FtM JSON lines, by id: an export to
    ``destination`` that the store allows and audits before the first line, assembled from the
    statements this reader may export. Returns how many were written; stubs have no entity."""
    stubs = graph.vs["stub"] if graph.vcount() else []
    nodes = [name for name, stub in zip(graph.vs["name"], stubs, strict=True) if not stub]
    relationships = [e for e in graph.es["entity"] if e is not None] if graph.ecount() else []
    count = 0
    for entity in store.export_entities(reader, destination, entity_ids=[*nodes, *relationships]):
        out.write(json.dumps(entity.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
        count += 1
    return count
