"""Checkpoints kept outside the database: the witness file splits back into the notes
appended to it, a cut-off end is seen, and an export carries its verifier key."""

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verweven.audit import Checkpoint, VerifierKey, leaf_hash, root, sign_checkpoint
from verweven.audit.witness import (
    ExportedCheckpoint,
    append_witness,
    read_checkpoint_file,
    split_notes,
    write_new_file,
)
from verweven.errors import AuditTamperedError, UsageError

ORIGIN = "verweven/test"
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"witness").digest())
WHEN = datetime(2027, 1, 5, 10, 15, tzinfo=UTC)


def notes(count: int) -> list[str]:
    leaves = [leaf_hash(str(n).encode()) for n in range(count)]
    return [
        sign_checkpoint(Checkpoint(ORIGIN, n, root(leaves[:n]), WHEN), KEY) for n in range(count)
    ]


def test_a_witness_file_gives_back_every_note_in_order(tmp_path: Path) -> None:
    path = tmp_path / "witness"
    for note in notes(4):
        append_witness(path, note)
    assert split_notes(path.read_text()) == (notes(4), None)


def test_a_witness_file_cut_off_mid_note_keeps_the_whole_ones_and_says_where(
    tmp_path: Path,
) -> None:
    path = tmp_path / "witness"
    for note in notes(3):
        append_witness(path, note)
    text = path.read_text()
    cut = text[: len(text) - 30]
    whole, broken_at = split_notes(cut)
    assert whole == notes(2) and broken_at == 2 * 7 + 1  # 4 lines, blank, signature, blank


def test_an_export_carries_its_verifier_key_and_reads_back(tmp_path: Path) -> None:
    note = notes(3)[-1]
    key = VerifierKey(ORIGIN, KEY.public_key())
    path = tmp_path / "checkpoint.json"
    write_new_file(path, ExportedCheckpoint(note, key.to_text(), WHEN).to_json())
    read_notes, keys = read_checkpoint_file(path)
    assert read_notes == [note] and [k.to_text() for k in keys] == [key.to_text()]


def test_a_copy_of_a_witness_file_is_read_as_checkpoints_without_a_key(tmp_path: Path) -> None:
    path = tmp_path / "copy"
    for note in notes(2):
        append_witness(path, note)
    assert read_checkpoint_file(path) == (notes(2), [])


def test_a_cut_off_checkpoint_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "copy"
    path.write_text(notes(2)[1][:-10])
    with pytest.raises(AuditTamperedError, match="incomplete checkpoint at line 1"):
        read_checkpoint_file(path)


def test_evidence_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.json"
    write_new_file(path, "first")
    with pytest.raises(UsageError, match="already exists"):
        write_new_file(path, "second")
    assert path.read_text() == "first"
