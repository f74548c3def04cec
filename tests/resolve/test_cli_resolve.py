"""The command line of resolution: profile, resolve --settings, and clear errors."""

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import invoke, store_in_tmp  # noqa: F401 - the fixture

ARGS = ["--dataset", "brp", "--partner", "gemeente", "--legal-basis", "art. 3 Wet BRP",
        "--purpose", "resolve"]  # fmt: skip


@pytest.fixture
def persons(tmp_path: Path) -> None:
    path = tmp_path / "persons.jsonl"
    rows = [
        {"id": f"p{i}", "schema": "Person",
         "properties": {"name": [f"Jan de Vries{i % 2}"], "birthDate": ["1900-01-01"]}}
        for i in range(30)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert invoke("import", "ftm", str(path), *ARGS)[0] == 0


def test_profile_names_the_placeholder_field_and_value(persons: None) -> None:
    code, output = invoke("profile", "--kind", "person")
    assert code == 0
    assert "birth_date" in output and "'1900-01-01'" in output


def test_resolve_takes_a_settings_file(persons: None, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yml"
    settings.write_text("person:\n  threshold_match_probability: 0.99\n")
    code, output = invoke("resolve", "--kind", "person", "--settings", str(settings))
    assert code == 0, output
    assert "wrote canonical ids for 30 records" in output


def test_a_wrong_settings_file_is_a_usage_error(persons: None, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yml"
    settings.write_text("persoon:\n  threshold_match_probability: 0.99\n")
    code, message = invoke("resolve", "--kind", "person", "--settings", str(settings))
    assert code == 2 and "unknown kind 'persoon'" in message


def test_settings_kept_in_the_store_are_set_shown_used_and_cleared(
    persons: None, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.yml"
    settings.write_text("person:\n  threshold_match_probability: 0.99\n")
    code, output = invoke("resolve", "settings", "set", str(settings), "--reason", "strict")
    assert code == 0 and "person: settings version" in output, output
    code, output = invoke("resolve", "settings", "show")
    assert code == 0 and "threshold_match_probability: 0.99" in output and "(strict)" in output
    code, output = invoke("resolve", "--kind", "person")
    assert code == 0 and "store settings" in output, output
    code, output = invoke("resolve", "settings", "clear", "--kind", "person", "--reason", "undo")
    assert code == 0
    assert "every kind uses the shipped settings" in invoke("resolve", "settings", "show")[1]
    assert "(strict)" in invoke("resolve", "settings", "show", "--history")[1]


def test_a_wrong_file_is_refused_before_anything_is_stored(persons: None, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yml"
    settings.write_text("person:\n  threshold_match_probability: hoog\n")
    code, message = invoke("resolve", "settings", "set", str(settings), "--reason", "x")
    assert code == 2 and "person.threshold_match_probability" in message
    assert "shipped settings" in invoke("resolve", "settings", "show")[1]
