"""Reading the audit log: the privacy officer reads all of it, a partner's steward the events
that touched its partner's deliveries (so a partner sees who used its data, and why)."""

import json
from datetime import datetime

from verweven.access import Action, Actor, store_resource
from verweven.audit.event import AuditEvent, unpack_ids
from verweven.store.guard import Guard
from verweven.store.rows import AUDIT_EVENT_COLUMNS, audit_event_from_row, qualified

SELECT_EVENTS = (
    f"SELECT {qualified(AUDIT_EVENT_COLUMNS, 'e')}, t.seq "
    "FROM audit_events e LEFT JOIN audit_tree t ON t.event_id = e.id"
)


class AuditLog(Guard):
    """The audit log as its readers may see it."""

    def list_audit_events(
        self,
        actor: Actor,
        partner: str | None = None,
        since: datetime | None = None,
        action: str | None = None,
    ) -> list[AuditEvent]:
        """Events in log order (sealed ones by position, pending ones after them by time):
        all of them for the auditor, or those touching ``partner``'s deliveries."""
        datasets = self._require_audit_reader(actor, partner)
        sql = SELECT_EVENTS + " WHERE (CAST(? AS TIMESTAMP) IS NULL OR e.occurred_at >= ?)"
        params: list[object] = [since, since]
        if action is not None:
            sql += " AND e.action = ?"
            params.append(action)
        if datasets is not None:
            sql += " AND e.datasets && ?"
            params.append(datasets)
        rows = self._fetchall(sql + " ORDER BY t.seq NULLS LAST, e.occurred_at, e.id", params)
        events = [audit_event_from_row(row) for row in rows]
        self._audit(
            actor, Action.READ_AUDIT, target=partner or "audit log", result_size=len(events)
        )
        return events

    def audit_event_ids(self, actor: Actor, event_id: str) -> list[str]:
        """The entity ids one event touched (purged ones as their digest)."""
        self._require(actor, Action.READ_AUDIT, store_resource(), event_id)
        rows = self._fetchall("SELECT ids FROM audit_event_ids WHERE event_id = ?", (event_id,))
        ids = unpack_ids(rows[0][0]) if rows else []
        self._audit(actor, Action.READ_AUDIT, target=event_id, entity_ids=ids, result_size=len(ids))
        return ids

    def list_hit_questions(self, actor: Actor) -> list[dict[str, object]]:
        """Every hit/no-hit question with the answers it got (the auditor's view)."""
        self._require(actor, Action.READ_AUDIT, store_resource(), "hit/no-hit questions")
        rows = self._fetchall(
            "SELECT id, asked_at, asker, partner, purpose, case_ref, answers FROM hit_questions "
            "ORDER BY asked_at, id"
        )
        keys = ("id", "asked_at", "asker", "partner", "purpose", "case_ref")
        questions = [
            {**dict(zip(keys, row[:6], strict=True)), "answers": json.loads(row[6])} for row in rows
        ]
        self._audit(
            actor, Action.READ_AUDIT, target="hit/no-hit questions", result_size=len(questions)
        )
        return questions
