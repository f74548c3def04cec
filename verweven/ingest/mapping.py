"""Mapping files: how one kind of partner delivery becomes entities with provenance.

A mapping file is YAML with four parts: ``dataset`` (the registry entry: partner, legal basis,
purposes, retention, sensitivity), ``source`` (where and how to read the delivery), ``columns``
and ``derive`` (validation and clean-up per column), and ``entities`` — FollowTheMoney's own
mapping format (schema, keys, properties from columns, references between entities). See
docs/ingest.md.
"""

import codecs
from pathlib import Path
from typing import Any, Literal

import yaml
from followthemoney import model as ftm_model
from followthemoney.exc import InvalidMapping
from followthemoney.mapping import QueryMapping
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from verweven.errors import InputError
from verweven.ingest.transforms import TRANSFORMS
from verweven.ingest.validate import VALIDATORS
from verweven.model import Dataset


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SourceSpec(Strict):
    """Where the delivery is and how to read it."""

    path: str = Field(description="File or glob, relative to the mapping file.")
    format: Literal["csv", "xlsx", "jsonl"]
    delimiter: str = Field(default=";", min_length=1, max_length=1)
    encoding: str = "utf-8"
    sheet: str | None = None
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    decimal: Literal[".", ","] = "."
    explode: str | None = Field(
        default=None, description="JSON lines: one record per element of this list field."
    )
    whitespace: Literal["normalise", "keep"] = Field(
        default="normalise",
        description="normalise: trim every cell and make runs of whitespace one space.",
    )

    @field_validator("encoding")
    @classmethod
    def known_encoding(cls, value: str) -> str:
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r} (e.g. utf-8, cp1252)") from None
        return value


class ColumnSpec(Strict):
    """Clean-up and validation of one source column, in that order."""

    transform: tuple[str, ...] = ()
    validate_as: str | None = Field(default=None, alias="validate")
    required: bool = False

    @field_validator("transform", mode="before")
    @classmethod
    def one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("transform")
    @classmethod
    def known_transforms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in value if name not in TRANSFORMS]
        if unknown:
            raise ValueError(f"unknown transform {unknown}; expected one of {sorted(TRANSFORMS)}")
        return value

    @field_validator("validate_as")
    @classmethod
    def known_validator(cls, value: str | None) -> str | None:
        if value is not None and value not in VALIDATORS:
            raise ValueError(f"unknown validator {value!r}; expected one of {sorted(VALIDATORS)}")
        return value


class DerivedSpec(ColumnSpec):
    """A new column computed from an existing one (e.g. the addition split off a number)."""

    source: str = Field(alias="from")


class MappingFile(Strict):
    """One mapping file, validated."""

    dataset: Dataset
    source: SourceSpec
    record_id: str = Field(description="The column with the partner's own record id.")
    columns: dict[str, ColumnSpec] = {}
    derive: dict[str, DerivedSpec] = {}
    entities: dict[str, dict[str, Any]]
    path: Path = Path()

    def query_mapping(self) -> "EntitiesOnly":
        """FtM's mapping engine for the entities part; ids come from readable id columns."""
        return EntitiesOnly(id_column_entities(self.entities))

    def source_columns(self) -> set[str]:
        """Columns the delivery itself must have (derived and id columns are computed)."""
        referenced = set(self.query_mapping().refs) | set(self.columns) | {self.record_id}
        referenced |= {spec.source for spec in self.derive.values()}
        for rule in entity_rules(self.entities).values():
            referenced |= set(rule.keys) | set(rule.when)
        return {c for c in referenced if c not in self.derive and not c.startswith(ID_PREFIX)}

    def source_paths(self, base: Path | None = None) -> list[Path]:
        """The delivery files this mapping reads (sorted, so runs are reproducible), relative to
        ``base`` or else to the mapping file's folder."""
        base = base or self.path.parent
        pattern = self.source.path
        if any(ch in pattern for ch in "*?["):
            return sorted(base.glob(pattern))
        return [base / pattern]


ID_PREFIX = "__id__"


class EntitiesOnly(QueryMapping):
    """FtM's QueryMapping without a data source: verweven's readers supply the records."""

    def __init__(self, entities: dict[str, dict[str, Any]]) -> None:
        super().__init__(ftm_model, {"entities": entities})

    def _get_source(self, data: dict[str, Any]) -> Any:
        return None


VERWEVEN_ENTITY_KEYS = ("keys", "key", "when", "id_as")


def id_column_entities(entities: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """FtM's part of each entity: verweven's own keys (``keys``, ``when``, ``id_as``) swapped
    for an id column that the mapper fills with a readable id."""
    swapped = {}
    for name, spec in entities.items():
        spec = {k: v for k, v in spec.items() if k not in VERWEVEN_ENTITY_KEYS}
        swapped[name] = {**spec, "id_column": f"{ID_PREFIX}{name}"}
    return swapped


class EntityRule(Strict):
    """verweven's additions to an FtM entity mapping."""

    keys: tuple[str, ...] = Field(min_length=1)
    when: dict[str, tuple[str, ...]] = Field(
        default={}, description="Make the entity only when each column has one of these values."
    )
    id_as: str | None = Field(default=None, description="Name used in the id instead of its own.")

    def applies(self, values: dict[str, str]) -> bool:
        """Whether this row makes the entity: ``*`` allows any non-empty value, "" an empty one."""
        for column, allowed in self.when.items():
            value = values.get(column, "").strip().lower()
            if not (value in {v.lower() for v in allowed} or (value and "*" in allowed)):
                return False
        return True

    def id_prefix(self, dataset: str, name: str) -> str:
        """``<dataset>.<name>``; ``id_as: other_dataset.entity`` refers to another delivery's
        entity (e.g. the incident a suspect row belongs to)."""
        if self.id_as is None:
            return f"{dataset}.{name}"
        return self.id_as if "." in self.id_as else f"{dataset}.{self.id_as}"


def entity_rules(entities: dict[str, dict[str, Any]]) -> dict[str, EntityRule]:
    """The verweven part of each entity mapping, validated."""
    return {
        name: EntityRule.model_validate(
            {k: v for k, v in spec.items() if k in VERWEVEN_ENTITY_KEYS}
        )
        for name, spec in entities.items()
    }


def load_mapping(path: Path) -> MappingFile:
    """Read and validate a mapping file; errors name the file and the part that is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read mapping ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a mapping file is a YAML object with dataset, source, entities")
    try:
        mapping = MappingFile.model_validate({**data, "path": path})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise InputError(f"{path}: invalid mapping: {problems}") from None
    check_entities(path, mapping)
    return mapping


def check_entities(path: Path, mapping: MappingFile) -> None:
    """Every entity has keys, and FtM accepts its schema, properties and references."""
    for name, spec in mapping.entities.items():
        if not spec.get("keys"):
            raise InputError(f"{path}: entity {name!r} needs keys (columns that identify it)")
    try:
        entity_rules(mapping.entities)
    except ValidationError as error:
        raise InputError(f"{path}: invalid entity rule: {error.errors()[0]['msg']}") from None
    try:
        mapping.query_mapping()
    except InvalidMapping as error:
        raise InputError(f"{path}: invalid entity mapping: {error}") from None
