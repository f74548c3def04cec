"""Entities as a reader sees them: search, and one entity with the provenance of every value.

Both the API and ``verweven entity show`` call these; each is one or two audited store reads.
"""

import hashlib
from collections.abc import Iterable

from followthemoney.statement import StatementEntity
from pydantic import BaseModel, Field

from verweven.access import Actor
from verweven.model import BASE_ID, Dataset, Statement, assemble_entity
from verweven.services.pages import DEFAULT_LIMIT, Page
from verweven.store import Store


class EntitySummary(BaseModel):
    """An entity in a list: its id, schema, caption and the deliveries it was assembled from."""

    id: str = Field(examples=["gemeente_tilburg.brp.000123"])
    schema_: str = Field(alias="schema", examples=["Person"])
    caption: str = Field(examples=["Jan Jansen"])
    datasets: list[str] = Field(examples=[["brp_personen", "kvk_functionarissen"]])

    model_config = {"populate_by_name": True}


class ValueView(BaseModel):
    """One value with its provenance: where it came from and under which legal basis."""

    prop: str = Field(examples=["birthDate"])
    label: str = Field(examples=["Birth date"])
    value: str = Field(examples=["1971-04-02"])
    original_value: str | None = Field(default=None, examples=["02-04-1971"])
    record: str = Field(description="the partner's record (entity id) the value belongs to")
    statement: str = Field(description="the statement id, the evidence other reads cite")
    dataset: str = Field(examples=["brp_personen"])
    partner: str = Field(examples=["gemeente_tilburg"])
    legal_basis: str = Field(examples=["art. 2:7 WGS"])
    sensitivity: str = Field(examples=["confidential"])
    first_seen: str | None = None
    last_seen: str | None = None


class EntityView(EntitySummary):
    """One entity as this reader may see it, every value with its provenance."""

    records: list[str] = Field(description="the partners' records resolved into this entity")
    values: list[ValueView]


def summarise(entity: StatementEntity) -> EntitySummary:
    """The list form of an assembled entity."""
    return EntitySummary(
        id=str(entity.id),
        schema=entity.schema.name,
        caption=entity.caption,
        datasets=sorted(entity.datasets),
    )


def search_entities(
    store: Store,
    reader: Actor,
    value: str,
    prop: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[EntitySummary]:
    """Entities with this exact value (in ``prop``, if given), by id; only the page shown is
    assembled (a second audited read, of exactly the entities on it)."""
    found = store.find_entities(reader, value, prop)
    shown = found[offset : offset + limit]
    entities = store.get_entities(reader, shown) if shown else []
    return Page[EntitySummary](
        items=[summarise(e) for e in entities], total=len(found), limit=limit, offset=offset
    )


def read_entity(store: Store, reader: Actor, entity_id: str) -> EntityView:
    """One entity with every visible value and its source (one audited read of its
    statements; NotFoundError when none is visible for this purpose and case)."""
    statements = store.get_statements(reader, entity_id)
    if not statements:
        store.get_entity(reader, entity_id)  # the store's own "not visible" error, audited
    registry = {d.name: d for d in store.list_datasets(reader)}
    return entity_view(assemble_entity(statements), statements, registry)


def entity_view(
    entity: StatementEntity, statements: Iterable[Statement], registry: dict[str, Dataset]
) -> EntityView:
    """The view of an assembled entity from its statements and the registry."""
    values = [
        _value(stmt, entity, registry[stmt.dataset])
        for stmt in sorted(statements, key=lambda s: (s.prop, s.value, s.dataset, s.entity_id))
        if stmt.prop != BASE_ID
    ]
    summary = summarise(entity)
    return EntityView(
        **summary.model_dump(by_alias=True),
        records=sorted({s.entity_id for s in statements}),
        values=values,
    )


def _value(stmt: Statement, entity: StatementEntity, dataset: Dataset) -> ValueView:
    prop = entity.schema.get(stmt.prop)
    return ValueView(
        prop=stmt.prop,
        label=prop.label if prop is not None else stmt.prop,
        value=stmt.value,
        original_value=stmt.original_value,
        record=stmt.entity_id,
        statement=str(stmt.id),
        dataset=stmt.dataset,
        partner=dataset.partner,
        legal_basis=dataset.legal_basis.article,
        sensitivity=dataset.sensitivity.value,
        first_seen=_text(stmt.first_seen),
        last_seen=_text(stmt.last_seen),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def entity_etag(view: EntityView) -> str:
    """A strong validator of what this reader sees of the entity: a different purpose, case
    or delivery gives a different tag."""
    digest = hashlib.sha256(view.model_dump_json(by_alias=True).encode("utf-8")).hexdigest()
    return f'"{digest[:32]}"'
