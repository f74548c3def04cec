"""Import FollowTheMoney JSON lines (sanctions and PEP lists, foreign partners' exports).

A bad line is quarantined whole (broken JSON, no id, unknown schema); a bad value is quarantined
on its own (unknown property, value its type cannot read) and the rest of the entity imported.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model as ftm_model
from followthemoney.schema import Schema

from verweven.access import Actor
from verweven.errors import InputError
from verweven.ingest.text import unreadable_character
from verweven.model import BASE_ID, Statement
from verweven.store import ImportRun, QuarantineRecord, Store


@dataclass
class ImportReport:
    """What an import did: lines read, entities and statements written, what was refused."""

    file: str
    run_id: str = ""
    lines: int = 0
    entities: int = 0
    statements: int = 0
    statements_new: int = 0
    quarantined: list[QuarantineRecord] = field(default_factory=list)


def import_ftm_file(store: Store, path: Path, dataset: str, actor: Actor) -> ImportReport:
    """Import one FtM JSON-lines file into ``dataset`` in a single atomic import run."""
    check_readable(path)
    report = ImportReport(file=str(path))
    with store.import_run(dataset, source=str(path), actor=actor) as run:
        run.write(iter_file_statements(path, run, report))
    report.run_id = run.id
    report.statements_new = run.statements_new
    return report


def check_readable(path: Path) -> None:
    """Refuse, before anything is written, a file that cannot be read at all."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None


def iter_file_statements(path: Path, run: ImportRun, report: ImportReport) -> Iterator[Statement]:
    """Statements of every good line; bad lines and values go to the run's quarantine."""

    def refuse(record: QuarantineRecord) -> None:
        run.quarantine(record)
        report.quarantined.append(record)

    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            report.lines += 1
            entity = parse_line(path, number, raw, refuse)
            if entity is None:
                continue
            report.entities += 1
            for stmt in entity_statements(path, number, entity, run.dataset.name, refuse):
                report.statements += 1
                yield stmt


def parse_line(
    path: Path, number: int, raw: bytes, refuse: Any
) -> tuple[str, Schema, dict[str, Any]] | None:
    """(id, schema, properties) of one line, or None after quarantining it."""
    text = raw.decode("utf-8", errors="replace").rstrip("\r\n")

    def bad(reason: str, field: str | None = None) -> None:
        refuse(QuarantineRecord(file=str(path), line=number, field=field, reason=reason, raw=text))

    if not text.strip():
        return None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        bad(f"not valid JSON: {error}; expected one FtM entity object per line")
        return None
    if not isinstance(data, dict):
        bad("expected a JSON object with id, schema and properties")
        return None
    entity_id, schema_name = data.get("id"), data.get("schema")
    schema = ftm_model.get(schema_name) if isinstance(schema_name, str) else None
    if not isinstance(entity_id, str) or not entity_id:
        bad("missing entity id; expected a non-empty string", "id")
    elif (found := unreadable_character(entity_id)) is not None:
        bad(f"an entity id without control characters, found {found}", "id")
    elif schema is None:
        bad(f"unknown FollowTheMoney schema {schema_name!r}", "schema")
    elif schema.abstract:
        bad(f"schema {schema.name} is abstract; expected a concrete schema", "schema")
    else:
        properties = data.get("properties") or {}
        if isinstance(properties, dict):
            return entity_id, schema, properties
        bad("properties must be an object of property name to list of values", "properties")
    return None


def entity_statements(
    path: Path,
    number: int,
    entity: tuple[str, Schema, dict[str, Any]],
    dataset: str,
    refuse: Any,
) -> Iterator[Statement]:
    """The id statement and one statement per valid value; invalid values are quarantined."""
    entity_id, schema, properties = entity
    yield Statement(entity_id, BASE_ID, schema.name, entity_id, dataset)
    for name, values in sorted(properties.items()):
        prop = schema.get(name)
        for value in values if isinstance(values, list) else [values]:
            if prop is None:
                reason = f"schema {schema.name} has no property {name!r}"
            elif not isinstance(value, str):
                reason = f"expected a string value, got {type(value).__name__}"
            elif (found := unreadable_character(value)) is not None:
                reason = f"expected text without control characters, found {found}"
            elif (cleaned := prop.type.clean(value, proxy=None)) is None:
                reason = f"not a valid {prop.type.name} value"
            else:
                yield Statement(
                    entity_id, prop.name, schema.name, cleaned, dataset, original_value=value
                )
                continue
            refuse(
                QuarantineRecord(
                    file=str(path), line=number, field=name, value=str(value), reason=reason
                )
            )
