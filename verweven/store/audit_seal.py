"""Sealing the audit log: pending events get their position in the Merkle tree, and the tree
head is signed as a checkpoint (kept in the store, and appended to the witness file).

Appends never wait for a seal: an event is one INSERT into ``audit_events``. One sealer at a
time (PostgreSQL: an advisory lock held for the seal's transaction, which locks no table, so
appends and reads go on) numbers the events not yet in ``audit_tree`` in order of time and id,
restores the tree's frontier from the latest checkpoint after checking it against that
checkpoint's signature, and signs the new tree head with the operator's Ed25519 key.

An embedded store seals when it is closed (so its one user's log is sealed after every
command); a multi-user store is sealed on a schedule (``verweven audit seal``).
"""

import hashlib
import logging
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verweven.access import Action, Actor, store_resource
from verweven.audit.checkpoint import Checkpoint, sign_checkpoint, verify_signed_checkpoint
from verweven.audit.keys import generate_signing_key, load_signing_key
from verweven.audit.merkle import Frontier
from verweven.audit.note import VerifierKey
from verweven.audit.report import SealReport
from verweven.audit.witness import append_witness
from verweven.errors import AuditTamperedError, UsageError, VerwevenError
from verweven.settings import get_settings
from verweven.store.guard import Guard
from verweven.store.rows import utc_now

log = logging.getLogger(__name__)

KEY_SUFFIX = ".audit-key"
WITNESS_SUFFIX = ".checkpoints"
VERIFIER_KEY_PREFIX = "audit_verifier_key."
PENDING_SQL = (
    "SELECT e.id, e.leaf_hash FROM audit_events e "
    "WHERE NOT EXISTS (SELECT 1 FROM audit_tree t WHERE t.event_id = e.id) "
    "ORDER BY e.occurred_at, e.id"
)
LATEST_CHECKPOINT_SQL = (
    "SELECT size, root_hash, frontier, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1"
)
HEX_HASH_LENGTH = 64


