"""What resolution writes and reads: canonical ids (by the resolution job only) and the
append-only judgements of reviewers about pairs of records."""

import uuid
from typing import Any

import pyarrow as pa

from verweven.access import Action, Actor, store_resource
from verweven.errors import NotFoundError
from verweven.model import Judgement, Verdict
from verweven.store.core import StoreCore
from verweven.store.guard import Guard
from verweven.store.rows import utc_now
from verweven.store.views import ClusterViews

JUDGEMENT_COLUMNS = "id, left_id, right_id, verdict, reason, author, created_at, withdraws"
EVENT_COLUMNS = ("run_id", "kind", "event", "canonical_id", "other_id", "records", "model_version")


class Redirects(StoreCore):
    """Where a canonical id leads after merges: the walk along ``canonical_redirects``, with
    no decision of its own (each caller decides who may follow which id)."""

    def _redirected(self, canonical_id: str) -> str | None:
        """The id the entity has now: ``canonical_id`` itself, or the end of its redirects;
        None when it was retired because its records are gone."""
        current, seen = canonical_id, {canonical_id}
        while rows := self._fetchall(
            "SELECT target_id FROM canonical_redirects WHERE retired_id = ?", (current,)
        ):
            target = rows[0][0]
            if target is None:
                return None
            if target in seen:
                break  # never expected; a cycle must not hang a lookup
            current = target
            seen.add(current)
        return current


