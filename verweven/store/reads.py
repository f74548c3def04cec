"""Reads of personal data: every one states a purpose, passes the decision point per dataset,
sees only the statements the policy allows, and leaves an audit event with what it touched."""

import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa
from followthemoney.statement import StatementEntity

from verweven.access import Action, Actor, Decision
from verweven.audit.event import AuditEvent
from verweven.errors import NotFoundError
from verweven.model import Statement, iter_assembled
from verweven.model.similarity import NameDistance
from verweven.store.guard import Guard
from verweven.store.rows import (
    SELECT_STATEMENTS,
    Row,
    schema_with_descendants,
    statement_from_row,
    utc_now,
)
from verweven.store.views import ClusterViews

STREAM_BATCH = 100_000
STATEMENT_TABLE_COLUMNS = (
    "id", "entity_id", "canonical_id", "schema", "prop", "prop_type", "value", "dataset",
)  # fmt: skip
ENTITY_ORDER = "ORDER BY canonical_id, entity_id, prop, value, dataset"


class Reads(Guard, ClusterViews):
    """Entities, statements and bulk statement tables, as the policy lets an actor see them."""

    def permitted_datasets(self, actor: Actor, action: Action) -> list[str]:
        """The datasets this actor may do ``action`` on now, for its purpose and case (e.g.
        what a report written to a file may contain: ``Action.EXPORT``)."""
        return self._permitted(actor, action)

    def get_entity(self, actor: Actor, entity_id: str) -> StatementEntity:
        """One entity assembled from the statements this actor may see."""
        entities = self.get_entities(actor, [entity_id])
        if not entities:
            raise NotFoundError(
                f"no entity {entity_id!r} is visible for purpose {actor.purpose}"
                + (f" and case {actor.case}" if actor.case else "")
            )
        return entities[0]

    def get_entities(self, actor: Actor, entity_ids: Sequence[str]) -> list[StatementEntity]:
        """Entities by canonical id, in id order; ids that are not visible are left out."""
        ids = sorted(set(entity_ids))
        statements = self._read_statements(actor, "canonical_id = ANY(?)", [ids], "entities")
        return list(iter_assembled(statements))

    def get_statements(self, actor: Actor, entity_id: str) -> list[Statement]:
        """Every visible statement about one canonical entity, with its provenance."""
        return self._read_statements(actor, "canonical_id = ?", [entity_id], "statements")

    def find_entities(self, actor: Actor, value: str, prop: str | None = None) -> list[str]:
        """Canonical ids of visible entities with this exact value (in ``prop``, if given).
        The audit log keeps a keyed digest of the searched value, not the value."""
        datasets = self._permitted(actor, Action.READ)
        visible, params = self._visible_statements(datasets)
        sql = f"SELECT DISTINCT canonical_id, entity_id FROM {visible} WHERE value = ?"
        params = [*params, value]
        if prop is not None:
            sql += " AND prop = ?"
            params.append(prop)
        rows = self._fetchall(sql, params)
        found = sorted({row[0] for row in rows})
        self._audit(
            actor,
            Action.READ,
            target=f"search {prop or '*'}",
            datasets=datasets,
            entity_ids=[*found, *(row[1] for row in rows)],
            query=value,
            result_size=len(found),
        )
        return found

    def find_similar_names(
        self, actor: Actor, name: str, max_edits: int = 2
    ) -> list[tuple[str, str, int]]:
        """Visible entities with a name within ``max_edits`` edits of ``name`` (case, accents
        and extra spaces ignored): (canonical id, the name matched, its distance), nearest
        first. The database narrows by length (portable SQL, no extension); the distance is
        counted here, so both backends find the same. Audited like ``find_entities``."""
        datasets = self._permitted(actor, Action.READ)
        visible, params = self._visible_statements(datasets)
        distance_to = NameDistance(name, max_edits)
        wanted = distance_to.name
        sql = (
            f"SELECT DISTINCT canonical_id, entity_id, value FROM {visible} "
            "WHERE prop_type = 'name' AND length(value) BETWEEN ? AND ?"
        )
        params = [*params, max(1, len(wanted) - max_edits), len(name) + max_edits + 4]
        if self.dialect == "duckdb":
            # DuckDB counts Levenshtein edits natively: a swap is two of them, so this keeps
            # every name within max_edits (and some more, which the count below rules out).
            sql += (
                " AND levenshtein(strip_accents(lower(regexp_replace(trim(value), "
                "'\\s+', ' ', 'g'))), ?) <= ?"
            )
            params += [wanted, 2 * max_edits + 2]  # slack: casefold (ß → ss) and NFKD
        rows = self._fetchall(sql, params)
        best: dict[str, tuple[str, int]] = {}
        records: list[str] = []
        for canonical_id, entity_id, value in rows:
            distance = distance_to(value)
            if distance <= max_edits:
                records.append(entity_id)
                if canonical_id not in best or (distance, value) < best[canonical_id][::-1]:
                    best[canonical_id] = (value, distance)
        found = sorted(((c, v, d) for c, (v, d) in best.items()), key=lambda f: (f[2], f[1], f[0]))
        self._audit(
            actor,
            Action.READ,
            target=f"search similar name within {max_edits}",
            datasets=datasets,
            entity_ids=[*best, *records],
            query=name,
            result_size=len(found),
        )
        return found

    def _read_statements(
        self, actor: Actor, where: str, params: list[Any], target: str
    ) -> list[Statement]:
        datasets = self._permitted(actor, Action.READ)
        visible, visible_params = self._visible_statements(datasets, last_seen=True)
        rows = self._fetchall(
            f"SELECT {SELECT_STATEMENTS} FROM {visible} WHERE {where} {ENTITY_ORDER}",
            [*visible_params, *params],
        )
        statements = [statement_from_row(row) for row in rows]
        asked = params[0] if isinstance(params[0], list) else [params[0]]
        self._audit(
            actor,
            Action.READ,
            target=target,
            datasets=sorted({s.dataset for s in statements}) or datasets,
            entity_ids=[*asked, *(s.entity_id for s in statements)],
            result_size=len(statements),
        )
        return statements

    def export_entities(
        self,
        actor: Actor,
        destination: str,
        schema: str | None = None,
        entity_ids: Sequence[str] | None = None,
    ) -> Iterator[StatementEntity]:
        """Every entity this actor may export (of a schema and its descendants; only these
        canonical ids, if given — e.g. a network view), streamed by canonical id, assembled
        from exportable statements only. Checked and audited by its scope when called, before
        the caller writes anything and before the first entity leaves."""
        datasets = self._permitted(actor, Action.EXPORT)
        visible, visible_params = self._visible_statements(datasets, last_seen=True)
        where, params = "TRUE", list(visible_params)
        if schema is not None:
            schemata = schema_with_descendants(schema)
            where = f"canonical_id IN (SELECT canonical_id FROM {visible} WHERE schema = ANY(?))"
            params = [*params, *visible_params, schemata]
        if entity_ids is not None:
            where += " AND canonical_id = ANY(?)"
            params = [*params, sorted(set(entity_ids))]
        [(count,)] = self._fetchall(f"SELECT count(*) FROM {visible} WHERE {where}", params)
        self._register_export(actor, destination, datasets)
        self._audit(
            actor,
            Action.EXPORT,
            target=destination,
            datasets=datasets,
            scope={"schema": schema or "*", "destination": destination}
            | ({"entities": len(set(entity_ids))} if entity_ids is not None else {}),
            entity_ids=entity_ids or (),
            result_size=int(count),
        )
        sql = f"SELECT {SELECT_STATEMENTS} FROM {visible} WHERE {where} {ENTITY_ORDER}"
        return iter_assembled(statement_from_row(row) for row in self._iter_rows(sql, params))

    def record_export(
        self, actor: Actor, destination: str, datasets: Sequence[str], entity_ids: Sequence[str]
    ) -> None:
        """Allow (and audit) writing what an analysis showed — e.g. a network drawn from these
        datasets — to a file outside the store; refused unless every dataset may be exported."""
        allowed = set(self._permitted(actor, Action.EXPORT, datasets))
        refused = sorted(set(datasets) - allowed)
        if refused:
            self._refuse(
                actor,
                Action.EXPORT,
                destination,
                Decision(False),
                f"{actor.name} may not export {', '.join(refused)} for purpose "
                f"{actor.purpose} (case {actor.case or 'none'})",
            )
        self._register_export(actor, destination, datasets)
        self._audit(
            actor,
            Action.EXPORT,
            target=destination,
            datasets=datasets,
            entity_ids=entity_ids,
            result_size=len(entity_ids),
        )

    def _register_export(self, actor: Actor, destination: str, datasets: Sequence[str]) -> None:
        """Remember the file, so retention can remove it when its data expires."""
        self._execute(
            "INSERT INTO exports (id, path, written_at, actor, purpose, datasets) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (uuid.uuid4().hex, destination, utc_now(), actor.name, actor.purpose or "",
             sorted(set(datasets))),
        )  # fmt: skip

    def count_statements(self, actor: Actor) -> int:
        """How many statements this actor may read in bulk."""
        datasets = self._permitted(actor, Action.READ_BULK)
        visible, params = self._visible_statements(datasets)
        [(count,)] = self._fetchall(f"SELECT count(*) FROM {visible}", params)
        self._audit(
            actor, Action.READ_BULK, target="count", datasets=datasets, scope={"count": True}
        )
        return int(count)

    # ---- bulk reads: the input of linkage, networks, signals and pictures ------------------------

    def read_statement_table(
        self,
        actor: Actor,
        schemata: Sequence[str],
        props: Sequence[str] | None = None,
        ordered: bool = True,
        columns: Sequence[str] = STATEMENT_TABLE_COLUMNS,
    ) -> pa.Table:
        """Visible statements of entities of these schemata as Arrow columns (by default id,
        entity_id, canonical_id, schema, prop, prop_type, value, dataset). ``ordered=False``
        skips sorting by entity, property and value; fewer ``columns`` save their memory."""
        sql, params, datasets = self._statement_query(actor, schemata, props, columns)
        table = self._fetch_arrow(
            sql + (" ORDER BY entity_id, prop, value" if ordered else ""), params
        )
        self._audit_bulk(actor, datasets, schemata, props, table.num_rows)
        return table

    def read_statement_batches(
        self,
        actor: Actor,
        schemata: Sequence[str],
        props: Sequence[str] | None = None,
        columns: Sequence[str] = STATEMENT_TABLE_COLUMNS,
    ) -> pa.RecordBatchReader:
        """The statements ``read_statement_table`` would give, unordered, as a stream of Arrow
        batches (every column a string), for readers that must not hold a national region in
        memory twice. Audited by its scope before the first batch, and by the number of rows
        it gave when the stream ends (counting first would scan a national table twice)."""
        sql, params, datasets = self._statement_query(actor, schemata, props, columns)
        opened = self._audit_bulk(actor, datasets, schemata, props, 0)
        schema = pa.schema([(name, pa.string()) for name in columns])
        return pa.RecordBatchReader.from_batches(
            schema, self._counted(actor, opened, sql, params, schema)
        )

    def _counted(
        self, actor: Actor, opened: AuditEvent, sql: str, params: list[Any], schema: pa.Schema
    ) -> Iterator[pa.RecordBatch]:
        rows = 0
        try:
            for batch in self._stream_arrow(sql, params, schema, STREAM_BATCH):
                rows += batch.num_rows
                yield batch.cast(schema)
        finally:
            self._audit(
                actor,
                Action.READ_BULK,
                target="statements",
                datasets=opened.datasets,
                scope=json.loads(opened.scope),
                result_size=rows,
                detail=f"stream of event {opened.id} ended after {rows} rows",
            )

    def _statement_query(
        self,
        actor: Actor,
        schemata: Sequence[str],
        props: Sequence[str] | None,
        columns: Sequence[str],
    ) -> tuple[str, list[Any], list[str]]:
        """The purpose-bound query of the bulk statement reads, and the datasets it reads."""
        unknown = set(columns) - set(STATEMENT_TABLE_COLUMNS)
        if unknown:
            raise ValueError(f"not statement table columns: {sorted(unknown)}")
        datasets = self._permitted(actor, Action.READ_BULK)
        visible, params = self._visible_statements(datasets)
        sql = f"SELECT {', '.join(columns)} FROM {visible} WHERE schema = ANY(?)"
        params = [*params, list(schemata)]
        if props is not None:
            sql += " AND prop = ANY(?)"
            params.append(list(props))
        return sql, params, datasets

    def _audit_bulk(
        self,
        actor: Actor,
        datasets: list[str],
        schemata: Sequence[str],
        props: Sequence[str] | None,
        rows: int,
    ) -> AuditEvent:
        # A bulk read is recorded by its scope: the datasets, schemata and properties at this
        # moment name exactly the entities it touched (the subject export resolves it), where
        # tens of millions of ids would not fit an event.
        scope = {"schemata": sorted(schemata), "props": sorted(props) if props else "*"}
        return self._audit(
            actor, Action.READ_BULK, target="statements", datasets=datasets, scope=scope,
            result_size=rows,
        )  # fmt: skip

    def _stream_arrow(
        self, sql: str, params: Sequence[Any], schema: pa.Schema, batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        """The rows of ``sql`` as Arrow batches of ``batch_size`` rows, in bounded memory
        (backends may do better)."""
        rows: list[Row] = []
        for row in self._iter_rows(sql, params):
            rows.append(row)
            if len(rows) == batch_size:
                yield _record_batch(rows, schema)
                rows = []
        if rows:
            yield _record_batch(rows, schema)


def _record_batch(rows: Sequence[Row], schema: pa.Schema) -> pa.RecordBatch:
    columns = zip(*rows, strict=True)
    return pa.RecordBatch.from_arrays(
        [pa.array(column, field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )
