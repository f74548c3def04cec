"""Resolution settings kept in the store, per kind: what ``verweven resolve`` uses when it is
given no settings file.

Append-only: every change is a new version (who, when, why), the newest per kind is in force,
and a version without settings returns the kind to the shipped defaults. Setting them is an
operator's task (the policy decides who); every change and every read is audited. The store
keeps the settings as JSON and does not interpret them: resolution checks them (``verweven
resolve settings set`` before it stores them, a run before it uses them).
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from verweven.access import Action, Actor, store_resource
from verweven.errors import UsageError
from verweven.store.guard import Guard
from verweven.store.rows import utc_now

COLUMNS = "id, kind, settings, reason, set_by, set_at"


@dataclass(frozen=True)
class StoredSettings:
    """One version of a kind's resolution settings."""

    id: str
    kind: str
    settings: dict[str, Any] | None
    """The kind's section (as in a settings file); None: back to the shipped settings."""
    reason: str
    set_by: str
    set_at: datetime


class ResolutionSettings(Guard):
    """Each kind's resolution settings, versioned."""

    def set_resolution_settings(
        self, actor: Actor, kind: str, settings: dict[str, Any] | None, reason: str
    ) -> StoredSettings:
        """Put ``settings`` (a kind's section, None for the shipped ones) in force for
        ``kind`` from the next resolution run on."""
        self._require(actor, Action.CONFIGURE_RESOLUTION, store_resource(),
                      f"resolution settings {kind}")  # fmt: skip
        if not reason.strip():
            raise UsageError("a change of resolution settings needs a reason")
        if settings is not None and not isinstance(settings, dict):
            raise UsageError(f"resolution settings for {kind!r} must be a mapping")
        version = StoredSettings(
            id=uuid.uuid4().hex, kind=kind, settings=settings, reason=reason,
            set_by=actor.name, set_at=utc_now(),
        )  # fmt: skip
        text = None if settings is None else json.dumps(settings, sort_keys=True)
        with self._transaction():
            self._execute(
                f"INSERT INTO resolution_settings ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                (version.id, kind, text, reason, version.set_by, version.set_at),
            )
            self._audit(
                actor,
                Action.CONFIGURE_RESOLUTION,
                target=f"resolution settings {kind}",
                detail=f"version {version.id}: "
                + ("shipped settings" if text is None else text)
                + f" ({reason})",
            )
        return version

    def resolution_settings(self, actor: Actor, history: bool = False) -> list[StoredSettings]:
        """The version in force per kind (by kind), or with ``history`` every version, oldest
        first. A kind back on its shipped settings is listed only in the history."""
        self._require(actor, Action.READ_RESOLUTION_SETTINGS, store_resource(),
                      "resolution settings")  # fmt: skip
        rows = self._fetchall(f"SELECT {COLUMNS} FROM resolution_settings ORDER BY set_at, id")
        versions = [
            StoredSettings(i, k, None if s is None else json.loads(s), r, b, t)
            for i, k, s, r, b, t in rows
        ]
        if not history:
            latest = {v.kind: v for v in versions}
            versions = [v for _, v in sorted(latest.items()) if v.settings is not None]
        self._audit(actor, Action.READ_RESOLUTION_SETTINGS, target="resolution settings",
                    result_size=len(versions))  # fmt: skip
        return versions