class Resolution(Guard, ClusterViews, Redirects):
    """Canonical ids and judgements."""

    def apply_canonical_ids(
        self,
        mapping: pa.Table,
        actor: Actor,
        links: pa.Table | None = None,
        events: pa.Table | None = None,
        redirects: pa.Table | None = None,
    ) -> int:
        """Replace all canonical ids: ``mapping`` has columns entity_id and canonical_id; every
        entity not in it becomes its own canonical entity again. Source values never change.
        ``links`` (left_id, right_id, origin, weight) are the links that hold the clusters
        together: a reader sees a cluster split where only records it may not see join it.
        ``events`` (run_id, kind, event, canonical_id, other_id, records, model_version) and
        ``redirects`` (retired_id, target_id, run_id) record what the run did to the ids, in
        the same transaction. Only the resolution job may do this."""
        self._require(actor, Action.RESOLVE, store_resource(), "canonical_ids")
        now = utc_now()
        with self._transaction():
            self._execute("DELETE FROM canonical_ids")
            stamped = mapping.select(["entity_id", "canonical_id"]).append_column(
                "resolved_at", pa.array([now] * mapping.num_rows, pa.timestamp("us"))
            )
            self._insert_arrow("canonical_ids", stamped)
            self._write_links(links)
            self._write_history(actor, events, redirects)
            changed = self._write_canonical_ids()
            self._forget_views()
            self._audit(
                actor,
                Action.RESOLVE,
                target="canonical_ids",
                result_size=changed,
                detail=f"records={mapping.num_rows}",
            )
        return changed

    def _write_history(
        self, actor: Actor, events: pa.Table | None, redirects: pa.Table | None
    ) -> None:
        """Append a run's resolution events and the redirects of the ids it retired."""
        now = utc_now()
        if events is not None and events.num_rows:
            n = events.num_rows
            self._insert_arrow(
                "resolution_events",
                events.select(list(EVENT_COLUMNS))
                .append_column("started_by", pa.array([actor.started_by or actor.name] * n))
                .append_column("created_at", pa.array([now] * n, pa.timestamp("us"))),
            )
        if redirects is not None and redirects.num_rows:
            n = redirects.num_rows
            self._insert_arrow(
                "canonical_redirects",
                redirects.select(["retired_id", "target_id", "run_id"]).append_column(
                    "created_at", pa.array([now] * n, pa.timestamp("us"))
                ),
            )

    def read_canonical_ids(self, actor: Actor) -> pa.Table:
        """Every resolved record's canonical id (entity_id, canonical_id) with the time its
        id was first given (``since``, null for ids older than the event log), and every id
        ever retired (entity_id null): what a run needs to keep ids for life. Only the
        resolution job reads this."""
        self._require(actor, Action.RESOLVE, store_resource(), "canonical_ids")
        table = self._fetch_arrow(
            "SELECT c.entity_id, c.canonical_id, e.since FROM canonical_ids c LEFT JOIN "
            "(SELECT canonical_id, min(created_at) AS since FROM resolution_events "
            "WHERE event IN ('new', 'split') GROUP BY canonical_id) e "
            "ON e.canonical_id = c.canonical_id "
            "UNION ALL SELECT NULL, retired_id, NULL FROM canonical_redirects"
        )
        self._audit(actor, Action.RESOLVE, target="canonical_ids", result_size=table.num_rows,
                    detail="read")  # fmt: skip
        return table

    def follow_canonical_id(self, actor: Actor, canonical_id: str) -> str:
        """The id an entity has now: ``canonical_id`` itself, or where its redirects lead
        after merges. A retired id whose records are all gone raises NotFoundError."""
        self._require(actor, Action.READ_JUDGEMENTS, store_resource(), "canonical_redirects")
        current = self._redirected(canonical_id)
        if current is None:
            raise NotFoundError(f"canonical id {canonical_id!r} was retired: its records are gone")
        self._audit(actor, Action.READ_JUDGEMENTS, target=f"canonical id {canonical_id}",
                    detail=f"now {current}")  # fmt: skip
        return current

    def list_resolution_events(self, actor: Actor, canonical_id: str) -> list[dict[str, Any]]:
        """What resolution did to one id, oldest first: where it was made, merged or split."""
        self._require(actor, Action.READ_JUDGEMENTS, store_resource(), "resolution_events")
        columns = (*EVENT_COLUMNS, "started_by", "created_at")
        rows = self._fetchall(
            f"SELECT {', '.join(columns)} FROM resolution_events "
            "WHERE canonical_id = ? OR other_id = ? ORDER BY created_at, event",
            (canonical_id, canonical_id),
        )
        self._audit(actor, Action.READ_JUDGEMENTS, target=f"canonical id {canonical_id}",
                    result_size=len(rows), detail="history")  # fmt: skip
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def _write_links(self, links: pa.Table | None) -> None:
        """Keep the links whose two records share a cluster: those given, and those of
        earlier runs that still hold (an incremental run keeps earlier clusters without
        finding their links again). Without links, every cluster is taken as given."""
        if links is None:
            self._execute("DELETE FROM resolution_links")
            return
        together = (
            "SELECT 1 FROM canonical_ids a JOIN canonical_ids b "
            "ON a.canonical_id = b.canonical_id WHERE a.entity_id = {0}.left_id "
            "AND b.entity_id = {0}.right_id"
        )
        self._execute(
            f"DELETE FROM resolution_links WHERE NOT EXISTS ({together.format('resolution_links')})"
        )
        columns = "left_id, right_id, origin, weight"
        with self._staged(links.select(columns.split(", "))):
            self._execute(
                f"INSERT INTO resolution_links ({columns}) SELECT DISTINCT s.left_id, "
                f"s.right_id, s.origin, s.weight FROM staging s WHERE EXISTS "
                f"({together.format('s')}) AND NOT EXISTS (SELECT 1 FROM resolution_links r "
                "WHERE r.left_id = s.left_id AND r.right_id = s.right_id)"
            )

    def _write_canonical_ids(self) -> int:
        """Set every statement's canonical id from table ``canonical_ids`` (its entity id when
        not there); return how many changed. Only statements whose canonical id changes are
        written: a rerun that decides (nearly) the same clusters rewrites (nearly) nothing."""
        changed = self._execute(
            "UPDATE statements SET canonical_id = entity_id WHERE canonical_id <> entity_id "
            "AND NOT EXISTS (SELECT 1 FROM canonical_ids c "
            "WHERE c.entity_id = statements.entity_id)"
        )
        return changed + self._execute(
            "UPDATE statements SET canonical_id = c.canonical_id FROM canonical_ids c "
            "WHERE statements.entity_id = c.entity_id "
            "AND statements.canonical_id <> c.canonical_id"
        )

    def add_judgement(
        self, left_id: str, right_id: str, verdict: Verdict, reason: str, actor: Actor
    ) -> Judgement:
        """Record a reviewer's decision about a pair of records it may read (append-only)."""
        self._require(actor, Action.JUDGE, store_resource(), "judgement")
        self._require_readable_records(actor, [left_id, right_id])
        judgement = Judgement(
            id=uuid.uuid4().hex,
            left_id=left_id,
            right_id=right_id,
            verdict=verdict,
            reason=reason,
            author=actor.name,
            created_at=utc_now(),
        )
        with self._transaction():
            self._execute(
                f"INSERT INTO judgements ({JUDGEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                (*judgement.model_dump(exclude={"withdrawn_at", "withdrawn_by"}).values(),),
            )
            self._audit(
                actor,
                Action.JUDGE,
                target=f"judgement {judgement.id}",
                entity_ids=[left_id, right_id],
                detail=verdict.value,
            )
        return judgement

    def _require_readable_records(self, actor: Actor, entity_ids: list[str]) -> None:
        """Refuse a judgement about a record the actor may not read for its purpose."""
        readable = self._permitted(actor, Action.READ)
        rows = self._fetchall(
            "SELECT DISTINCT entity_id FROM statements "
            "WHERE entity_id = ANY(?) AND dataset = ANY(?)",
            (entity_ids, readable),
        )
        missing = sorted(set(entity_ids) - {row[0] for row in rows})
        if missing:
            raise NotFoundError(
                f"no record {', '.join(map(repr, missing))} is visible for purpose "
                f"{actor.purpose}: a judgement needs both records"
            )

    def withdraw_judgement(self, judgement_id: str, reason: str, actor: Actor) -> None:
        """Withdraw a judgement by appending a withdrawal record; nothing is deleted."""
        active = {j.id: j for j in self._judgements(include_withdrawn=False)}
        self._require(actor, Action.JUDGE, store_resource(), f"judgement {judgement_id}")
        if judgement_id not in active:
            raise NotFoundError(f"no active judgement with id {judgement_id!r}")
        original = active[judgement_id]
        with self._transaction():
            self._execute(
                f"INSERT INTO judgements ({JUDGEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uuid.uuid4().hex,
                    original.left_id,
                    original.right_id,
                    "withdrawn",
                    reason,
                    actor.name,
                    utc_now(),
                    judgement_id,
                ),
            )
            self._audit(
                actor,
                Action.JUDGE,
                target=f"judgement {judgement_id}",
                entity_ids=[original.left_id, original.right_id],
                detail="withdrawn",
            )

    def list_judgements(self, actor: Actor, include_withdrawn: bool = False) -> list[Judgement]:
        """Judgements in the order they were made; withdrawn ones only if asked for."""
        self._require(actor, Action.READ_JUDGEMENTS, store_resource(), "judgements")
        judgements = self._judgements(include_withdrawn)
        self._audit(
            actor,
            Action.READ_JUDGEMENTS,
            target="judgements",
            entity_ids=[i for j in judgements for i in j.pair],
            result_size=len(judgements),
        )
        return judgements

    def _judgements(self, include_withdrawn: bool) -> list[Judgement]:
        rows = self._fetchall(f"SELECT {JUDGEMENT_COLUMNS} FROM judgements ORDER BY created_at, id")
        withdrawals = {row[7]: (row[6], row[5]) for row in rows if row[7] is not None}
        judgements = []
        for jid, left, right, verdict, reason, author, created, _ in rows:
            if verdict == "withdrawn":
                continue
            when, who = withdrawals.get(jid, (None, None))
            if when is not None and not include_withdrawn:
                continue
            judgements.append(
                Judgement(
                    id=jid,
                    left_id=left,
                    right_id=right,
                    verdict=Verdict(verdict),
                    reason=reason,
                    author=author,
                    created_at=created,
                    withdrawn_at=when,
                    withdrawn_by=who,
                )
            )
        return judgements
