"""Checking the audit log, and handing its evidence out: an exported checkpoint for a partner
or the supervisor, and the inclusion proof of one event.

Verification recomputes every sealed event's leaf from its stored content (so an event edited
together with its stored hashes is still found), checks the entity ids kept for it against
the digest its leaf commits to, checks that positions run 0, 1, 2, … without a gap, and then
runs ``verify_log`` against every checkpoint the store kept, every one in the witness file and
every one handed in. The store's own checkpoints cannot show that the end of the log was cut
off together with them; the witness file and exported checkpoints can.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

from verweven.access import Action, Actor, store_resource
from verweven.audit.checkpoint import parse_signed_checkpoint, verify_signed_checkpoint
from verweven.audit.event import leaf_data
from verweven.audit.merkle import MerkleTree, leaf_hash
from verweven.audit.note import VerifierKey, parse_note
from verweven.audit.proof import EventProof
from verweven.audit.report import AuditProblem, AuditReport, Finding
from verweven.audit.witness import ExportedCheckpoint, split_notes
from verweven.errors import AuditTamperedError, NotFoundError, UsageError
from verweven.store.audit_checks import (
    PendingCheck,
    Problems,
    TreeCheck,
    check_log,
    checkpoint_row_problems,
    labelled_notes,
)
from verweven.store.audit_log import SELECT_EVENTS
from verweven.store.audit_seal import LATEST_CHECKPOINT_SQL, AuditSeal
from verweven.store.rows import AUDIT_EVENT_COLUMNS, audit_event_from_row, qualified

SEALED_SQL = (
    f"SELECT t.seq, t.event_id, t.leaf_hash, {qualified(AUDIT_EVENT_COLUMNS, 'e')}, i.ids "
    "FROM audit_tree t LEFT JOIN audit_events e ON e.id = t.event_id "
    "LEFT JOIN audit_event_ids i ON i.event_id = t.event_id ORDER BY t.seq"
)
PENDING_EVENTS_SQL = (
    f"SELECT {qualified(AUDIT_EVENT_COLUMNS, 'e')}, i.ids FROM audit_events e "
    "LEFT JOIN audit_event_ids i ON i.event_id = e.id "
    "WHERE NOT EXISTS (SELECT 1 FROM audit_tree t WHERE t.event_id = e.id) "
    "ORDER BY e.occurred_at, e.id"
)


class AuditVerify(AuditSeal):
    """Verification of the audit log, exported checkpoints and inclusion proofs."""

    def verify_audit(
        self,
        actor: Actor,
        extra_checkpoints: Sequence[str] = (),
        extra_keys: Sequence[VerifierKey] = (),
    ) -> AuditReport:
        """Check the whole log (the auditor, for supervision): every sealed event against
        its leaf, the tree against every checkpoint — the store's, the witness file's and
        ``extra_checkpoints`` (signed notes a partner or the supervisor kept, checked also
        with ``extra_keys``, the verifier keys they received)."""
        self._require(actor, Action.READ_AUDIT, store_resource(), "audit log verification")
        with self._transaction():
            self._hold_sealer_lock()  # a seal committing halfway would look like tampering
            report = self._verified(list(extra_checkpoints), list(extra_keys))
            outcome = "no problem found" if report.problem is None else report.problem.kind
            self._audit(
                actor,
                Action.READ_AUDIT,
                target="audit log verification",
                result_size=report.sealed + report.pending,
                detail=outcome,
            )
        return report

    def _verified(self, extra: list[str], extra_keys: list[VerifierKey]) -> AuditReport:
        problems = Problems()
        stored = self._fetchall("SELECT size, root_hash, frontier, note FROM audit_checkpoints")
        problems.add_all(checkpoint_row_problems(stored))
        tree = TreeCheck(self._id_key())
        for row in self._iter_rows(SEALED_SQL):
            tree.add(row)
        problems.add_all(tree.problems)
        witness = self._witness_path()
        witness_notes, witness_problem = self._witness_notes(has_checkpoints=bool(stored))
        keys = list({key.to_text(): key for key in self._verifier_keys() + extra_keys}.values())
        labelled = labelled_notes(
            [(str(row[3]), f"the store's checkpoint of size {row[0]}") for row in stored]
            + [(note, f"entry {n} of witness file {witness}") for n, note in witness_notes]
            + [(note, f"given checkpoint {n}") for n, note in enumerate(extra, 1)]
        )
        covered, log_root, log_problem = check_log(tree.leaves, labelled, keys)
        problems.add_all([log_problem] if log_problem else [])
        largest = max((int(row[0]) for row in stored), default=0)
        if len(tree.leaves) > largest:
            message = (
                f"the tree holds {len(tree.leaves) - largest} position(s) from {largest} on"
                " that no checkpoint the store kept signs: they were added outside a seal"
            )
            problems.add(AuditProblem(Finding.UNSIGNED_POSITIONS, message, largest))
        problems.add_all([witness_problem] if witness_problem else [])
        pending = PendingCheck(self._id_key())
        for row in self._iter_rows(PENDING_EVENTS_SQL):
            pending.add(row)
        problems.add_all(pending.problems)
        return AuditReport(
            origin=self._audit_origin(),
            sealed=len(tree.leaves),
            pending=pending.count,
            checkpoints=len(labelled),
            from_witness=len({note for _, note in witness_notes}),
            given=len(extra),
            covered=covered,
            root=log_root,
            keys=tuple(key.to_text() for key in keys),
            witness=witness,
            problems=tuple(problems.kept),
            problem_count=problems.count,
        )

    def _witness_notes(
        self, has_checkpoints: bool
    ) -> tuple[list[tuple[int, str]], AuditProblem | None]:
        """The numbered notes of the witness file, and what is wrong with the file if anything."""
        path = self._witness_path()
        if path is None:
            return [], None
        if not path.exists():
            if not has_checkpoints:
                return [], None
            message = (
                f"the witness file {path} is missing, though the store has signed checkpoints:"
                " a cut-off end of the log cannot be checked against it"
            )
            return [], AuditProblem(Finding.WITNESS, message)
        try:
            notes, broken_at = split_notes(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            return [], AuditProblem(Finding.WITNESS, f"cannot read witness file {path}: {error}")
        problem = None
        if broken_at is not None:
            problem = AuditProblem(
                Finding.WITNESS,
                f"the witness file {path} ends in an incomplete checkpoint at line"
                f" {broken_at}: it was cut off or written to by something else",
            )
        return list(enumerate(notes, 1)), problem

    # ---- evidence to hand out ----------------------------------------------------------------

    def audit_checkpoint(self, actor: Actor, partner: str | None = None) -> ExportedCheckpoint:
        """The latest signed checkpoint and the verifier key that checks it, for a partner's
        steward (``partner``) or the auditor to keep outside the operator's reach."""
        self._require_audit_reader(actor, partner)
        note, key = self._latest_signed()
        size = parse_signed_checkpoint(note).size
        self._audit(actor, Action.READ_AUDIT, target=f"audit checkpoint {size}", result_size=size)
        return ExportedCheckpoint(note, key.to_text(), datetime.now(UTC))

    def prove_audit_event(
        self, actor: Actor, event_id: str, partner: str | None = None
    ) -> EventProof:
        """The inclusion proof of one sealed event in the latest checkpoint; a steward
        (``partner``) gets proofs of the events touching its partner's deliveries only."""
        datasets = self._require_audit_reader(actor, partner)
        rows = self._fetchall(SELECT_EVENTS + " WHERE e.id = ?", (event_id,))
        event = audit_event_from_row(rows[0]) if rows else None
        if event is None or (datasets is not None and not set(event.datasets) & set(datasets)):
            raise NotFoundError(f"no audit event {event_id!r} is visible to you")
        if event.seq is None:
            raise UsageError(
                f"audit event {event_id} is not sealed yet: run `verweven audit seal` first"
            )
        note, key = self._latest_signed()
        checkpoint = verify_signed_checkpoint(note, key)
        leaves = [bytes.fromhex(h) for (h,) in self._fetchall(
            "SELECT leaf_hash FROM audit_tree WHERE seq < ? ORDER BY seq", (checkpoint.size,)
        )]  # fmt: skip
        tree = MerkleTree(leaves)
        if tree.size != checkpoint.size or tree.root() != checkpoint.root_hash:
            raise AuditTamperedError(
                "the audit tree no longer gives the root of the latest checkpoint: no proof"
                " can be given (run `verweven audit verify`)"
            )
        if leaf_hash(leaf_data(event)) != leaves[event.seq]:
            raise AuditTamperedError(
                f"audit event {event_id} was changed after it was sealed at position"
                f" {event.seq}: no proof can be given (run `verweven audit verify`)"
            )
        self._audit(actor, Action.READ_AUDIT, target=event_id, detail="inclusion proof")
        return EventProof(
            event,
            event.seq,
            tree.size,
            tuple(tree.inclusion_proof(event.seq)),
            note,
            key.to_text(),
        )

    def _latest_signed(self) -> tuple[str, VerifierKey]:
        """The latest checkpoint and the key that signed it."""
        rows = self._fetchall(LATEST_CHECKPOINT_SQL)
        if not rows:
            raise NotFoundError("the audit log has no checkpoint yet: run `verweven audit seal`")
        note = str(rows[0][3])
        _, signatures = parse_note(note)
        signed_by = {(signature.key_name, signature.key_id) for signature in signatures}
        for key in self._verifier_keys():
            if (key.name, key.key_id) in signed_by:
                return note, key
        raise AuditTamperedError(
            "the latest checkpoint is signed by no key the store records (run `verweven audit"
            " verify`)"
        )
