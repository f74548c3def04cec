"""The encoded file a partner hands over: JSON lines, a header line, then one record a line.

    {"format": "verweven-pprl-encodings", "format_version": 1, "settings_hash": "...",
     "settings": {...}, "encoded_bits": 2048, "records": 2}
    {"id": "3f9c...", "bits": "<base64 of the packed bits>"}

The header names the settings and their hash, never the key; two files are compared only when
their hashes are equal. Record ids are keyed pseudonyms of the partner's own ids by default, so
the matching party learns no A-nummer or BSN; the partner keeps the id map to read results back.
"""

import base64
import binascii
import csv
import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from verweven.errors import InputError, UsageError
from verweven.pprl.encode import Bits
from verweven.pprl.keys import derive_key
from verweven.pprl.settings import PprlSettings, parse_settings

FORMAT = "verweven-pprl-encodings"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class EncodedSet:
    """The records of one encoded file: ids, packed bits (one row each) and their settings."""

    ids: list[str]
    bits: Bits
    settings: PprlSettings
    key_check: str
    source: str = ""

    @property
    def settings_hash(self) -> str:
        """The hash two files must share to be compared."""
        return self.settings.settings_hash()


def make_key_check(key: bytes) -> str:
    """A check value of the key: equal for equal keys, and says nothing else about the key
    (a truncated HMAC of a constant), so the matcher can refuse files of two different keys."""
    return derive_key(key, "key-check").hex()[:16]


def pseudonymise_ids(ids: Sequence[str], key: bytes) -> list[str]:
    """Keyed pseudonyms of record ids: the matcher cannot turn them back, the partners can."""
    id_key = derive_key(key, "record-ids")
    return [hmac.new(id_key, i.encode("utf-8"), hashlib.sha256).hexdigest()[:24] for i in ids]


def write_encodings(path: Path, encoded: EncodedSet) -> None:
    """Write the header and one line per record."""
    header: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "settings_hash": encoded.settings_hash,
        "key_check": encoded.key_check,
        "settings": encoded.settings.model_dump(mode="json", by_alias=True),
        "encoded_bits": encoded.settings.encoded_bits,
        "records": len(encoded.ids),
    }
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(header) + "\n")
        for record_id, row in zip(encoded.ids, encoded.bits, strict=True):
            line = {"id": record_id, "bits": base64.b64encode(row.tobytes()).decode("ascii")}
            handle.write(json.dumps(line) + "\n")


def write_id_map(path: Path, pseudonyms: Sequence[str], ids: Sequence[str]) -> None:
    """The partner's own table pseudonym -> record id (mode 0600: it is not to be shared)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pseudonym", "record_id"])
        writer.writerows(zip(pseudonyms, ids, strict=True))


def read_encodings(path: Path) -> EncodedSet:
    """Read an encoded file; errors name the file, the line and what was expected."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read encodings ({error.strerror})") from None
    with handle:
        settings, check = _read_header(path, handle.readline())
        width = settings.encoded_bits // 8
        ids: list[str] = []
        rows: list[bytes] = []
        for number, line in enumerate(handle, start=2):
            record_id, row = _read_record(path, number, line, width)
            ids.append(record_id)
            rows.append(row)
    bits = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(len(rows), width)
    return EncodedSet(ids=ids, bits=bits, settings=settings, key_check=check, source=str(path))


def _read_header(path: Path, line: str) -> tuple[PprlSettings, str]:
    try:
        header = json.loads(line)
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{path}: line 1 is not a verweven PPRL header (format {FORMAT!r})")
    if header.get("format_version") != FORMAT_VERSION:
        raise InputError(
            f"{path}: line 1: format_version {header.get('format_version')!r}, "
            f"expected {FORMAT_VERSION}"
        )
    settings = parse_settings(header.get("settings"), f"{path}: line 1: settings")
    if settings.settings_hash() != header.get("settings_hash"):
        raise InputError(f"{path}: line 1: settings_hash does not match the settings it names")
    check = header.get("key_check")
    if not isinstance(check, str) or not check:
        raise InputError(f"{path}: line 1: key_check is missing")
    return settings, check


def _read_record(path: Path, number: int, line: str, width: int) -> tuple[str, bytes]:
    try:
        record = json.loads(line)
        record_id, encoded = record["id"], record["bits"]
        row = base64.b64decode(encoded, validate=True)
    except (json.JSONDecodeError, KeyError, TypeError, binascii.Error):
        raise InputError(
            f'{path}: line {number}: expected {{"id": ..., "bits": <base64>}}'
        ) from None
    if not isinstance(record_id, str) or len(row) != width:
        raise InputError(
            f"{path}: line {number}: field bits: {len(row)} bytes, expected {width} "
            "(the header's encoded_bits / 8)"
        )
    return record_id, row


def check_comparable(left: EncodedSet, right: EncodedSet) -> None:
    """Refuse two files made with different settings or keys: their bits mean different things."""
    if left.settings_hash == right.settings_hash:
        if left.key_check != right.key_check:
            raise UsageError(
                f"{left.source} and {right.source} were encoded with different keys (key check "
                f"{left.key_check} vs {right.key_check}): both partners must use the same key file"
            )
        return
    a, b = left.settings.encoding_part(), right.settings.encoding_part()
    differing = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
    raise UsageError(
        f"{left.source} and {right.source} were encoded with different settings "
        f"(settings hash {left.settings_hash[:12]} vs {right.settings_hash[:12]}; they differ in "
        f"{', '.join(differing)}): both partners must encode with the same settings file "
        "and key"
    )
