"""Settings are validated data; their hash covers what changes an encoding, not the match."""

from pathlib import Path

import pytest

from tests.pprl.helpers import make_settings
from verweven.errors import InputError
from verweven.pprl import load_settings


def test_the_shipped_defaults_load() -> None:
    settings = load_settings()
    assert settings.encoded_bits == 1024  # 1024 bits, folded once, balanced


def test_a_settings_file_overrides_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"filter_bits": 2048, "fields": {"last_name": {"k": 30}}}')
    settings = load_settings(path)
    assert settings.filter_bits == 2048
    assert list(settings.fields) == ["last_name"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"fields": {"shoe_size": {"k": 3}}}', "unknown fields ['shoe_size']"),
        ('{"fields": {"last_name": {"k": 0}}}', "fields.last_name.k"),
        ('{"fields": {"last_name": {"k": 5}}, "hardening": {"salt": {"fields": ["last_name"]}}}',
         "salt.with is none"),
        ('{"filter_bits": 1000, "fields": {"last_name": {"k": 5}}, "hardening": {"xor_folds": 2}}',
         "divisible"),
        ("[1, 2]", "an object"),
    ],
)  # fmt: skip
def test_invalid_settings_are_refused_naming_the_setting(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "settings.yml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"settings\.yml") as error:
        load_settings(path)
    assert message in str(error.value)


def test_the_hash_changes_with_the_hardening_but_not_with_the_match() -> None:
    base = make_settings()
    assert make_settings(xor_folds=0).settings_hash() != base.settings_hash()
    other_match = base.model_copy(update={"match": base.match.model_copy(update={"bands": 3})})
    assert other_match.settings_hash() == base.settings_hash()
