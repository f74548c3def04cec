"""The login session of the command line: a short-lived token per store, in a file only the
user can read (``~/.config/verweven/sessions.json``, or VERWEVEN_SESSION_FILE)."""

import json
import os
from pathlib import Path

from verweven.store import Store


def session_file() -> Path:
    configured = os.environ.get("VERWEVEN_SESSION_FILE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "verweven" / "sessions.json"


def store_key(store: Store) -> str:
    """Which store a session belongs to (URL without password, and schema)."""
    return store.describe()


def load_session_token(store: Store) -> str | None:
    path = session_file()
    if not path.exists():
        return None
    sessions: dict[str, str] = json.loads(path.read_text(encoding="utf-8") or "{}")
    return sessions.get(store_key(store))


def save_session_token(store: Store, token: str | None) -> Path:
    """Keep (or, with None, forget) this store's session token; the file is 0600."""
    path = session_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    sessions: dict[str, str] = (
        json.loads(path.read_text(encoding="utf-8") or "{}") if path.exists() else {}
    )
    if token is None:
        sessions.pop(store_key(store), None)
    else:
        sessions[store_key(store)] = token
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(sessions, handle, indent=2, sort_keys=True)
    path.chmod(0o600)
    return path
