"""How FollowTheMoney's model turns statements into nodes and edges: data, not per-schema code.

Every (schema, property) pair that matters to the graph gets a *role*:

- ``source`` / ``target``: the endpoints of a relationship schema (``schema.edge_source`` and
  ``schema.edge_target``: Ownership owner→asset, Directorship director→organization, ...);
- ``ref``: any other entity-typed property (Person.addressEntity, Vehicle.owner, ...): an edge
  from the entity that holds it to the entity it names;
- ``start`` / ``end``: a relationship's dates (``schema.temporal_start_props`` / ``_end_props``);
- ``detail``: what qualifies a relationship (role, percentage, amount, relationship, ...);
- ``caption``: the properties a node's caption comes from (``schema.caption``), by rank.
"""

from dataclasses import dataclass
from functools import cache

import pyarrow as pa
from followthemoney import model
from followthemoney.property import Property
from followthemoney.schema import Schema
from followthemoney.types import registry

from verweven.model import BASE_ID

ROLE_COLUMNS = ("schema", "prop", "role", "rank", "kind", "qname", "label", "range")


@dataclass(frozen=True)
class PropRole:
    """What one property of one schema means for the graph."""

    schema: str
    prop: str
    role: str
    rank: int
    kind: str  # edge kind: the schema name of a relationship, the property qname of a reference
    qname: str  # the property's qualified name: the edge kind when the property is a reference
    label: str  # how a qualifier reads to a person (e.g. "role", "percentage held")
    range: str  # the schema an entity-typed property points at


def _entity_props(schema: Schema) -> list[Property]:
    return [p for p in schema.sorted_properties if p.type == registry.entity and not p.stub]


def _endpoint_roles(schema: Schema) -> list[PropRole]:
    roles = []
    for prop in _entity_props(schema):
        role = {schema.edge_source: "source", schema.edge_target: "target"}.get(prop.name, "ref")
        kind = schema.name if schema.edge and role != "ref" else prop.qname
        role = role if schema.edge else "ref"
        range_ = prop.range.name if prop.range is not None else "Thing"
        roles.append(PropRole(schema.name, prop.name, role, 0, kind, prop.qname, "", range_))
    return roles


def _detail_props(schema: Schema) -> list[Property]:
    """What qualifies a relationship: its edge caption and featured values, minus dates and
    endpoints (e.g. Ownership: role, percentage; UnknownLink: role; Payment: amount, purpose)."""
    temporal = {p.name for p in (*schema.temporal_start_props, *schema.temporal_end_props)}
    names = [*schema.featured, *schema.edge_caption]
    props = [schema.get(name) for name in dict.fromkeys(names)]
    return [
        p for p in props if p is not None and p.type != registry.entity and p.name not in temporal
    ]


def _relationship_roles(schema: Schema) -> list[PropRole]:
    if not schema.edge:
        return []
    roles = []
    for role, props in (
        ("start", schema.temporal_start_props),
        ("end", schema.temporal_end_props),
        ("detail", _detail_props(schema)),
    ):
        for rank, prop in enumerate(props):
            label = prop.label.lower()
            roles.append(PropRole(schema.name, prop.name, role, rank, "", prop.qname, label, ""))
    return roles


def _caption_roles(schema: Schema) -> list[PropRole]:
    return [
        PropRole(schema.name, name, "caption", rank, "", f"{schema.name}:{name}", "", "")
        for rank, name in enumerate(schema.caption)
        if schema.get(name) is not None
    ]


@cache
def prop_roles() -> tuple[PropRole, ...]:
    """Every graph role of every schema of the FtM model, in a stable order."""
    roles: list[PropRole] = []
    for schema in sorted(model.schemata.values(), key=lambda s: s.name):
        roles += _endpoint_roles(schema) + _relationship_roles(schema) + _caption_roles(schema)
    return tuple(roles)


def prop_roles_table() -> pa.Table:
    """The roles as an Arrow table, to join statements with."""
    roles = prop_roles()
    columns = {name: [getattr(r, name) for r in roles] for name in ROLE_COLUMNS}
    return pa.table(columns)


@cache
def graph_props() -> tuple[str, ...]:
    """The property names a graph needs from the store (plus the id statement)."""
    return tuple(sorted({BASE_ID, *(r.prop for r in prop_roles())}))


@cache
def graph_schemata() -> tuple[str, ...]:
    """Every schema a graph is built from: all of FtM's (entities of any kind are nodes)."""
    return tuple(sorted(model.schemata))


@cache
def edge_label(kind: str) -> str:
    """The reading of an edge kind: a relationship schema's edge label or a property's label."""
    schema = model.get(kind)
    if schema is not None:
        return str(schema.edge_label or schema.label)
    prop = model.get_qname(kind)
    return str(prop.label) if prop is not None else kind


@cache
def is_directed(kind: str) -> bool:
    """Whether an edge kind reads one way (owns) or both ways (related to, linked to)."""
    schema = model.get(kind)
    return bool(schema.edge_directed) if schema is not None else True


def common_schema(names: list[str]) -> str:
    """The most specific schema of a canonical entity whose records have these schemata."""
    ordered = sorted(set(names))
    result = ordered[0]
    for name in ordered[1:]:
        try:
            result = model.common_schema(result, name).name
        except Exception:  # incompatible schemata: keep the first, the merge is someone's error
            continue
    return result
