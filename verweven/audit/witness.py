"""Signed checkpoints kept outside the database: the witness file and exported checkpoints.

A store that loses the end of its log (events, tree rows and the last checkpoints deleted
together) still agrees with itself; only a checkpoint kept elsewhere shows that the log was
once longer. Two kinds of file keep them:

- the **witness file** receives every checkpoint the store signs, appended: the signed notes
  one after another, each followed by an empty line (a checkpoint's text has no empty line,
  so the file splits unambiguously, and a note cut off by a crash is seen as such);
- an **exported checkpoint** is one signed note with the verifier key that checks it, as JSON,
  for a partner or the supervisor to keep (``verweven audit checkpoint --out``).

``read_checkpoint_file`` reads either kind, so a partner can hand back what it received.
"""

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from verweven.audit.checkpoint import parse_signed_checkpoint
from verweven.audit.note import VerifierKey
from verweven.errors import AuditTamperedError, InputError, UsageError

EXPORT_FORMAT = "verweven-audit-checkpoint/1"


@dataclass(frozen=True)
class ExportedCheckpoint:
    """One signed checkpoint and the verifier key of the log that signed it."""

    note: str
    verifier_key: str
    exported_at: datetime

    def to_json(self) -> str:
        checkpoint = parse_signed_checkpoint(self.note)
        content = {
            "format": EXPORT_FORMAT,
            "log": checkpoint.origin,
            "size": checkpoint.size,
            "exported_at": self.exported_at.isoformat(),
            "verifier_key": self.verifier_key,
            "checkpoint": self.note,
        }
        return json.dumps(content, indent=2) + "\n"


def append_witness(path: Path, note: str) -> None:
    """Append one signed note to the witness file (created if missing), flushed to disk."""
    try:
        with path.open("a", encoding="utf-8") as file:
            file.write(note + "\n")
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        raise InputError(f"cannot append to the audit witness file {path}: {error}") from None


def split_notes(text: str) -> tuple[list[str], int | None]:
    """The complete signed notes in a witness file's text, in the order they were appended,
    and the line where an incomplete last one starts (None when there is none)."""
    notes: list[str] = []
    start = 0
    while start < len(text):
        middle = text.find("\n\n", start)
        end = text.find("\n\n", middle + 2) if middle >= 0 else -1
        if end < 0:
            return notes, text.count("\n", 0, start) + 1
        notes.append(text[start : end + 1])
        start = end + 2
    return notes, None


def read_checkpoint_file(path: Path) -> tuple[list[str], list[VerifierKey]]:
    """The signed notes in a witness file or an exported checkpoint, and the verifier key an
    export carries (a witness file carries none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read checkpoint file {path}: {error}") from None
    if not text.lstrip().startswith("{"):
        notes, broken_at = split_notes(text)
        if broken_at is not None:
            raise AuditTamperedError(
                f"checkpoint file {path} ends in an incomplete checkpoint at line {broken_at}:"
                " each signed checkpoint ends in its signature lines and an empty line"
            )
        return notes, []
    try:
        content = json.loads(text)
        notes, key = [str(content["checkpoint"])], VerifierKey.from_text(content["verifier_key"])
    except (ValueError, KeyError, TypeError, UsageError) as error:
        raise InputError(
            f"checkpoint file {path} is not an exported checkpoint (expected JSON with"
            f" 'checkpoint' and 'verifier_key', as `verweven audit checkpoint` writes): {error}"
        ) from None
    return notes, [key]


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to a file that must not exist yet: evidence is never overwritten."""
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose a new file name") from None
    except OSError as error:
        raise InputError(f"cannot write {path}: {error}") from None
