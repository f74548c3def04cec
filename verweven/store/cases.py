"""Integral cases as records: opened, moved through the work process, given subjects,
interventions and verdicts on signal hits — each an appended, audited decision of the case
coordinator under the case's own reference. Nothing of a case is ever updated or deleted."""

import uuid
from collections.abc import Sequence
from datetime import date

from verweven.access import Action, Actor, case_resource, load_purposes, store_resource
from verweven.errors import NotFoundError, UsageError
from verweven.model.case import (
    Case,
    CaseDecision,
    CaseState,
    HitFeedback,
    HitVerdict,
    InterventionStatus,
    InterventionStep,
    SubjectPurge,
    check_intervention_move,
    check_move,
)
from verweven.store.reads import Reads
from verweven.store.rows import Row, utc_now
from verweven.store.signal_hits import FEEDBACK_COLUMNS

DECISION_COLUMNS = (
    "id, case_ref, seq, from_state, to_state, reason, evidence, decided_by, decided_at"
)
STEP_COLUMNS = (
    "id, intervention_id, case_ref, instrument, barrier, partner, status, planned_for, "
    "reason, decided_by, decided_at"
)
# Where each kind of record may be added: advice is given in its own state, executed after.
ADVISING = (CaseState.INTERVENTIEADVIES,)
EXECUTING = (CaseState.UITVOERING, CaseState.MONITORING)
ENDED = (CaseState.AFGESLOTEN, CaseState.AFGEWEZEN)


