"""The mapping compiled for speed: every distinct value cleaned once, statements hashed directly.

A region's deliveries repeat most of their values: dates, postcodes, places, first names, the
same KvK number on many rows. The row-by-row ``Mapper`` transformed, validated (python-stdnum)
and FtM-cleaned every cell again; ``CompiledMapper`` does each distinct value once per column
and keeps the result in a bounded cache, reads each property's source columns from a plan made
once per mapping instead of through FtM's generic property mapping, and hashes statement ids
itself (FtM's own key: SHA-1 of ``dataset.entity.prop.value``). What it writes is exactly what
``Mapper`` writes, statement for statement and quarantine record for quarantine record
(``tests/ingest/test_compiled.py``, on the whole synthetic region and the hostile corpus).
"""

import gc
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha1
from typing import Generic, TypeVar

import pyarrow as pa
from followthemoney.mapping.property import PropertyMapping
from followthemoney.property import Property
from followthemoney.schema import Schema
from followthemoney.types import registry
from followthemoney.util import sanitize_text

from verweven.ingest.mapper import MappedRecord, Mapper, ValueProblem
from verweven.ingest.mapping import ID_PREFIX, ColumnSpec, MappingFile
from verweven.ingest.rows import Row
from verweven.model import BASE_ID, StatementRow
from verweven.settings import get_settings

K = TypeVar("K")
V = TypeVar("V")
CACHE_LIMIT = 100_000  # distinct values per cache; a column of unique ids must not grow memory


class BoundedCache(Generic[K, V]):
    """A dict of computed results that starts afresh when full: cheap to look up, bounded in
    memory, and a column whose values never repeat (record ids) costs one dict insert each."""

    def __init__(self, compute: Callable[[K], V], limit: int | None = None) -> None:
        self.compute = compute
        self.limit = CACHE_LIMIT if limit is None else limit
        self.values: dict[K, V] = {}

    def get(self, key: K) -> V:
        try:
            return self.values[key]
        except KeyError:
            pass
        if len(self.values) >= self.limit:
            self.values = {}
        value = self.values[key] = self.compute(key)
        return value


class Made:
    """An entity made from one row: the part of FtM's ``ValueEntity`` that mapping uses
    (values in order, each once; FtM's cap on a type's total size), without its overhead."""

    __slots__ = ("id", "properties", "schema", "size")

    def __init__(self, schema: Schema) -> None:
        self.id: str | None = None
        self.schema = schema
        self.properties: dict[str, list[str]] = {}
        self.size = 0

    def add(self, prop: Property, value: str | None) -> str | None:
        """Add a cleaned value as ``EntityProxy.unsafe_add`` does; None if it was refused."""
        if value is None:
            return None
        total = prop.type.total_size
        if total is not None and self.size + len(value) > total:
            return None
        self.size += len(value)
        values = self.properties.setdefault(prop.name, [])
        if value not in values:
            values.append(value)
        return value

    def names(self) -> set[str]:
        """Every value of a name-typed property (FtM's ``get_type_values(registry.name)``)."""
        props = self.schema.properties
        return {
            value
            for name, values in self.properties.items()
            if props[name].type is registry.name
            for value in values
        }


class Cleaner:
    """FtM's cleaning of a property's values (``PropertyType.clean_text``), each distinct value
    once. The entity type alone looks at the entity it cleans for, and only at its id, which
    mapping sets after the values: so no value's cleaning depends on its row."""

    def __init__(self, prop: Property, fuzzy: bool = False, format: str | None = None) -> None:
        self.prop = prop
        self.cache: BoundedCache[str, str | None] = BoundedCache(
            lambda value: prop.type.clean_text(value, fuzzy=fuzzy, format=format or prop.format)
        )


@dataclass(frozen=True)
class PropertyPlan:
    """One property of an entity mapping, read as FtM's ``PropertyMapping.map`` reads it."""

    prop: Property
    refs: tuple[str, ...]
    literals: tuple[str, ...]
    template: str | None
    replacements: tuple[tuple[str, str], ...]
    join: str | None
    split: str | None
    entity: str | None
    required: bool
    cleaner: Cleaner
    mentioned: "Cleaner | None"

    @classmethod
    def of(cls, mapping: PropertyMapping, schema: Schema) -> "PropertyPlan":
        return cls(
            mapping.prop,
            tuple(mapping.refs),
            tuple(mapping.literals),
            mapping.template,
            tuple(mapping.replacements.items()),
            mapping.join,
            mapping.split,
            mapping.entity,
            mapping.required,
            Cleaner(mapping.prop, mapping.fuzzy, mapping.format),
            names_mentioned(schema) if mapping.entity else None,
        )

    def values(self, record: dict[str, str]) -> list[str]:
        """The raw values of this property in ``record`` (FtM's ``record_values``, joined and
        split)."""
        if self.template is not None:
            text = self.template
            for placeholder, ref in self.replacements:
                text = text.replace(placeholder, record.get(ref) or "")
            values = [text.strip()]
        else:
            values = list(self.literals)
            for ref in self.refs:
                found = record.get(ref)
                if found is not None:
                    values.append(found)
        if self.join is not None:
            values = [self.join.join(values)]
        if self.split is not None:
            values = [part for value in values for part in value.split(self.split)]
        return values

    def map(self, entity: Made, record: dict[str, str], made: dict[str, Made]) -> list[str]:
        """Add this property's values to ``entity`` as FtM's ``PropertyMapping.map`` does;
        return those FtM could not clean."""
        if self.entity is not None:
            referenced = made.get(self.entity)
            if referenced is not None:
                entity.add(self.prop, referenced.id)
                self.add_names(entity, referenced)
            return []
        discarded = []
        clean = self.cleaner.cache.get
        for value in self.values(record):
            if entity.add(self.prop, clean(value)) is None:
                discarded.append(value)
        return discarded

    def add_names(self, entity: Made, referenced: Made) -> None:
        """FtM's ``inline_names``: the referenced entity's names as names mentioned."""
        if self.mentioned is None:
            return
        prop = self.mentioned.prop
        for name in referenced.names():
            text = sanitize_text(name)
            if text:
                entity.add(prop, self.mentioned.cache.get(text))


