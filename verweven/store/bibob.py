"""Bibob files as records: the request an administrative body screens, the days that start and
stop its clocks, the LBB's answers to the art. 11a question and the officer's decisions with
reasons — each appended and audited under the file's own reference (purpose bibob). Nothing of
a file is ever updated or deleted."""

import uuid
from collections.abc import Sequence
from datetime import date

from verweven.access import Action, Actor, bibob_file_resource, load_purposes, store_resource
from verweven.audit.event import REDACTED
from verweven.errors import NotFoundError, UsageError
from verweven.model.bibob import (
    BibobDate,
    BibobDecision,
    BibobFile,
    BibobMember,
    DateKind,
    Instrument,
    LbbAnswer,
    Outcome,
    check_decision,
)
from verweven.model.case import SubjectPurge
from verweven.store.reads import Reads
from verweven.store.resolution import Redirects
from verweven.store.rows import Row, utc_now

FILE_COLUMNS = (
    "ref, authority, instrument, subject, applicant, questionnaire, decision_weeks, "
    "legal_basis, opened_by, opened_at"
)
DATE_COLUMNS = "id, file_ref, kind, day, reason, recorded_by, recorded_at"
DECISION_COLUMNS = "id, file_ref, seq, outcome, reasons, decided_by, decided_at"
LBB_COLUMNS = (
    "id, file_ref, entity_id, hit, asked_on, answered_on, reference, recorded_by, recorded_at"
)


class BibobRecords(Redirects):
    """A file as its tables hold it; no decision of its own (each caller decides)."""

    def _load_file(self, ref: str, with_answers: bool = True) -> BibobFile:
        header = self._fetchall(f"SELECT {FILE_COLUMNS} FROM bibob_files WHERE ref = ?", (ref,))
        if not header:
            raise NotFoundError(f"no Bibob file {ref!r}")
        dates = tuple(
            BibobDate(row[0], row[1], DateKind(row[2]), *row[3:])
            for row in self._fetchall(
                f"SELECT {DATE_COLUMNS} FROM bibob_dates WHERE file_ref = ? "
                "ORDER BY recorded_at, id",
                (ref,),
            )
        )
        decisions = tuple(
            BibobDecision(row[0], row[1], Outcome(row[3]), *row[4:])
            for row in self._fetchall(
                f"SELECT {DECISION_COLUMNS} FROM bibob_decisions WHERE file_ref = ? ORDER BY seq",
                (ref,),
            )
        )
        answers = tuple(
            _answer(row)
            for row in self._fetchall(
                f"SELECT {LBB_COLUMNS} FROM bibob_lbb_answers WHERE file_ref = ? "
                "ORDER BY recorded_at, id",
                (ref,),
            )
        )
        ref, authority, instrument, subject, applicant, questionnaire, weeks, basis, by, at = (
            header[0]
        )
        members = tuple(
            BibobMember(*row)
            for row in self._fetchall(
                # A member retention removed is named by its digest: no longer a member.
                "SELECT entity_id, category, recorded_at FROM bibob_file_members "
                "WHERE file_ref = ? AND entity_id NOT LIKE '#%' ORDER BY recorded_at, entity_id",
                (ref,),
            )
        )
        purges = tuple(
            SubjectPurge(*row)
            for row in self._fetchall(
                "SELECT subject, dataset, records, removed, purged_at FROM bibob_file_purges "
                "WHERE file_ref = ? ORDER BY purged_at, subject",
                (ref,),
            )
        )
        now = None if applicant.startswith(REDACTED) else self._redirected(applicant)
        return BibobFile(
            ref, authority, Instrument(instrument), subject, applicant, questionnaire, int(weeks),
            basis, by, at, dates, decisions, answers if with_answers else (), now, members,
            purges,
        )  # fmt: skip

    def _file_refs(self) -> list[str]:
        return [r[0] for r in self._fetchall("SELECT ref FROM bibob_files ORDER BY opened_at, ref")]

    def _files_naming(self, canonical: str) -> list[tuple[BibobFile, str]]:
        """Every file whose applicant (``aanvrager``) or circle member (``kring``) is the
        entity ``canonical`` today (the ids the file recorded, followed to their ids now)."""
        found = []
        for ref in self._file_refs():
            file = self._load_file(ref)
            if file.current_applicant == canonical:
                found.append((file, "aanvrager"))
            elif any(self._redirected(m.entity_id) == canonical for m in file.members):
                found.append((file, "kring"))
        return found