class Cases(Reads):
    """The RIEC's integral cases."""

    def open_case(
        self,
        actor: Actor,
        title: str,
        typology: str,
        reason: str,
        evidence: Sequence[str] = (),
        monitor_until: date | None = None,
    ) -> Case:
        """Open the case the actor names (its case reference) in state *signaal*."""
        ref = self._case_ref(actor, Action.CASEWORK)
        self._require(actor, Action.CASEWORK, case_resource(ref), f"case {ref}")
        if not reason.strip():
            raise UsageError("opening a case needs a reason: the signal it starts from")
        with self._transaction():
            self._take_turns("cases")
            if self._fetchall("SELECT 1 FROM cases WHERE ref = ?", (ref,)):
                raise UsageError(f"case {ref} exists already")
            legal_basis = load_purposes()["riec_casus"].legal_basis
            self._execute(
                "INSERT INTO cases (ref, title, typology, legal_basis, opened_by, opened_at, "
                "monitor_until) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (ref, title, typology, legal_basis, actor.name, utc_now(), monitor_until),
            )
            self._decide_case(actor, ref, 0, None, CaseState.SIGNAAL, reason, evidence)
        return self._load_case(ref)

    def move_case(
        self, actor: Actor, target: CaseState, reason: str, evidence: Sequence[str] = ()
    ) -> Case:
        """Move the actor's case to ``target``: only along the work process, with a reason."""
        case = self._case_for_work(actor)
        check_move(case.state, target, reason)
        current = case.current_interventions().values()
        if (
            target is CaseState.UITVOERING
            and case.state is CaseState.INTERVENTIEADVIES
            and not (current)
        ):
            raise UsageError("an integral advice names at least one intervention first")
        if target is CaseState.MONITORING and not any(
            step.status is InterventionStatus.EXECUTED for step in current
        ):
            raise UsageError("monitoring starts once at least one intervention is executed")
        with self._transaction():
            self._take_turns("cases")
            seq = len(self._load_case(case.ref).decisions)
            self._decide_case(actor, case.ref, seq, case.state, target, reason, evidence)
        return self._load_case(case.ref)

    def add_case_subject(self, actor: Actor, entity_id: str, reason: str) -> Case:
        """Make a resolved entity the actor may read a subject of its case."""
        case = self._case_for_work(actor, open_only=True)
        self.get_entity(actor, entity_id)  # readable for this purpose and case, or NotFound
        with self._transaction():
            if self._fetchall(
                "SELECT 1 FROM case_subjects WHERE case_ref = ? AND entity_id = ?",
                (case.ref, entity_id),
            ):
                raise UsageError(f"{entity_id} is a subject of case {case.ref} already")
            self._execute(
                "INSERT INTO case_subjects VALUES (?, ?, ?, ?, ?)",
                (case.ref, entity_id, reason, actor.name, utc_now()),
            )
            self._audit_case(actor, case.ref, f"subject {entity_id}", [entity_id], reason)
        return self._load_case(case.ref)

    def advise_intervention(
        self, actor: Actor, instrument: str, barrier: str, partner: str, reason: str
    ) -> InterventionStep:
        """Add an intervention to the case's integral advice (in state interventieadvies)."""
        case = self._case_for_work(actor)
        if case.state not in ADVISING:
            raise UsageError(
                f"interventions are advised in state interventieadvies; case {case.ref} is "
                f"in {case.state.value}"
            )
        step = InterventionStep(
            uuid.uuid4().hex, case.ref, instrument, barrier, partner,
            InterventionStatus.ADVISED, None, reason, actor.name, utc_now(),
        )  # fmt: skip
        self._append_step(actor, step)
        return step

    def report_intervention(
        self,
        actor: Actor,
        intervention_id: str,
        status: InterventionStatus,
        reason: str,
        planned_for: date | None = None,
    ) -> InterventionStep:
        """A partner's report on an advised intervention: accepted, planned, executed, or
        declined — in execution or monitoring."""
        case = self._case_for_work(actor)
        latest = case.current_interventions().get(intervention_id)
        if latest is None:
            raise NotFoundError(f"case {case.ref} has no intervention {intervention_id!r}")
        if case.state not in EXECUTING:
            raise UsageError(
                f"interventions are carried out in state uitvoering or monitoring; case "
                f"{case.ref} is in {case.state.value}"
            )
        check_intervention_move(latest.status, status)
        if status is InterventionStatus.PLANNED and planned_for is None:
            raise UsageError("a planned intervention names the date it is planned for")
        step = InterventionStep(
            intervention_id, case.ref, latest.instrument, latest.barrier, latest.partner,
            status, planned_for or latest.planned_for, reason, actor.name, utc_now(),
        )  # fmt: skip
        self._append_step(actor, step)
        return step

    def record_hit_feedback(
        self, actor: Actor, hit_id: str, verdict: HitVerdict, reason: str
    ) -> HitFeedback:
        """What the case concluded about a signal hit: feedback for the signal's precision."""
        case = self._case_for_work(actor)
        rows = self._fetchall(
            "SELECT signal_id, entity_id FROM signal_hits WHERE id = ?", (hit_id,)
        )
        if not rows:
            raise NotFoundError(f"no recorded signal hit {hit_id!r}")
        [(signal_id, entity_id)] = rows
        if entity_id not in case.subjects:
            raise UsageError(f"hit {hit_id} is about {entity_id}, not a subject of {case.ref}")
        feedback = HitFeedback(
            uuid.uuid4().hex, case.ref, hit_id, signal_id, verdict, reason, actor.name, utc_now()
        )
        with self._transaction():
            self._execute(
                f"INSERT INTO hit_feedback ({FEEDBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (feedback.id, case.ref, hit_id, signal_id, verdict.value, reason,
                 actor.name, feedback.decided_at),
            )  # fmt: skip
            self._audit_case(actor, case.ref, f"hit {hit_id}: {verdict.value}", [entity_id], reason)
        return feedback

    def get_case(self, actor: Actor) -> Case:
        """The actor's case (its reference is the actor's case), audited as a read."""
        ref = self._case_ref(actor, Action.READ_CASE)
        self._require(actor, Action.READ_CASE, case_resource(ref), f"case {ref}")
        case = self._load_case(ref)
        self._audit(
            actor, Action.READ_CASE, target=f"case {ref}", entity_ids=list(case.subjects),
            result_size=len(case.decisions),
        )  # fmt: skip
        return case

    def list_cases(self, actor: Actor) -> list[Case]:
        """Every case with its decisions and interventions — without its subjects."""
        self._require(actor, Action.LIST_CASES, store_resource(), "cases")
        refs = [row[0] for row in self._fetchall("SELECT ref FROM cases ORDER BY opened_at, ref")]
        cases = [self._load_case(ref, with_subjects=False) for ref in refs]
        self._audit(actor, Action.LIST_CASES, target="cases", result_size=len(cases))
        return cases

    def signal_feedback(self, actor: Actor) -> dict[str, dict[str, int]]:
        """Per signal, how many hits casework found relevant or not (each hit's latest verdict):
        the precision observed in practice, next to the synthetic measurement."""
        self._require(actor, Action.LIST_CASES, store_resource(), "hit feedback")
        rows = self._fetchall(
            "SELECT signal_id, verdict, count(*) FROM (SELECT hit_id, signal_id, verdict, "
            "row_number() OVER (PARTITION BY hit_id ORDER BY decided_at DESC, id DESC) AS n "
            "FROM hit_feedback) latest WHERE n = 1 GROUP BY 1, 2 ORDER BY 1, 2"
        )
        summary: dict[str, dict[str, int]] = {}
        for signal_id, verdict, count in rows:
            summary.setdefault(signal_id, {})[verdict] = int(count)
        self._audit(actor, Action.LIST_CASES, target="hit feedback", result_size=len(rows))
        return summary

    # ---- internals ----------------------------------------------------------------------

    def _case_ref(self, actor: Actor, action: Action) -> str:
        """The case the actor works on: its purpose is checked first, then that it names one."""
        self.require_purpose(actor, action)
        if not actor.case:
            raise UsageError("casework names its case: give the case reference (--case)")
        return actor.case

    def _case_for_work(self, actor: Actor, open_only: bool = True) -> Case:
        ref = self._case_ref(actor, Action.CASEWORK)
        self._require(actor, Action.CASEWORK, case_resource(ref), f"case {ref}")
        case = self._load_case(ref)
        if open_only and case.state in ENDED:
            raise UsageError(f"case {ref} has ended ({case.state.value}); nothing is added to it")
        return case

    def _decide_case(
        self,
        actor: Actor,
        ref: str,
        seq: int,
        source: CaseState | None,
        target: CaseState,
        reason: str,
        evidence: Sequence[str],
    ) -> None:
        self._execute(
            f"INSERT INTO case_decisions ({DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid.uuid4().hex, ref, seq, source.value if source else None, target.value,
             reason, list(evidence), actor.name, utc_now()),
        )  # fmt: skip
        moved = f"{source.value if source else 'nieuw'} -> {target.value}"
        self._audit_case(actor, ref, moved, list(evidence), reason)

    def _append_step(self, actor: Actor, step: InterventionStep) -> None:
        with self._transaction():
            self._execute(
                f"INSERT INTO case_interventions ({STEP_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, step.intervention_id, step.case_ref, step.instrument,
                 step.barrier, step.partner, step.status.value, step.planned_for, step.reason,
                 step.decided_by, step.decided_at),
            )  # fmt: skip
            self._audit_case(
                actor, step.case_ref,
                f"intervention {step.intervention_id} ({step.instrument}): {step.status.value}",
                [], step.reason,
            )  # fmt: skip

    def _audit_case(
        self, actor: Actor, ref: str, what: str, entity_ids: list[str], reason: str
    ) -> None:
        self._audit(
            actor, Action.CASEWORK, target=f"case {ref}: {what}", entity_ids=entity_ids,
            detail=reason,
        )  # fmt: skip

    def _load_case(self, ref: str, with_subjects: bool = True) -> Case:
        header = self._fetchall(
            "SELECT ref, title, typology, legal_basis, opened_by, opened_at, monitor_until "
            "FROM cases WHERE ref = ?",
            (ref,),
        )
        if not header:
            raise NotFoundError(f"no case {ref!r}")
        decisions = tuple(
            _decision(row)
            for row in self._fetchall(
                f"SELECT {DECISION_COLUMNS} FROM case_decisions WHERE case_ref = ? ORDER BY seq",
                (ref,),
            )
        )
        subjects = tuple(
            row[0]
            for row in self._fetchall(
                # A subject retention removed is named by its digest: no longer a subject.
                "SELECT entity_id FROM case_subjects WHERE case_ref = ? "
                "AND entity_id NOT LIKE '#%' ORDER BY added_at, entity_id",
                (ref,),
            )
        )
        steps = tuple(
            _step(row)
            for row in self._fetchall(
                f"SELECT {STEP_COLUMNS} FROM case_interventions WHERE case_ref = ? "
                "ORDER BY decided_at, id",
                (ref,),
            )
        )
        feedback = tuple(
            HitFeedback(row[0], row[1], row[2], row[3], HitVerdict(row[4]), *row[5:])
            for row in self._fetchall(
                f"SELECT {FEEDBACK_COLUMNS} FROM hit_feedback WHERE case_ref = ? "
                "ORDER BY decided_at, id",
                (ref,),
            )
        )
        purges = tuple(
            SubjectPurge(*row)
            for row in self._fetchall(
                "SELECT subject, dataset, records, removed, purged_at FROM case_subject_purges "
                "WHERE case_ref = ? ORDER BY purged_at, subject",
                (ref,),
            )
        )
        ref, title, typology, basis, opened_by, opened_at, monitor_until = header[0]
        return Case(
            ref, title, typology, basis, opened_by, opened_at, monitor_until, decisions,
            subjects if with_subjects else (), steps, feedback,
            purges if with_subjects else (),
        )  # fmt: skip


def _decision(row: Row) -> CaseDecision:
    decision_id, ref, _, source, target, reason, evidence, by, at = row
    return CaseDecision(
        decision_id, ref, CaseState(source) if source else None, CaseState(target), reason,
        tuple(evidence), by, at,
    )  # fmt: skip


def _step(row: Row) -> InterventionStep:
    _, intervention, ref, instrument, barrier, partner, status, planned, reason, by, at = row
    return InterventionStep(
        intervention, ref, instrument, barrier, partner, InterventionStatus(status), planned,
        reason, by, at,
    )  # fmt: skip