class AuditSeal(Guard):
    """Sealing the audit log into signed checkpoints."""

    def seal_audit(self, actor: Actor) -> SealReport:
        """Give every pending event its position and sign a checkpoint of the whole log (a
        new one only when there is something to sign). Any person may seal: it adds, never
        removes. AuditTamperedError when the tree no longer matches its latest checkpoint."""
        self._require(actor, Action.SEAL_AUDIT, store_resource(), "audit log")
        return self._seal(actor)

    def _seal(self, actor: Actor | None) -> SealReport:
        key, key_path = self._signing_key()
        verifier = VerifierKey(self._audit_origin(), key.public_key())
        with self._transaction():
            self._hold_sealer_lock()
            known = self._verifier_keys()
            frontier, latest = self._restored_frontier(known)
            if verifier.to_text() not in {k.to_text() for k in known}:
                self._record_verifier_key(verifier, known, actor)
            pending = self._fetchall(PENDING_SQL)
            if latest is not None and not pending:
                root = frontier.root()
                return SealReport(0, frontier.size, root, latest, verifier.to_text(), key_path)
            note = self._append_leaves(frontier, pending, key)
        witness = self._witness_path()
        if witness is not None:
            append_witness(witness, note)
        return SealReport(
            len(pending),
            frontier.size,
            frontier.root(),
            note,
            verifier.to_text(),
            key_path,
            witness,
        )

    def _append_leaves(
        self, frontier: Frontier, pending: list[tuple[str, str]], key: Ed25519PrivateKey
    ) -> str:
        """Number ``pending`` events from the frontier's size on, add their leaves (the
        hashes they were written with: an event changed while pending is sealed as written,
        and verification shows the change), and store the signed checkpoint."""
        leaves = [_leaf_as_written(event_id, leaf) for event_id, leaf in pending]
        first = frontier.size
        if pending:
            positions = pa.array(range(first, first + len(pending)), pa.int64())
            ids = pa.array([event_id for event_id, _ in pending], pa.string())
            hashes = pa.array([leaf.hex() for leaf in leaves], pa.string())
            tree_rows = pa.table({"seq": positions, "event_id": ids, "leaf_hash": hashes})
            self._insert_arrow("audit_tree", tree_rows)
        frontier.extend(leaves)
        checkpoint = Checkpoint(
            self._audit_origin(), frontier.size, frontier.root(), datetime.now(UTC)
        )
        note = sign_checkpoint(checkpoint, key)
        self._execute(
            "INSERT INTO audit_checkpoints (size, root_hash, frontier, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (frontier.size, frontier.root().hex(), frontier.to_bytes().hex(), note, utc_now()),
        )
        return note

    def _restored_frontier(self, keys: list[VerifierKey]) -> tuple[Frontier, str | None]:
        """The tree's frontier from the latest checkpoint, once that checkpoint's signature,
        its stored columns and the tree's positions all agree; the empty tree before the
        first seal."""
        [(positions, last)] = self._fetchall("SELECT count(*), max(seq) FROM audit_tree")
        rows = self._fetchall(LATEST_CHECKPOINT_SQL)
        if not rows:
            if positions:
                raise AuditTamperedError(
                    f"the audit tree holds {positions} positions but no checkpoint signs them:"
                    " checkpoints were removed (run `verweven audit verify`)"
                )
            return Frontier(), None
        size, root_hex, frontier_hex, note = rows[0]
        if not keys:
            raise AuditTamperedError(
                "the audit log has checkpoints but the store records no key to verify them:"
                " its verifier keys were removed (run `verweven audit verify`)"
            )
        checkpoint = verify_signed_checkpoint(note, keys)
        frontier = stored_frontier(frontier_hex, size)
        problem = frontier_problem(checkpoint, size, root_hex, frontier)
        if not problem and (positions, last if positions else -1) != (size, size - 1):
            problem = f"signs {size} events but the tree holds {positions} positions"
        if problem:
            raise AuditTamperedError(
                f"cannot seal: the latest checkpoint (size {checkpoint.size}) {problem}"
                " (run `verweven audit verify`)"
            )
        return frontier, note

    # ---- the key, the log's name and the witness ---------------------------------------------

    def _signing_key(self) -> tuple[Ed25519PrivateKey, Path]:
        """VERWEVEN_AUDIT_KEY, else the key next to an embedded store (made on first use),
        and its file."""
        configured = get_settings().audit_key
        path = configured or self._beside_store(KEY_SUFFIX)
        if path is None:
            raise UsageError(
                "sealing the audit log needs the operator's signing key: set VERWEVEN_AUDIT_KEY"
                " to its file (make one with `verweven audit keygen FILE`, keep it outside"
                " the database and readable by the sealing account only)"
            )
        if configured is None and not path.exists():
            log.info("made the audit log's signing key %s", path)
            return generate_signing_key(path), path
        return load_signing_key(path), path

    def _witness_path(self) -> Path | None:
        return get_settings().audit_witness or self._beside_store(WITNESS_SUFFIX)

    def _audit_origin(self) -> str:
        """The log's name, which is also its key's name: stable for the life of the store."""
        return f"verweven/{self._store_meta()['store_id']}"

    def _verifier_keys(self) -> list[VerifierKey]:
        """Every key that ever signed this store's checkpoints, oldest first."""
        rows = self._fetchall(
            "SELECT key, value FROM store_meta WHERE key LIKE ?", (VERIFIER_KEY_PREFIX + "%",)
        )
        numbered = sorted((int(key.removeprefix(VERIFIER_KEY_PREFIX)), text) for key, text in rows)
        try:
            return [VerifierKey.from_text(text) for _, text in numbered]
        except UsageError as error:
            raise AuditTamperedError(
                f"a verifier key in store_meta is malformed: {error}"
            ) from None

    def _record_verifier_key(
        self, key: VerifierKey, known: list[VerifierKey], actor: Actor | None
    ) -> None:
        """Keep a new signing key's verifier key (never replacing an old one: checkpoints
        it signed stay verifiable) and record the change as an audit event."""
        self._execute(
            "INSERT INTO store_meta (key, value) VALUES (?, ?)",
            (f"{VERIFIER_KEY_PREFIX}{len(known) + 1}", key.to_text()),
        )
        detail = f"checkpoints are signed by {key.to_text()}"
        if known:
            detail += f" (before: {known[-1].to_text()})"
        self._audit(
            actor or self._owner_actor(),
            Action.SEAL_AUDIT,
            target="audit signing key",
            detail=detail,
        )

    def _owner_actor(self) -> Actor:
        """Who seals an embedded store as it is closed: its one local user (not logged in:
        the seal acts for the file's owner, as the migration does)."""
        rows = self._fetchall("SELECT username, partner FROM accounts WHERE local")
        user, partner = rows[0] if rows else ("?", "?")
        return Actor(user=user, partner=partner, local=True)

    def _seal_on_close(self) -> None:
        """Seal an embedded store as its user closes it. A failure does not undo the work
        the command did: it is a warning, and `verweven audit verify` says more."""
        if get_settings().audit_key is None and self._beside_store(KEY_SUFFIX) is None:
            return  # a store in memory: nothing outlives it
        try:
            self._seal(None)
        except (VerwevenError, OSError) as error:  # OSError: no room for the key or witness
            log.warning("the audit log was not sealed: %s", error)


def _leaf_as_written(event_id: str, leaf_hex: str) -> bytes:
    try:
        leaf = bytes.fromhex(leaf_hex)
    except ValueError:
        leaf = b""
    if len(leaf) * 2 != HEX_HASH_LENGTH:
        raise AuditTamperedError(
            f"audit event {event_id} has leaf hash {leaf_hex!r}, expected 64 hex digits:"
            " it was changed after it was written (run `verweven audit verify`)"
        )
    return leaf


def stored_frontier(frontier_hex: str, size: int) -> Frontier:
    try:
        return Frontier.from_bytes(bytes.fromhex(frontier_hex))
    except (ValueError, UsageError):
        raise AuditTamperedError(
            f"the stored frontier of the checkpoint of size {size} is malformed"
            " (run `verweven audit verify`)"
        ) from None


def frontier_problem(
    checkpoint: Checkpoint, size: int, root_hex: str, frontier: Frontier
) -> str | None:
    """What disagrees between a signed checkpoint and its stored row, or None."""
    if (size, root_hex) != (checkpoint.size, checkpoint.root_hash.hex()):
        return (
            f"is stored with size {size} and root {root_hex}; it signed size"
            f" {checkpoint.size} and root {checkpoint.root_hash.hex()}"
        )
    if (frontier.size, frontier.root()) != (checkpoint.size, checkpoint.root_hash):
        return f"has a stored frontier of {frontier.size} events whose root it did not sign"
    return None


def sealer_lock_key(schema: str) -> int:
    """The advisory lock number of a PostgreSQL schema's sealer (a signed 64-bit integer)."""
    digest = hashlib.sha256(f"verweven.audit_seal.{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