class BibobFiles(Reads, BibobRecords):
    """The Bibob files of the administrative bodies. A file keeps the applicant's id as it
    was when the file was opened; reading the file follows that id's redirects to the id the
    applicant has now (a merge by resolution) — that one id only, under the file's own
    permission, and the read's audit event names both."""

    def open_bibob_file(
        self,
        actor: Actor,
        authority: str,
        instrument: Instrument,
        subject: str,
        applicant: str,
        received: date,
        questionnaire: str = "",
        decision_weeks: int = 8,
    ) -> BibobFile:
        """Open the file the actor names (its reference) for an applicant it may read, with
        the day the complete application was received: the decision period starts there."""
        ref = self._file_ref(actor, Action.BIBOB_WORK)
        self._require(actor, Action.BIBOB_WORK, bibob_file_resource(ref), f"bibob file {ref}")
        if not authority.strip() or not subject.strip():
            raise UsageError("a Bibob file names the administrative body and what is asked")
        if not 1 <= decision_weeks <= 52:
            raise UsageError(f"a decision period of {decision_weeks} weeks; give 1 to 52")
        self.get_entity(actor, applicant)  # readable for bibob and this file, or NotFound
        with self._transaction():
            self._take_turns("bibob_files")
            if self._fetchall("SELECT 1 FROM bibob_files WHERE ref = ?", (ref,)):
                raise UsageError(f"Bibob file {ref} exists already")
            self._execute(
                f"INSERT INTO bibob_files ({FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ref, authority.strip(), instrument.value, subject.strip(), applicant,
                 questionnaire.strip(), decision_weeks, load_purposes()["bibob"].legal_basis,
                 actor.name, utc_now()),
            )  # fmt: skip
            what = f"{instrument.value}: {subject.strip()} ({authority.strip()})"
            self._audit_file(actor, ref, "geopend", [applicant], what)
            self._append_date(actor, ref, DateKind.ONTVANGEN, received, "aanvraag geopend")
        return self._load_file(ref)

    def record_bibob_date(self, actor: Actor, kind: DateKind, day: date, reason: str) -> BibobFile:
        """Record a day on the actor's file: a later record of the same kind corrects one."""
        file = self._file_for_work(actor)
        if not reason.strip():
            raise UsageError(f"recording {kind.value} on a file needs a reason")
        if day < (file.latest(DateKind.ONTVANGEN) or day) and kind is not DateKind.ONTVANGEN:
            raise UsageError(f"{kind.value} {day} lies before the application was received")
        with self._transaction():
            self._append_date(actor, file.ref, kind, day, reason)
        return self._load_file(file.ref)

    def record_lbb_answer(
        self,
        actor: Actor,
        entity_id: str,
        hit: bool,
        asked_on: date,
        answered_on: date,
        reference: str = "",
    ) -> LbbAnswer:
        """Record the LBB's answer to the art. 11a question about the applicant or a member
        of its circle: known (a hit) or not known — the question and answer, no content."""
        file = self._file_for_work(actor)
        if answered_on < asked_on:
            raise UsageError(f"the LBB answered on {answered_on}, before it was asked ({asked_on})")
        self.get_entity(actor, entity_id)
        answer = LbbAnswer(
            uuid.uuid4().hex, file.ref, entity_id, hit, asked_on, answered_on, reference.strip(),
            actor.name, utc_now(),
        )  # fmt: skip
        with self._transaction():
            self._execute(
                f"INSERT INTO bibob_lbb_answers ({LBB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer.id, file.ref, entity_id, hit, asked_on, answered_on, answer.reference,
                 actor.name, answer.recorded_at),
            )  # fmt: skip
            said = "hit" if hit else "geen hit"
            self._audit_file(actor, file.ref, f"art. 11a {entity_id}: {said}", [entity_id], "")
        return answer

    def decide_bibob_file(self, actor: Actor, outcome: Outcome, reasons: str) -> BibobDecision:
        """Record the officer's decision on the actor's file, with its reasons."""
        file = self._file_for_work(actor)
        check_decision(tuple(d.outcome for d in file.decisions), outcome, reasons)
        decision = BibobDecision(
            uuid.uuid4().hex, file.ref, outcome, reasons.strip(), actor.name, utc_now()
        )
        with self._transaction():
            self._take_turns("bibob_decisions")
            seq = len(self._fetchall(
                "SELECT 1 FROM bibob_decisions WHERE file_ref = ?", (file.ref,)
            ))  # fmt: skip
            self._execute(
                f"INSERT INTO bibob_decisions ({DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (decision.id, file.ref, seq, outcome.value, decision.reasons, actor.name,
                 decision.decided_at),
            )  # fmt: skip
            self._audit_file(
                actor, file.ref, f"besluit {outcome.value}", [file.applicant], decision.reasons
            )
        return decision

    def record_bibob_circle(self, actor: Actor, members: Sequence[tuple[str, str]]) -> int:
        """Record on the actor's file whom its screening found in the applicant's circle
        ((entity id, art. 3 lid 4 category) pairs): data-subject requests and retention find
        the file through them. Only new pairs are appended (and audited); their number."""
        file = self._file_for_work(actor)
        known = {(m.entity_id, m.category) for m in file.members}
        new = sorted(set(members) - known)
        if not new:
            return 0
        now = utc_now()
        with self._transaction():
            for entity_id, category in new:
                self._execute(
                    "INSERT INTO bibob_file_members VALUES (?, ?, ?, ?)",
                    (file.ref, entity_id, category, now),
                )
            self._audit_file(actor, file.ref, f"kring: {len(new)} leden", [m for m, _ in new], "")
        return len(new)

    def get_bibob_file(self, actor: Actor) -> BibobFile:
        """The actor's file (its reference is the actor's case), audited as a read."""
        ref = self._file_ref(actor, Action.READ_BIBOB_FILE)
        self._require(actor, Action.READ_BIBOB_FILE, bibob_file_resource(ref), f"bibob file {ref}")
        file = self._load_file(ref)
        now = [file.current_applicant or ""] if file.applicant_moved else []
        self._audit(
            actor, Action.READ_BIBOB_FILE, target=f"bibob file {ref}",
            entity_ids=[file.applicant, *now, *(a.entity_id for a in file.lbb_answers)],
            result_size=len(file.dates) + len(file.decisions) + len(file.lbb_answers),
            detail=f"aanvrager nu {file.current_applicant}" if now else "",
        )  # fmt: skip
        return file

    def list_bibob_files(self, actor: Actor) -> list[BibobFile]:
        """Every file with its dates and decisions — without the LBB's answers."""
        self._require(actor, Action.LIST_BIBOB_FILES, store_resource(), "bibob files")
        files = [self._load_file(ref, with_answers=False) for ref in self._file_refs()]
        moved = [f.current_applicant or "" for f in files if f.applicant_moved]
        self._audit(
            actor, Action.LIST_BIBOB_FILES, target="bibob files",
            entity_ids=[*(f.applicant for f in files), *moved], result_size=len(files),
        )  # fmt: skip
        return files

    # ---- internals ----------------------------------------------------------------------

    def _file_ref(self, actor: Actor, action: Action) -> str:
        """The file the actor works on: its purpose is checked first, then that it names one."""
        self.require_purpose(actor, action)
        if not actor.case:
            raise UsageError("a Bibob file is kept under its reference: give it (--case)")
        return actor.case

    def _file_for_work(self, actor: Actor) -> BibobFile:
        ref = self._file_ref(actor, Action.BIBOB_WORK)
        self._require(actor, Action.BIBOB_WORK, bibob_file_resource(ref), f"bibob file {ref}")
        return self._load_file(ref)

    def _append_date(self, actor: Actor, ref: str, kind: DateKind, day: date, reason: str) -> None:
        self._execute(
            f"INSERT INTO bibob_dates ({DATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uuid.uuid4().hex, ref, kind.value, day, reason.strip(), actor.name, utc_now()),
        )
        self._audit_file(actor, ref, f"{kind.value} {day.isoformat()}", [], reason)

    def _audit_file(
        self, actor: Actor, ref: str, what: str, entity_ids: list[str], reason: str
    ) -> None:
        self._audit(
            actor, Action.BIBOB_WORK, target=f"bibob file {ref}: {what}", entity_ids=entity_ids,
            detail=reason,
        )  # fmt: skip


def _answer(row: Row) -> LbbAnswer:
    answer_id, ref, entity_id, hit, asked, answered, reference, by, at = row
    return LbbAnswer(answer_id, ref, entity_id, bool(hit), asked, answered, reference, by, at)
