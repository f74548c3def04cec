"""Signal hits as recorded by a run: kept so that a data subject can learn what flagged it,
so that casework can act on them, and so that retention removes a hit with its evidence."""

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime

from verweven.access import Action, Actor, store_resource
from verweven.errors import NotFoundError, UsageError
from verweven.model.case import HitFeedback, HitVerdict
from verweven.store.guard import Guard
from verweven.store.records import SignalHitRecord
from verweven.store.rows import utc_now

HIT_COLUMNS = (
    "id, run_id, signal_id, signal_version, entity_id, score, sentence, datasets, as_of, "
    "recorded_at, recorded_by, purpose, case_ref"
)
FEEDBACK_COLUMNS = "id, case_ref, hit_id, signal_id, verdict, reason, decided_by, decided_at"
# The verdicts of the queue; "the intervention succeeded" is a case's to give.
QUEUE_VERDICTS = (HitVerdict.RELEVANT, HitVerdict.NOT_RELEVANT)


class SignalHits(Guard):
    """Record and list signal hits."""

    def record_signal_hits(
        self, actor: Actor, hits: Sequence[SignalHitRecord], as_of: datetime
    ) -> str:
        """Keep the hits of one signal run (which the actor made from what it may read in
        bulk); return the run's id."""
        readable = set(self._permitted(actor, Action.READ_BULK))
        used = sorted({d for hit in hits for d in hit.datasets})
        refused = [d for d in used if d not in readable]
        if refused:
            self._require_dataset(actor, Action.READ_BULK, self._dataset(refused[0]))
        run_id = uuid.uuid4().hex
        now = utc_now()
        with self._transaction():
            for hit in hits:
                hit_id = _hit_id(run_id, hit)
                self._execute(
                    f"INSERT INTO signal_hits ({HIT_COLUMNS}) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (hit_id, run_id, hit.signal_id, hit.signal_version, hit.entity_id,
                     hit.score, hit.sentence, list(hit.datasets), as_of, now, actor.name,
                     actor.purpose or "", actor.case or ""),
                )  # fmt: skip
                for statement_id in sorted(set(hit.evidence)):
                    self._execute(
                        "INSERT INTO signal_hit_evidence VALUES (?, ?)", (hit_id, statement_id)
                    )
            self._audit(
                actor,
                Action.READ_BULK,
                target=f"signal run {run_id}",
                datasets=used,
                entity_ids=[hit.entity_id for hit in hits],
                result_size=len(hits),
                detail="hits recorded",
            )
        return run_id

    def list_signal_hits(
        self, actor: Actor, entity_ids: Sequence[str] | None = None
    ) -> list[SignalHitRecord]:
        """Recorded hits (on these entities, if given) whose every delivery the actor may
        read, newest run first."""
        readable = set(self._permitted(actor, Action.READ))
        hits = [h for h in self._hits(entity_ids) if set(h.datasets) <= readable]
        self._audit(
            actor,
            Action.READ,
            target="signal hits",
            datasets=sorted({d for h in hits for d in h.datasets}),
            entity_ids=[h.entity_id for h in hits],
            result_size=len(hits),
        )
        return hits

    def judge_signal_hit(
        self, actor: Actor, hit_id: str, verdict: HitVerdict, reason: str
    ) -> HitFeedback:
        """A verdict on a signal hit from the queue, outside a case (relevant or not, with
        a reason): appended, audited, and counted in the signal's precision in practice. Only
        a hit whose every delivery the actor may read can be judged."""
        self._require(actor, Action.HIT_FEEDBACK, store_resource(), f"signal hit {hit_id}")
        if verdict not in QUEUE_VERDICTS:
            raise UsageError(
                f"a verdict from the queue is relevant or niet_relevant, not {verdict}"
            )
        if not reason.strip():
            raise UsageError("a verdict on a signal hit needs its reason")
        readable = set(self._permitted(actor, Action.READ))
        rows = self._fetchall(
            "SELECT signal_id, entity_id, datasets FROM signal_hits WHERE id = ?", (hit_id,)
        )
        if not rows or not set(rows[0][2]) <= readable:
            raise NotFoundError(f"no signal hit {hit_id!r} is visible for purpose {actor.purpose}")
        [(signal_id, entity_id, datasets)] = rows
        feedback = HitFeedback(
            uuid.uuid4().hex, "", hit_id, signal_id, verdict, reason.strip(), actor.name,
            utc_now(),
        )  # fmt: skip
        with self._transaction():
            self._execute(
                f"INSERT INTO hit_feedback ({FEEDBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (feedback.id, "", hit_id, signal_id, verdict.value, feedback.reason,
                 actor.name, feedback.decided_at),
            )  # fmt: skip
            self._audit(
                actor, Action.HIT_FEEDBACK, target=f"signal hit {hit_id}: {verdict.value}",
                datasets=list(datasets), entity_ids=[entity_id], result_size=1,
                detail=feedback.reason,
            )  # fmt: skip
        return feedback

    def list_hit_feedback(
        self, actor: Actor, hit_ids: Sequence[str] | None = None
    ) -> list[HitFeedback]:
        """Every verdict on signal hits (on these hits, if given), from cases and from the
        queue, in the order they were given."""
        self._require(actor, Action.HIT_FEEDBACK, store_resource(), "signal hit verdicts")
        where, params = ("WHERE hit_id = ANY(?)", [list(hit_ids)]) if hit_ids else ("", [])
        found = [
            HitFeedback(row[0], row[1], row[2], row[3], HitVerdict(row[4]), *row[5:])
            for row in self._fetchall(
                f"SELECT {FEEDBACK_COLUMNS} FROM hit_feedback {where} ORDER BY decided_at, id",
                params,
            )
        ]
        self._audit(
            actor, Action.HIT_FEEDBACK, target="signal hit verdicts", result_size=len(found)
        )
        return found

    def _hits(self, entity_ids: Sequence[str] | None) -> list[SignalHitRecord]:
        where, params = ("WHERE entity_id = ANY(?)", [list(entity_ids)]) if entity_ids else ("", [])
        rows = self._fetchall(
            f"SELECT {HIT_COLUMNS} FROM signal_hits {where} ORDER BY recorded_at DESC, id",
            params,
        )
        evidence: dict[str, list[str]] = {}
        if rows:
            for hit_id, statement_id in self._fetchall(
                "SELECT hit_id, statement_id FROM signal_hit_evidence WHERE hit_id = ANY(?)",
                ([row[0] for row in rows],),
            ):
                evidence.setdefault(hit_id, []).append(statement_id)
        return [
            SignalHitRecord(
                signal_id=row[2],
                signal_version=int(row[3]),
                entity_id=row[4],
                score=float(row[5]),
                sentence=row[6],
                evidence=tuple(sorted(evidence.get(row[0], []))),
                datasets=tuple(row[7]),
                run_id=row[1],
                as_of=row[8],
                recorded_by=row[10],
                purpose=row[11],
                case_ref=row[12],
                id=row[0],
            )
            for row in rows
        ]


def _hit_id(run_id: str, hit: SignalHitRecord) -> str:
    key = f"{run_id}:{hit.signal_id}:{hit.signal_version}:{hit.entity_id}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()
