"""Turn one record of a delivery into statements, refusing bad values one by one.

Columns are cleaned and validated first (an invalid identifier is quarantined as a value and
left out, so it is never used for matching); then FollowTheMoney's mapping engine makes the
entities. Entity ids are readable — ``<dataset>.<entity>.<key values>`` — so that anyone can
trace an entity back to the delivery row and score resolution against ground truth.
"""

from dataclasses import dataclass, field

import pyarrow as pa
from followthemoney.entity import ValueEntity
from followthemoney.proxy import EntityProxy

from verweven.ingest.mapping import ID_PREFIX, ColumnSpec, MappingFile, entity_rules
from verweven.ingest.rows import BadRow, Record, Row
from verweven.ingest.text import (
    double_encoded,
    normalise_space,
    printable,
    unreadable_character,
)
from verweven.ingest.transforms import TRANSFORMS, Context
from verweven.ingest.validate import VALIDATORS
from verweven.model import BASE_ID, StatementRow, statement_row
from verweven.model.identifiers import restore_leading_zeros
from verweven.store import rows_table

MAX_FIELD_CHARS = 10_000


@dataclass(frozen=True)
class ValueProblem:
    """A value refused from an otherwise good record."""

    field: str
    value: str
    reason: str


@dataclass
class MappedRecord:
    """What one row became: statements and refused values, or a reason to refuse it whole
    (with its raw text, for quarantine). It carries what the importer needs of the row, so
    a mapping worker sends back only this."""

    line: int
    record_id: str | None = None
    statements: list[StatementRow] = field(default_factory=list)
    problems: list[ValueProblem] = field(default_factory=list)
    refused: str | None = None
    raw: str = ""
    entity_ids: dict[str, str] = field(default_factory=dict)


def unfit_value(column: str, value: str) -> ValueProblem | None:
    """A value no column may hold whatever its checks: too long, or not text at all."""
    if len(value) > MAX_FIELD_CHARS:
        reason = f"a value of at most {MAX_FIELD_CHARS} characters, got {len(value)}"
        return ValueProblem(column, value[:200] + "…", reason)
    if (found := unreadable_character(value)) is not None:
        reason = f"text without control characters, found {found}"
        return ValueProblem(column, printable(value[:200]), reason)
    if (found := double_encoded(value)) is not None:
        return ValueProblem(column, value, f"text encoded once, found {found}")
    return None


