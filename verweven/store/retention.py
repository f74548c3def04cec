"""Retention: each dataset's ``retention_days`` enforced. A statement not delivered again
within that many days is removed, and with it everything derived from it — canonical ids and
the clusters it held together, judgements about its record, quarantined rows, exported files,
the record's id in the audit log (replaced by its digest) — and then the storage is rewritten,
so that no byte of a purged value remains. A tombstone records what was removed, never what."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from verweven.access import Action, Actor, bibob_file_resource, dataset_resource, load_purposes
from verweven.audit.event import REDACTED, keyed_digest, pack_ids, redact_ids, unpack_ids
from verweven.store.bibob import BibobRecords
from verweven.store.guard import Guard
from verweven.store.rows import utc_now
from verweven.store.seen import LAST_SEEN, forget_missing, seen_statements
from verweven.store.views import ClusterViews

# Every table of a Bibob file and the column naming the file: what an expired file loses.
BIBOB_TABLES = (
    ("bibob_dates", "file_ref"),
    ("bibob_decisions", "file_ref"),
    ("bibob_lbb_answers", "file_ref"),
    ("bibob_file_members", "file_ref"),
    ("bibob_file_purges", "file_ref"),
    ("bibob_files", "ref"),
)
# Where a Bibob file names a person or company: (table, id column, file column).
BIBOB_SUBJECTS = (
    ("bibob_files", "applicant", "ref"),
    ("bibob_file_members", "entity_id", "file_ref"),
    ("bibob_lbb_answers", "entity_id", "file_ref"),
)
# A dataset's statements last seen before a cut-off (parameters: the dataset, the cut-off).
EXPIRED = seen_statements(f"s.dataset = ? AND {LAST_SEEN} < ?")


@dataclass
class PurgeReport:
    """What one dataset's purge removed."""

    dataset: str
    cutoff: datetime
    statements: int = 0
    records: list[str] = field(default_factory=list)
    quarantined: int = 0
    judgements: int = 0
    clusters_split: int = 0
    exports_removed: list[str] = field(default_factory=list)
    audit_events_redacted: int = 0
    signal_hits: int = 0
    case_subjects: int = 0
    """Subjects of cases whose records this purge removed (each noted in its case)."""
    bibob_subjects: int = 0
    """Applicants and circle members of Bibob files whose records this purge removed (each
    noted on its file)."""


