"""Write a network out: GEXF (Gephi), Cypher (Neo4j) and FollowTheMoney JSON lines.

Every writer streams, node by node and edge by edge, so a region's network never exists twice
in memory. Output order is the network's (nodes by id, edges by source, target and kind), so
the same network always gives the same file.
"""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO
from xml.sax.saxutils import escape

import igraph

from verweven.access import Reader
from verweven.store import Store

GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"
NODE_ATTRIBUTES = ("schema", "datasets", "stub")
EDGE_ATTRIBUTES = ("kind", "entity", "statements", "datasets", "start", "end", "detail")
FTM_CHUNK = 5_000

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
    for kind, names in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        out.write(f'    <attributes class="{kind}" mode="static">\n')
        for name in names:
            kind_type = "boolean" if name == "stub" else "string"
            out.write(f'      <attribute id="{name}" title="{name}" type="{kind_type}"/>\n')
        out.write("    </attributes>\n")
    out.write("    <nodes>\n")
    for node in _rows(graph.vs, ("name", "caption", *NODE_ATTRIBUTES)):
        out.write(
            f"      <node id={_attr(node['name'])} label={_attr(node['caption'])}>"
            f"{_attvalues(node, NODE_ATTRIBUTES)}</node>\n"
        )
    out.write("    </nodes>\n    <edges>\n")
    names = graph.vs["name"]
    ends = graph.get_edgelist()
    for index, edge in enumerate(_rows(graph.es, ("label", "directed", *EDGE_ATTRIBUTES))):
        source, target = ends[index]
        kind = "directed" if edge["directed"] else "undirected"
        out.write(
            f'      <edge id="{index}" source={_attr(names[source])} '
            f'target={_attr(names[target])} type="{kind}" label={_attr(edge["label"])}>'
            f"{_attvalues(edge, EDGE_ATTRIBUTES)}</edge>\n"
        )
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def _rows(
    sequence: igraph.VertexSeq | igraph.EdgeSeq, names: tuple[str, ...]
) -> Iterator[dict[str, Any]]:
    """Vertices or edges as dicts of the named attributes (read column-wise: fast)."""
    columns = [sequence[name] if len(sequence) else [] for name in names]
    for values in zip(*columns, strict=True):
        yield dict(zip(names, values, strict=True))


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


def _attvalues(element: dict[str, Any], names: Iterable[str]) -> str:
    values = [
        f'<attvalue for="{name}" value={_attr(element[name])}/>'
        for name in names
        if element[name] is not None and element[name] != ()
    ]
    return f"<attvalues>{''.join(values)}</attvalues>" if values else ""


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
    for node in _rows(graph.vs, ("name", "caption", *NODE_ATTRIBUTES)):
        props = {"id": node.pop("name"), **node}
        out.write(f"CREATE (:Entity:{cypher_name(node['schema'])} {cypher_map(props)});\n")
    names = graph.vs["name"]
    ends = graph.get_edgelist()
    for index, edge in enumerate(_rows(graph.es, ("label", *EDGE_ATTRIBUTES))):
        source, target = ends[index]
        out.write(
            f"MATCH (a:Entity {{id: {cypher_value(names[source])}}}), "
            f"(b:Entity {{id: {cypher_value(names[target])}}}) "
            f"CREATE (a)-[:{cypher_name(relationship_type(edge['kind']))} "
            f"{cypher_map(edge)}]->(b);\n"
        )


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


def cypher_map(props: dict[str, Any]) -> str:
    """A Cypher map of the properties that have a value."""
    items = [
        f"{cypher_name(key)}: {cypher_value(value)}"
        for key, value in props.items()
        if value is not None
    ]
    return "{" + ", ".join(items) + "}"


def write_ftm(graph: igraph.Graph, store: Store, reader: Reader, out: TextIO) -> int:
    """The network's node and relationship entities as FtM JSON lines (as this reader sees
    them, with their datasets), by id; returns how many were written. Stubs have no entity."""
    count = 0
    for entity in _iter_entities(graph, store, reader):
        out.write(json.dumps(entity, sort_keys=True, ensure_ascii=False) + "\n")
        count += 1
    return count


def _iter_entities(graph: igraph.Graph, store: Store, reader: Reader) -> Iterator[dict[str, Any]]:
    stubs = graph.vs["stub"] if graph.vcount() else []
    nodes = [name for name, stub in zip(graph.vs["name"], stubs, strict=True) if not stub]
    relationships = [e for e in graph.es["entity"] if e is not None] if graph.ecount() else []
    ids = sorted({*nodes, *relationships})
    for start in range(0, len(ids), FTM_CHUNK):
        for entity in store.get_entities(reader, ids[start : start + FTM_CHUNK]):
            yield entity.to_dict()