class Mapper:
    """Applies one mapping file to records."""

    def __init__(self, mapping: MappingFile) -> None:
        self.mapping = mapping
        self.dataset = mapping.dataset.name
        self.context = Context(mapping.source.date_formats, mapping.source.decimal)
        self.query = mapping.query_mapping()
        self.rules = entity_rules(mapping.entities)
        self.single_columns = {
            (name, prop): spec["column"]
            for name, entity in mapping.entities.items()
            for prop, spec in entity.get("properties", {}).items()
            if isinstance(spec, dict) and isinstance(spec.get("column"), str)
        }

    def map_chunk(self, rows: list[Row]) -> tuple[list[MappedRecord], pa.Table]:
        """Map a chunk of rows, in order: the records (their statements moved out) and all
        their statements as one table."""
        records = [self.map_row(row) for row in rows]
        statements = []
        for record in records:
            statements += record.statements
            record.statements = []
        return records, rows_table(statements)

    def map_row(self, row: Row) -> MappedRecord:
        """Map a readable record; a row the reader could not read stays refused."""
        if isinstance(row, BadRow):
            return MappedRecord(row.line, refused=row.reason, raw=row.raw)
        return self.map_record(row)

    def map_record(self, record: Record) -> MappedRecord:
        """Clean, validate and map one record."""
        values = self.normalised(record.values)
        record_id = values.get(self.mapping.record_id, "")
        result = MappedRecord(record.line, record_id=record_id or None)
        if (reason := self.unusable_record_id(record_id)) is not None:
            return self.refuse(result, record, reason)
        if not any(value for column, value in values.items() if column != self.mapping.record_id):
            reason = "only the record id has a value: a total, a note or an empty line?"
            return self.refuse(result, record, reason)
        for column, value in values.items():
            if (problem := unfit_value(column, value)) is not None:
                result.problems.append(problem)
                values[column] = ""
        for column, spec in self.mapping.columns.items():
            values[column] = self.clean(column, values.get(column, ""), spec, result)
            if column == self.mapping.record_id and not values[column]:
                expected = result.problems[-1].reason if result.problems else "a value"
                reason = f"the record id {record_id!r} is not valid: {expected}"
                return self.refuse(result, record, reason)
            if spec.required and not values[column]:
                return self.refuse(result, record, f"required column {column!r} has no valid value")
        for column, derived in self.mapping.derive.items():
            values[column] = self.clean(column, values.get(derived.source, ""), derived, result)
        for name, rule in self.rules.items():
            parts = [values.get(key, "").strip() for key in rule.keys]
            if any(parts) and rule.applies(values):
                key = "/".join(parts).rstrip("/")
                result.entity_ids[name] = f"{rule.id_prefix(self.dataset, name)}.{key}"
                values[f"{ID_PREFIX}{name}"] = result.entity_ids[name]
        present = {column: value for column, value in values.items() if value.strip()}
        result.statements = self.statements_of(present, result, record.values)
        if not result.statements:
            reason = "no entity could be made of this row (the keys of every entity are empty)"
            return self.refuse(result, record, reason)
        return result

    def normalised(self, values: dict[str, str]) -> dict[str, str]:
        """The record's values with whitespace normalised, unless the mapping keeps it."""
        if self.mapping.source.whitespace == "keep":
            return dict(values)
        return {column: normalise_space(value) for column, value in values.items()}

    def unusable_record_id(self, record_id: str) -> str | None:
        """Why a row cannot be identified by this record id (it is then refused whole), or
        None: every entity of the row is keyed by it, and a steward finds the row by it."""
        if not record_id:
            return f"the record id column {self.mapping.record_id!r} is empty"
        if len(record_id) > MAX_FIELD_CHARS:
            return (
                f"the record id is {len(record_id):,} characters long (at most {MAX_FIELD_CHARS:,})"
            )
        if (found := unreadable_character(record_id)) is not None:
            return f"the record id holds a control character ({found})"
        return None

    @staticmethod
    def refuse(result: MappedRecord, record: Record, reason: str) -> MappedRecord:
        result.refused = reason
        result.raw = ";".join(f"{k}={v}" for k, v in record.values.items())
        result.problems.clear()
        result.statements.clear()
        result.entity_ids.clear()
        return result

    def clean(self, column: str, value: str, spec: ColumnSpec, result: MappedRecord) -> str:
        """Apply a column's transforms and validator; refuse the value (not the row) if bad."""
        cleaned, reason = self.clean_value(value, spec)
        if reason is not None:
            result.problems.append(ValueProblem(column, value, reason))
        return cleaned

    def clean_value(self, value: str, spec: ColumnSpec) -> tuple[str, str | None]:
        """The cleaned value, or "" and what was expected instead."""
        try:
            cleaned: str | None = value
            for name in spec.transform:
                if cleaned is None:
                    break
                cleaned = TRANSFORMS[name](cleaned, self.context)
        except ValueError as error:
            return "", f"expected {error}"
        if cleaned and spec.validate_as:
            # A spreadsheet stores a BSN, KvK number, ... as a number and drops its leading
            # zeros; the identifier's fixed length says how many there were.
            cleaned = restore_leading_zeros(cleaned, spec.validate_as)
            validator = VALIDATORS[spec.validate_as]
            if not validator.check(cleaned):
                return "", f"expected {validator.expected}"
        return cleaned or "", None

    def statements_of(
        self, values: dict[str, str], result: MappedRecord, raw: dict[str, str]
    ) -> list[StatementRow]:
        """The statements of every entity the row's present ``values`` make."""
        statements: list[StatementRow] = []
        for name, proxy in self.map_entities(values, result).items():
            statements.extend(self.to_statements(name, proxy, raw))
        return statements

    def map_entities(self, values: dict[str, str], result: MappedRecord) -> dict[str, EntityProxy]:
        """FtM's entity mapping, keeping (not just logging) the values FtM cannot clean."""
        made: dict[str, EntityProxy] = {}
        for entity in self.query.entities:
            if f"{ID_PREFIX}{entity.name}" not in values:
                continue  # no key values, or its `when` does not hold for this row
            proxy = ValueEntity(entity.schema, {}, cleaned=True)
            for prop in entity.properties:
                for value in prop.map(proxy, values, made):
                    if not value.strip():
                        continue  # a join or template of empty columns: no value, no problem
                    reason = f"expected a valid {prop.prop.type.name} for {prop.prop.name}"
                    result.problems.append(ValueProblem(",".join(prop.refs), value, reason))
            proxy.id = entity.compute_key(values)
            required_missing = any(p.required and not proxy.has(p.prop) for p in entity.properties)
            if proxy.id is not None and not required_missing:
                made[entity.name] = proxy
                # An alternative (``id_as``) stands in for the entity it is an alternative of,
                # so relationships can reference "the buyer", person or company.
                alias = self.rules[entity.name].id_as
                if alias is not None and "." not in alias:
                    made.setdefault(alias, proxy)
        return made

    def to_statements(
        self, name: str, proxy: EntityProxy, raw: dict[str, str]
    ) -> list[StatementRow]:
        """The id statement and one statement per value, with the raw cell as original value."""
        assert proxy.id is not None
        dataset, entity_id, schema = self.dataset, proxy.id, proxy.schema.name
        rows = [statement_row(dataset, entity_id, schema, BASE_ID, BASE_ID, entity_id)]
        for prop, value in proxy.itervalues():
            column = self.single_columns.get((name, prop.name))
            original = raw.get(column) if column else None
            rows.append(
                statement_row(
                    dataset, entity_id, schema, prop.name, prop.type.name, value, original
                )
            )
        return rows