class Retention(Guard, ClusterViews, BibobRecords):
    """Find and purge what has outlived its dataset's retention."""

    def expired_statements(self, actor: Actor, now: datetime | None = None) -> dict[str, int]:
        """Per dataset the actor may purge: how many statements a purge now would remove."""
        counts = {}
        for name, cutoff in self._cutoffs(actor, now).items():
            [(count,)] = self._fetchall(f"SELECT count(*) FROM {EXPIRED}", (name, cutoff))
            counts[name] = int(count)
        return counts

    def purge_expired(self, actor: Actor, now: datetime | None = None) -> list[PurgeReport]:
        """Purge every dataset the actor may purge, then rewrite the storage (``_compact``)."""
        reports = [
            self._purge_dataset(actor, name, cutoff)
            for name, cutoff in self._cutoffs(actor, now).items()
        ]
        if any(r.statements or r.quarantined for r in reports):
            self._compact()
        return reports

    def _cutoffs(self, actor: Actor, now: datetime | None) -> dict[str, datetime]:
        self._check_actor(actor)
        moment = now or utc_now()
        datasets = self._datasets()
        allowed = {
            name: moment - timedelta(days=dataset.retention_days)
            for name, dataset in sorted(datasets.items())
            if self._decide(actor, Action.PURGE, dataset_resource(dataset)).allowed
        }
        if datasets and not allowed:
            first = next(iter(sorted(datasets.values(), key=lambda d: d.name)))
            self._require_dataset(actor, Action.PURGE, first)
        return allowed

    def _purge_dataset(self, actor: Actor, name: str, cutoff: datetime) -> PurgeReport:
        report = PurgeReport(dataset=name, cutoff=cutoff)
        with self._transaction():
            records = [r[0] for r in self._fetchall(
                f"SELECT DISTINCT entity_id FROM {EXPIRED}", (name, cutoff)
            )]  # fmt: skip
            report.signal_hits = self._forget_hits(name, cutoff, records)
            touched = self._case_subjects_of(records)
            named = self._bibob_subjects_of(records)
            report.statements = max(self._execute(
                f"DELETE FROM statements WHERE dataset = ? AND id IN (SELECT id FROM {EXPIRED})",
                (name, name, cutoff),
            ), 0)  # fmt: skip
            forget_missing(self, name)
            gone = self._records_without_statements(records)
            report.records = gone
            report.quarantined = max(self._execute(
                "DELETE FROM quarantine WHERE dataset = ? AND import_run IN "
                "(SELECT id FROM import_runs WHERE dataset = ? "
                "AND coalesce(observed_at, finished_at) < ?)",
                (name, name, cutoff),
            ), 0)  # fmt: skip
            if gone:
                report.clusters_split = self._split_clusters(gone)
                report.judgements = self._forget_judgements(gone)
                report.audit_events_redacted = self._redact_audit(gone)
                report.case_subjects = self._note_case_subjects(name, touched, set(gone))
                report.bibob_subjects = self._note_bibob_subjects(name, named, set(gone))
                for table, column in (("restricted_records", "entity_id"),):
                    self._execute(f"DELETE FROM {table} WHERE {column} = ANY(?)", (gone,))
            if report.statements:
                report.exports_removed = self._remove_exports(name)
            self._execute(
                "INSERT INTO purge_tombstones VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, name, cutoff, report.statements, len(gone), utc_now(),
                 actor.name),
            )  # fmt: skip
            self._audit(
                actor,
                Action.PURGE,
                target=name,
                datasets=[name],
                result_size=report.statements,
                detail=f"cut-off {cutoff:%Y-%m-%d}: {report.statements} statements, "
                f"{len(gone)} records, {report.quarantined} quarantined rows, "
                f"{report.judgements} judgements, {len(report.exports_removed)} exports, "
                f"{report.case_subjects} case subjects, {report.bibob_subjects} Bibob subjects",
            )
        return report

    def _records_without_statements(self, records: list[str]) -> list[str]:
        """Of these records, those no delivery holds any more."""
        if not records:
            return []
        kept = {r[0] for r in self._fetchall(
            "SELECT DISTINCT entity_id FROM statements WHERE entity_id = ANY(?)", (records,)
        )}  # fmt: skip
        return sorted(set(records) - kept)

    def _split_clusters(self, gone: list[str]) -> int:
        """A cluster that a purged record was part of may have been held together by it: its
        remaining records become their own entities again, until resolution links them anew
        from what remains."""
        clusters = [r[0] for r in self._fetchall(
            "SELECT DISTINCT canonical_id FROM canonical_ids WHERE entity_id = ANY(?)", (gone,)
        )]  # fmt: skip
        if not clusters:
            return 0
        members = [r[0] for r in self._fetchall(
            "SELECT entity_id FROM canonical_ids WHERE canonical_id = ANY(?)", (clusters,)
        )]  # fmt: skip
        self._execute("DELETE FROM canonical_ids WHERE entity_id = ANY(?)", (members,))
        self._execute(
            "DELETE FROM resolution_links WHERE left_id = ANY(?) OR right_id = ANY(?)",
            (members, members),
        )
        self._forget_views()
        self._execute(
            "UPDATE statements SET canonical_id = entity_id WHERE entity_id = ANY(?)", (members,)
        )
        return len(clusters)

    def _forget_hits(self, dataset: str, cutoff: datetime, records: list[str]) -> int:
        """Signal hits that rest on an expiring statement, or are about an expiring record."""
        hits = {r[0] for r in self._fetchall(
            f"SELECT DISTINCT e.hit_id FROM signal_hit_evidence e JOIN {EXPIRED} "
            "ON statements.id = e.statement_id",
            (dataset, cutoff),
        )}  # fmt: skip
        hits |= {r[0] for r in self._fetchall(
            "SELECT id FROM signal_hits WHERE entity_id = ANY(?)", (records,)
        )}  # fmt: skip
        if hits:
            self._execute("DELETE FROM signal_hit_evidence WHERE hit_id = ANY(?)", (sorted(hits),))
            self._execute("DELETE FROM signal_hits WHERE id = ANY(?)", (sorted(hits),))
        return len(hits)

    def _case_subjects_of(self, records: list[str]) -> dict[tuple[str, str], set[str]]:
        """Case subjects with a record among ``records`` (read before they are deleted):
        per (case, subject), every record the subject is resolved from."""
        if not records:
            return {}
        rows = self._fetchall(
            "SELECT DISTINCT c.case_ref, c.entity_id, s.entity_id FROM case_subjects c "
            "JOIN statements s ON s.canonical_id = c.entity_id WHERE c.entity_id IN "
            "(SELECT canonical_id FROM statements WHERE entity_id = ANY(?))",
            (records,),
        )
        members: dict[tuple[str, str], set[str]] = {}
        for case_ref, subject, record in rows:
            members.setdefault((case_ref, subject), set()).add(record)
        return members

    def _note_case_subjects(
        self, dataset: str, touched: dict[tuple[str, str], set[str]], gone: set[str]
    ) -> int:
        """Note in each case what the purge took of its subjects. A subject none of whose
        records remain — or whose id was a purged record's — is removed: from now on the
        case names it by the keyed digest of its id, and its decisions stay. Remaining
        records are not re-attached silently: resolution links them anew, and the
        coordinator decides whether that entity is a subject."""
        key, now, noted = self._id_key(), utc_now(), 0
        for (case_ref, subject), members in sorted(touched.items()):
            purged = members & gone
            if not purged:
                continue
            removed = purged == members or subject in gone
            named = REDACTED + keyed_digest(key, subject) if removed else subject
            if removed:
                self._execute(
                    "UPDATE case_subjects SET entity_id = ? WHERE case_ref = ? AND entity_id = ?",
                    (named, case_ref, subject),
                )
            self._execute(
                "INSERT INTO case_subject_purges VALUES (?, ?, ?, ?, ?, ?)",
                (case_ref, named, dataset, len(purged), removed, now),
            )
            noted += 1
        return noted

    def _bibob_subjects_of(self, records: list[str]) -> dict[tuple[str, str], tuple[str, set[str]]]:
        """Applicants, circle members and LBB-answer subjects of Bibob files with a record
        among ``records`` (read before they are deleted): per (file, id the file recorded),
        the id it has now and every record it is resolved from."""
        if not records:
            return {}
        hit = {r[0] for r in self._fetchall(
            "SELECT DISTINCT canonical_id FROM statements WHERE entity_id = ANY(?)", (records,)
        )}  # fmt: skip
        named = " UNION ".join(f"SELECT {ref}, {column} FROM {table}"
                               for table, column, ref in BIBOB_SUBJECTS)  # fmt: skip
        touched: dict[tuple[str, str], tuple[str, set[str]]] = {}
        for ref, recorded in self._fetchall(named):
            now = None if recorded.startswith(REDACTED) else self._redirected(recorded)
            if now is None or now not in hit:
                continue
            members = {r[0] for r in self._fetchall(
                "SELECT DISTINCT entity_id FROM statements WHERE canonical_id = ?", (now,)
            )}  # fmt: skip
            touched[(ref, recorded)] = (now, members)
        return touched

    def _note_bibob_subjects(
        self, dataset: str, touched: dict[tuple[str, str], tuple[str, set[str]]], gone: set[str]
    ) -> int:
        """Note on each Bibob file what the purge took of whom it names, as a case does: one
        none of whose records remain is named by the keyed digest of its id from then on; the
        file, its days and its decisions stay (they expire by the file's own period)."""
        key, moment, noted = self._id_key(), utc_now(), 0
        for (ref, recorded), (now, members) in sorted(touched.items()):
            purged = members & gone
            if not purged:
                continue
            removed = purged == members or now in gone
            named = REDACTED + keyed_digest(key, recorded) if removed else recorded
            if removed:
                for table, column, ref_column in BIBOB_SUBJECTS:
                    self._execute(
                        f"UPDATE {table} SET {column} = ? WHERE {ref_column} = ? AND {column} = ?",
                        (named, ref, recorded),
                    )
            self._execute(
                "INSERT INTO bibob_file_purges VALUES (?, ?, ?, ?, ?, ?)",
                (ref, named, dataset, len(purged), removed, moment),
            )
            noted += 1
        return noted

    def purge_expired_bibob_files(self, actor: Actor, now: datetime | None = None) -> list[str]:
        """Remove every Bibob file last written to longer ago than purpose bibob's
        ``record_retention_days`` (the Wet Bibob period this deployment keeps files for):
        the request, its days, the LBB's answers, the decisions, the circle recorded and the
        purge notes. The audit log keeps that the file was, and when it went; the references
        removed are returned."""
        # The policy names no file: whoever may purge one file may purge any whose time is up.
        self._require(actor, Action.PURGE, bibob_file_resource(""), "bibob files")
        days = load_purposes()["bibob"].record_retention_days
        if days is None:
            return []
        cutoff = (now or utc_now()) - timedelta(days=days)
        removed = []
        for ref in self._file_refs():
            last = self._load_file(ref).last_recorded
            if last >= cutoff:
                continue
            with self._transaction():
                for table, column in BIBOB_TABLES:
                    self._execute(f"DELETE FROM {table} WHERE {column} = ?", (ref,))
                self._audit(
                    actor, Action.PURGE, target=f"bibob file {ref}",
                    detail=f"bewaartermijn van {days} dagen verstreken: laatst bijgewerkt "
                    f"{last:%Y-%m-%d}, dossier verwijderd",
                )  # fmt: skip
            removed.append(ref)
        return removed

    def _forget_judgements(self, gone: list[str]) -> int:
        judged = [r[0] for r in self._fetchall(
            "SELECT id FROM judgements WHERE left_id = ANY(?) OR right_id = ANY(?)", (gone, gone)
        )]  # fmt: skip
        if judged:
            self._execute(
                "DELETE FROM judgements WHERE id = ANY(?) OR withdraws = ANY(?)", (judged, judged)
            )
        return len(judged)

    def _redact_audit(self, gone: list[str]) -> int:
        """Replace the purged ids in the audit log by their digest: every event still proves
        what it touched (its leaf commits to the digests), but no longer names the record."""
        purged, key, changed = set(gone), self._id_key(), 0
        for event_id, blob in self._fetchall("SELECT event_id, ids FROM audit_event_ids"):
            entries = unpack_ids(blob)
            if purged.isdisjoint(entries):
                continue
            self._execute(
                "UPDATE audit_event_ids SET ids = ? WHERE event_id = ?",
                (pack_ids(redact_ids(key, entries, purged)), event_id),
            )
            changed += 1
        return changed

    def _remove_exports(self, dataset: str) -> list[str]:
        """Delete the files verweven exported from this dataset (they hold purged values)."""
        rows = self._fetchall(
            "SELECT id, path FROM exports WHERE removed_at IS NULL AND ? = ANY(datasets)",
            (dataset,),
        )
        removed = []
        for export_id, path in rows:
            file = Path(path)
            if file.is_file():
                file.unlink()
                removed.append(path)
            self._execute("UPDATE exports SET removed_at = ? WHERE id = ?", (utc_now(), export_id))
        return removed

    def _compact(self) -> None:
        """Rewrite the storage so that deleted rows leave no bytes behind (backend hook)."""