def names_mentioned(schema: Schema) -> Cleaner | None:
    """The cleaner of a schema's ``namesMentioned`` property, if it has one."""
    prop = schema.get("namesMentioned")
    return None if prop is None else Cleaner(prop)


class CompiledMapper(Mapper):
    """A ``Mapper`` that does each distinct value's work once (see the module's docstring)."""

    def __init__(self, mapping: MappingFile) -> None:
        super().__init__(mapping)
        self.plans = {
            entity.name: [PropertyPlan.of(prop, entity.schema) for prop in entity.properties]
            for entity in self.query.entities
        }
        self.cleaned: dict[int, BoundedCache[str, tuple[str, str | None]]] = {}

    def map_chunk(self, rows: list[Row]) -> tuple[list[MappedRecord], pa.Table]:
        """Map a chunk with the cyclic garbage collector paused: mapping makes hundreds of
        thousands of small tuples and dicts without cycles (reference counting frees them), and
        collections triggered by their number cost a quarter of the mapping's time."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return super().map_chunk(rows)
        finally:
            if enabled:
                gc.enable()

    def clean(self, column: str, value: str, spec: ColumnSpec, result: MappedRecord) -> str:
        cache = self.cleaned.get(id(spec))
        if cache is None:
            cache = self.cleaned[id(spec)] = BoundedCache(lambda v: self.clean_value(v, spec))
        cleaned, problem = cache.get(value)
        if problem is not None:
            result.problems.append(ValueProblem(column, value, problem))
        return cleaned

    def statements_of(
        self, values: dict[str, str], result: MappedRecord, raw: dict[str, str]
    ) -> list[StatementRow]:
        statements: list[StatementRow] = []
        for name, entity in self.make_entities(values, result).items():
            self.add_statements(statements, name, entity, raw)
        return statements

    def make_entities(self, values: dict[str, str], result: MappedRecord) -> dict[str, Made]:
        """The entities of one row, as ``Mapper.map_entities`` makes them."""
        made: dict[str, Made] = {}
        for entity in self.query.entities:
            entity_id = values.get(f"{ID_PREFIX}{entity.name}")
            if entity_id is None:
                continue  # no key values, or its `when` does not hold for this row
            proxy = Made(entity.schema)
            plans = self.plans[entity.name]
            for plan in plans:
                for value in plan.map(proxy, values, made):
                    if not value.strip():
                        continue
                    reason = f"expected a valid {plan.prop.type.name} for {plan.prop.name}"
                    result.problems.append(ValueProblem(",".join(plan.refs), value, reason))
            proxy.id = entity_id
            if not any(p.required and p.prop.name not in proxy.properties for p in plans):
                made[entity.name] = proxy
                alias = self.rules[entity.name].id_as
                if alias is not None and "." not in alias:
                    made.setdefault(alias, proxy)
        return made

    def add_statements(
        self, statements: list[StatementRow], name: str, entity: Made, raw: dict[str, str]
    ) -> None:
        """The id statement and one per value, with the raw cell as original value."""
        dataset, entity_id, schema = self.dataset, entity.id, entity.schema.name
        assert entity_id is not None
        prefix = f"{dataset}.{entity_id}."
        base = statement_id(prefix, BASE_ID, entity_id)
        statements.append((base, entity_id, schema, BASE_ID, BASE_ID, entity_id, None))
        props = entity.schema.properties
        for prop_name, values in entity.properties.items():
            prop_type = props[prop_name].type.name
            column = self.single_columns.get((name, prop_name))
            original = raw.get(column) if column else None
            for value in values:
                kept = original if original and original != value else None
                statements.append(
                    (
                        statement_id(prefix, prop_name, value),
                        entity_id,
                        schema,
                        prop_name,
                        prop_type,
                        value,
                        kept,
                    )
                )


def statement_id(prefix: str, prop: str, value: str) -> str:
    """FtM's statement key (``Statement.make_key``, not external, no language) of a value of
    the entity that ``prefix`` (``dataset.entity_id.``) names."""
    return sha1(f"{prefix}{prop}.{value}".encode()).hexdigest()


def make_mapper(mapping: MappingFile) -> Mapper:
    """The mapper the settings choose: compiled, or row by row (``ingest_row_by_row``)."""
    return Mapper(mapping) if get_settings().ingest_row_by_row else CompiledMapper(mapping)
