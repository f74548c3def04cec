"""Signal hits as recorded by a run: kept so that a data subject can learn what flagged it,
so that casework can act on them, and so that retention removes a hit with its evidence."""

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime

from verweven.access import Action, Actor
from verweven.store.guard import Guard
from verweven.store.records import SignalHitRecord
from verweven.store.rows import utc_now

HIT_COLUMNS = (
    "id, run_id, signal_id, signal_version, entity_id, score, sentence, datasets, as_of, "
    "recorded_at, recorded_by, purpose, case_ref"
)


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
