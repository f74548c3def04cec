"""The encodings file: a header with the settings hash (never the key), one record a line."""

from pathlib import Path

import numpy as np
import pytest

from tests.pprl.helpers import KEY, OTHER_KEY, make_person, make_settings
from verweven.errors import InputError, UsageError
from verweven.pprl import (
    EncodedSet,
    Encoder,
    PprlSettings,
    check_comparable,
    make_key_check,
    read_encodings,
    write_encodings,
)


def _write(path: Path, settings: PprlSettings, key: bytes = KEY) -> EncodedSet:
    people = [make_person("1"), make_person("2", last_name="Bakker")]
    encoded = EncodedSet(["a", "b"], Encoder(settings, key).encode(people), settings,
                         make_key_check(key), str(path))  # fmt: skip
    write_encodings(path, encoded)
    return encoded


def test_a_written_file_reads_back_the_same(tmp_path: Path) -> None:
    written = _write(tmp_path / "a.jsonl", make_settings())
    read = read_encodings(tmp_path / "a.jsonl")
    assert read.ids == written.ids
    assert np.array_equal(read.bits, written.bits)
    assert read.settings_hash == written.settings_hash


def test_the_file_holds_neither_the_key_nor_names(tmp_path: Path) -> None:
    _write(tmp_path / "a.jsonl", make_settings())
    text = (tmp_path / "a.jsonl").read_text()
    assert KEY.hex() not in text
    assert "Vries" not in text and "Bakker" not in text


def test_files_of_different_settings_are_refused(tmp_path: Path) -> None:
    left = _write(tmp_path / "left.jsonl", make_settings())
    right = _write(tmp_path / "right.jsonl", make_settings(xor_folds=0))
    with pytest.raises(UsageError, match=r"different settings.*hardening"):
        check_comparable(left, right)


def test_files_of_different_keys_are_refused(tmp_path: Path) -> None:
    left = _write(tmp_path / "left.jsonl", make_settings())
    right = _write(tmp_path / "right.jsonl", make_settings(), OTHER_KEY)
    with pytest.raises(UsageError, match="different keys"):
        check_comparable(left, right)


def test_a_damaged_record_line_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    _write(path, make_settings())
    lines = path.read_text().splitlines()
    lines[2] = '{"id": "b", "bits": "AAAA"}'
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="line 3: field bits: 3 bytes, expected 128"):
        read_encodings(path)


def test_a_header_whose_hash_does_not_fit_its_settings_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    _write(path, make_settings())
    path.write_text(path.read_text().replace('"filter_bits": 1024', '"filter_bits": 2048', 1))
    with pytest.raises(InputError, match="line 1: settings_hash does not match"):
        read_encodings(path)
