"""Data-subject requests (AVG art. 15-18, one contact point under the WGS): everything held on
one person — values with source, legal basis and retention, the signals that flagged it, the
hit/no-hit questions about it, and who read it for which purpose — and the privacy officer's
decisions to restrict or rectify, recorded and enforced on every read."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from verweven.access import Action, Actor, Decision, store_resource
from verweven.audit.event import REDACTED, AuditEvent, keyed_digest, unpack_ids
from verweven.errors import NotFoundError, UsageError
from verweven.model.bibob import BibobFile
from verweven.store.audit_log import SELECT_EVENTS
from verweven.store.bibob import BibobRecords
from verweven.store.records import HitQuestion, SubjectDecision
from verweven.store.rows import SELECT_STATEMENTS, audit_event_from_row, statement_from_row, utc_now
from verweven.store.seen import seen_statements
from verweven.store.signal_hits import SignalHits
from verweven.store.views import ClusterViews

DECISION_KINDS = ("restrict", "lift", "rectify")
DECISION_COLUMNS = (
    "id, canonical_id, kind, reason, decided_by, decided_at, statement_id, corrected_value, lifts"
)


@dataclass
class SubjectReport:
    """Everything verweven holds on one data subject, for the subject and the FG."""

    subject: str
    generated_at: datetime
    generated_by: str
    records: list[str]
    values: list[dict[str, Any]] = field(default_factory=list)
    signal_hits: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    reads: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    bibob_files: list[dict[str, Any]] = field(default_factory=list)
    """The Bibob files naming the subject, in the form art. 28 Wet Bibob allows
    (``bibob_entry``): never the findings, the LBB's answers or the reasons."""


# What a data subject is told of a Bibob file (art. 28 Wet Bibob: the file's information is
# secret; the applicant learns the findings in the reasons of a decision, a third party only
# what concerns him, and only when a refusal or withdrawal is to rest on it): docs/bibob.md.
WITHHELD_FROM_APPLICANT = (
    "de bevindingen van het onderzoek, de antwoorden van het LBB (art. 11a) en de redenen: "
    "art. 28 Wet Bibob; u hoort ze in (het voornemen tot) het besluit op uw aanvraag"
)
WITHHELD_FROM_MEMBER = (
    "om welke aanvraag het gaat, in welke rol en wat over u is vastgesteld: art. 28 Wet "
    "Bibob; als het bestuursorgaan een weigering of intrekking mede op gegevens over u wil "
    "baseren, krijgt u die gegevens en de gelegenheid uw zienswijze te geven"
)


def bibob_entry(file: BibobFile, role: str) -> dict[str, Any]:
    """One Bibob file as the subject's report shows it: to the applicant the request and the
    decisions taken (outcome and day); to a member of the circle (a third party) only that
    the administrative body processed its data in a Bibob investigation, and when."""
    entry: dict[str, Any] = {
        "file": file.ref,
        "authority": file.authority,
        "legal_basis": file.legal_basis,
        "opened_at": file.opened_at,
        "role": role,
    }
    if role == "aanvrager":
        entry |= {
            "instrument": file.instrument.value,
            "subject": file.subject,
            "decisions": [
                {"outcome": d.outcome.value, "decided_at": d.decided_at} for d in file.decisions
            ],
            "withheld": WITHHELD_FROM_APPLICANT,
        }
    else:
        entry["withheld"] = WITHHELD_FROM_MEMBER
    return entry


