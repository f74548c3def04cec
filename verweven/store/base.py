"""The store: one interface over both backends, composed of one module per capability.

Backends supply the engine hooks of ``StoreCore``; every capability — and every access check
and audit event — is written once, in the modules below, on top of the gate in ``guard``.
"""

import secrets
import uuid

from verweven.errors import UsageError
from verweven.store.accounts import Accounts
from verweven.store.audit_log import AuditLog
from verweven.store.audit_verify import AuditVerify
from verweven.store.bibob import BibobFiles
from verweven.store.cases import Cases
from verweven.store.hits import HitNoHit
from verweven.store.imports import Imports
from verweven.store.local_reads import LocalReads
from verweven.store.reads import Reads
from verweven.store.registry import Registry
from verweven.store.resolution import Resolution
from verweven.store.resolution_settings import ResolutionSettings
from verweven.store.retention import Retention
from verweven.store.subjects import Subjects


class Store(
    Cases,  # before Reads, which it builds on
    BibobFiles,  # likewise
    Accounts,
    Registry,
    LocalReads,
    Reads,
    Imports,
    Resolution,
    ResolutionSettings,
    AuditLog,
    AuditVerify,
    HitNoHit,
    Retention,
    Subjects,
):
    """Statements with provenance, datasets, accounts, import runs, quarantine, resolution
    and the audit log (listed, sealed, verified) — each read and write passing the one
    decision point."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def grant_application_role(self, role: str) -> None:
        """Let a database role use the store but only append to its audit log (PostgreSQL)."""
        raise UsageError("database roles are a PostgreSQL matter; an embedded store has none")

    def _after_migrations(self) -> None:
        """Keys the store makes once: its id and the digest key of the audit log."""
        for key, value in (("store_id", uuid.uuid4().hex), ("audit_id_key", secrets.token_hex(32))):
            if not self._fetchall("SELECT 1 FROM store_meta WHERE key = ?", (key,)):
                self._execute("INSERT INTO store_meta VALUES (?, ?)", (key, value))
        if self.dialect == "duckdb":
            self.ensure_local_account()
        self._meta = None
