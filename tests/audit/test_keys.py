"""The signing key file: owner-only, never overwritten, refused when others can read it."""

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from verweven.audit.keys import generate_signing_key, load_signing_key
from verweven.errors import InputError, UsageError


def test_generated_key_file_is_owner_only_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    key = generate_signing_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_signing_key(path).public_key() == key.public_key()


def test_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    generate_signing_key(path)
    before = path.read_bytes()
    with pytest.raises(UsageError, match=f"signing key {path} already exists"):
        generate_signing_key(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_key_file_open_to_group_or_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "audit.key"
    generate_signing_key(path)
    path.chmod(mode)
    with pytest.raises(InputError, match=rf"signing key {path} is open to group or others"):
        load_signing_key(path)


def test_missing_key_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.key"
    with pytest.raises(InputError, match=f"cannot read signing key {path}"):
        load_signing_key(path)


def test_key_file_that_is_not_pem_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(InputError, match=f"signing key {path} is not an unencrypted PEM"):
        load_signing_key(path)


def test_key_of_another_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    other = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(other.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    path.chmod(0o600)
    with pytest.raises(InputError, match=rf"signing key {path} is a \w+, expected Ed25519"):
        load_signing_key(path)
