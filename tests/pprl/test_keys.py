"""The key file: random, owner-only, never overwritten, refused when others may read it."""

import stat
from pathlib import Path

import pytest

from verweven.errors import InputError, UsageError
from verweven.pprl import read_key, write_key


def test_a_new_key_is_32_random_bytes_readable_by_the_owner_only(tmp_path: Path) -> None:
    write_key(tmp_path / "a.key")
    write_key(tmp_path / "b.key")
    assert stat.S_IMODE((tmp_path / "a.key").stat().st_mode) == 0o600
    assert len(read_key(tmp_path / "a.key")) == 32
    assert read_key(tmp_path / "a.key") != read_key(tmp_path / "b.key")


def test_an_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "shared.key"
    write_key(path)
    before = path.read_text()
    with pytest.raises(UsageError, match="never overwritten"):
        write_key(path)
    assert path.read_text() == before


def test_a_key_file_others_may_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.key"
    write_key(path)
    path.chmod(0o644)
    with pytest.raises(InputError, match="mode 0644"):
        read_key(path)


def test_a_key_file_without_32_bytes_of_hex_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.key"
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(InputError, match="64 hex characters"):
        read_key(path)