class Subjects(SignalHits, ClusterViews, BibobRecords):
    """Export everything on one subject; record restriction and rectification."""

    def export_subject(self, actor: Actor, subject_id: str) -> SubjectReport:
        """The subject (a canonical or record id) as its data-subject report."""
        datasets = self._permitted(actor, Action.SUBJECT_EXPORT)
        if not datasets:
            self._refuse(
                actor,
                Action.SUBJECT_EXPORT,
                "subject report",
                Decision(False),
                "a data subject's report is made by the privacy officer (role auditor, "
                "purpose rechten_betrokkene)",
            )
        canonical = self._canonical_of(subject_id)
        rows = self._fetchall(
            f"SELECT {SELECT_STATEMENTS} FROM {seen_statements()} WHERE canonical_id = ? "
            "AND dataset = ANY(?) ORDER BY dataset, entity_id, prop, value",
            (canonical, datasets),
        )
        if not rows:
            raise NotFoundError(f"verweven holds nothing on {subject_id!r}")
        statements = [statement_from_row(row) for row in rows]
        records = sorted({s.entity_id for s in statements})
        report = SubjectReport(
            subject=canonical,
            generated_at=utc_now(),
            generated_by=actor.name,
            records=records,
            values=[self._value(s) for s in statements],
            signal_hits=[
                {**hit.__dict__, "evidence": list(hit.evidence), "datasets": list(hit.datasets)}
                for hit in self._hits([canonical, *records])
            ],
            questions=self._questions_about(statements),
            reads=self._reads_of(set(records) | {canonical}, statements),
            decisions=[d.__dict__ for d in self._decisions(canonical)],
            bibob_files=[bibob_entry(f, role) for f, role in self._files_naming(canonical)],
        )
        self._audit(
            actor,
            Action.SUBJECT_EXPORT,
            target="subject report",
            datasets=sorted({s.dataset for s in statements}),
            entity_ids=[canonical, *records],
            result_size=len(statements),
        )
        return report

    def _canonical_of(self, subject_id: str) -> str:
        rows = self._fetchall(
            "SELECT DISTINCT canonical_id FROM statements WHERE canonical_id = ? OR entity_id = ?",
            (subject_id, subject_id),
        )
        if not rows:
            raise NotFoundError(f"verweven holds nothing on {subject_id!r}")
        return str(rows[0][0])

    def _value(self, stmt: Any) -> dict[str, Any]:
        dataset = self._dataset(stmt.dataset)
        last_seen = datetime.fromisoformat(stmt.last_seen)
        return {
            "record": stmt.entity_id,
            "schema": stmt.schema,
            "property": stmt.prop,
            "value": stmt.value,
            "dataset": stmt.dataset,
            "partner": dataset.partner,
            "legal_basis": dataset.legal_basis.article,
            "first_seen": stmt.first_seen,
            "last_seen": stmt.last_seen,
            "kept_until": (last_seen + timedelta(days=dataset.retention_days)).date().isoformat(),
            "statement": stmt.id,
        }

    def _questions_about(self, statements: list[Any]) -> list[dict[str, Any]]:
        """Hit/no-hit questions asked about the subject, by its BSN or name and birth date."""
        values: dict[str, set[str]] = {}
        for s in statements:
            values.setdefault(s.prop, set()).add(s.value)
        asked = [HitQuestion(bsn=v) for v in values.get("idNumber", ())]
        asked += [
            HitQuestion(name=n, birth_date=b)
            for n in values.get("name", ())
            for b in values.get("birthDate", ())
        ]
        key = self._id_key()
        digests = {keyed_digest(key, q.canonical()) for q in asked}
        rows = self._fetchall(
            "SELECT asked_at, asker, partner, purpose, case_ref, query_digest FROM hit_questions "
            "ORDER BY asked_at"
        )
        keys = ("asked_at", "asker", "partner", "purpose", "case_ref")
        return [dict(zip(keys, row[:5], strict=True)) for row in rows if row[5] in digests]

    def _reads_of(self, ids: set[str], statements: list[Any]) -> list[dict[str, Any]]:
        """Events that touched the subject by id (plain or, once purged, by digest), and bulk
        reads whose scope held its statements at the time."""
        key = self._id_key()
        marks = ids | {REDACTED + keyed_digest(key, i) for i in ids}
        touched = {
            event_id
            for event_id, blob in self._fetchall("SELECT event_id, ids FROM audit_event_ids")
            if marks & set(unpack_ids(blob))
        }
        held = {s.dataset: datetime.fromisoformat(s.first_seen) for s in statements}
        schemata = {s.schema for s in statements}
        reads = []
        for row in self._fetchall(SELECT_EVENTS + " ORDER BY e.occurred_at, e.id"):
            event = audit_event_from_row(row)
            if event.decision != "allow" or event.action in ("login", "start_job"):
                continue
            if event.id in touched or _scope_covers(event, held, schemata):
                reads.append(_read(event))
        return reads

    # ---- decisions ----------------------------------------------------------------------------

    def decide_subject(
        self,
        actor: Actor,
        subject_id: str,
        kind: str,
        reason: str,
        statement_id: str | None = None,
        corrected_value: str | None = None,
    ) -> SubjectDecision:
        """Record the privacy officer's decision on a subject's request, and enforce it:
        ``restrict`` takes the subject's records out of every read (AVG art. 18), ``lift``
        ends the latest restriction, ``rectify`` replaces one statement by a corrected value
        (AVG art. 16; the delivering partner corrects its source)."""
        self._require(actor, Action.DECIDE_SUBJECT, store_resource(), "subject decision")
        if kind not in DECISION_KINDS:
            raise UsageError(f"a decision is one of {', '.join(DECISION_KINDS)}, not {kind!r}")
        if not reason.strip():
            raise UsageError("a decision states its reason")
        canonical = self._canonical_of(subject_id)
        decision = SubjectDecision(
            id=uuid.uuid4().hex,
            canonical_id=canonical,
            kind=kind,
            reason=reason,
            decided_by=actor.name,
            decided_at=utc_now(),
            statement_id=statement_id,
            corrected_value=corrected_value,
        )
        with self._transaction():
            decision = self._enforce(decision)
            self._execute(
                f"INSERT INTO subject_decisions ({DECISION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tuple(decision.__dict__.values()),
            )
            self._audit(
                actor,
                Action.DECIDE_SUBJECT,
                target=f"{kind} {decision.id}",
                entity_ids=[canonical],
                detail=reason,
            )
        return decision

    def _enforce(self, decision: SubjectDecision) -> SubjectDecision:
        if decision.kind == "restrict":
            self._execute(
                "INSERT INTO restricted_records (entity_id, decision) SELECT DISTINCT entity_id, "
                "? FROM statements WHERE canonical_id = ? AND entity_id NOT IN "
                "(SELECT entity_id FROM restricted_records)",
                (decision.id, decision.canonical_id),
            )
            self._forget_views()
            return decision
        if decision.kind == "lift":
            restrictions = [
                d for d in self._decisions(decision.canonical_id) if d.kind == "restrict"
            ]
            if not restrictions:
                raise UsageError(f"{decision.canonical_id!r} is not restricted")
            latest = restrictions[-1].id
            self._execute("DELETE FROM restricted_records WHERE decision = ?", (latest,))
            self._forget_views()
            return SubjectDecision(**{**decision.__dict__, "lifts": latest})
        if not decision.statement_id or decision.corrected_value is None:
            raise UsageError("a rectification names the statement and its corrected value")
        found = self._fetchall(
            "SELECT 1 FROM statements WHERE id = ? AND canonical_id = ?",
            (decision.statement_id, decision.canonical_id),
        )
        if not found:
            raise NotFoundError(f"no statement {decision.statement_id!r} of this subject")
        self._execute(
            "INSERT INTO superseded_statements (statement_id, decision) VALUES (?, ?)",
            (decision.statement_id, decision.id),
        )
        return decision

    def _decisions(self, canonical: str) -> list[SubjectDecision]:
        rows = self._fetchall(
            f"SELECT {DECISION_COLUMNS} FROM subject_decisions WHERE canonical_id = ? "
            "ORDER BY decided_at, id",
            (canonical,),
        )
        return [SubjectDecision(*row) for row in rows]


def _scope_covers(event: AuditEvent, held: dict[str, datetime], schemata: set[str]) -> bool:
    """Whether a bulk read's scope (datasets, schemata, at its moment) held the subject."""
    if not event.scope:
        return False
    scope = json.loads(event.scope)
    wanted = scope.get("schemata")
    if isinstance(wanted, list) and not schemata & set(wanted) and "LegalEntity" not in wanted:
        return False
    return any(event.occurred_at >= held[d] for d in event.datasets if d in held)


def _read(event: AuditEvent) -> dict[str, Any]:
    return {
        "when": event.occurred_at.isoformat(timespec="seconds"),
        "who": event.actor,
        "partner": event.partner,
        "purpose": event.purpose,
        "legal_basis": event.legal_basis,
        "case": event.case_ref,
        "action": event.action,
        "datasets": list(event.datasets),
    }
