"""The command line: provenance on screen, clear errors and exit codes."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verweven.cli.main import app, exit_code
from verweven.errors import VerwevenError
from verweven.settings import get_settings

runner = CliRunner()

IMPORT_ARGS = [
    "--dataset", "pep_lijst", "--partner", "opensanctions",
    "--legal-basis", "art. 3 Wet Bibob", "--purpose", "bibob",
]  # fmt: skip


@pytest.fixture(autouse=True)
def store_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(tmp_path / "cli.duckdb"))
    get_settings.cache_clear()


def invoke(*args: str) -> tuple[int, str]:
    """Run the CLI like main() does: verweven's errors become (exit code, message)."""
    try:
        result = runner.invoke(app, list(args), catch_exceptions=False)
    except VerwevenError as error:
        return exit_code(error), str(error)
    return result.exit_code, result.output


def pep_file(tmp_path: Path) -> Path:
    path = tmp_path / "pep.jsonl"
    entity = {"id": "pep-1", "schema": "Person", "properties": {"name": ["Jan de Vries"]}}
    path.write_text(json.dumps(entity) + "\n")
    return path


def test_entity_show_names_dataset_partner_and_legal_basis(tmp_path: Path) -> None:
    assert invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)[0] == 0
    code, output = invoke("entity", "show", "pep-1", "--purpose", "bibob")
    assert code == 0
    assert "Jan de Vries" in output
    assert "pep_lijst" in output and "opensanctions" in output and "art. 3 Wet Bibob" in output


def test_reading_without_a_purpose_is_refused_with_the_purposes_one_may_use(
    tmp_path: Path,
) -> None:
    invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)
    code, message = invoke("entity", "show", "pep-1")
    assert code == 6
    assert "you stated no purpose" in message and "bibob, " in message and "riec_casus" in message


def test_a_purpose_outside_the_catalogue_is_refused_not_hidden(tmp_path: Path) -> None:
    invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)
    code, message = invoke("entity", "show", "pep-1", "--purpose", "marketing")
    assert code == 6
    assert "'marketing'" in message and "may use: bibob" in message


def test_a_purpose_the_dataset_does_not_serve_does_not_see_the_entity(tmp_path: Path) -> None:
    invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)
    code, message = invoke("entity", "show", "pep-1", "--purpose", "riec_casus")
    assert code == 5
    assert "pep-1" in message


def test_export_writes_visible_entities_as_ftm(tmp_path: Path) -> None:
    invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)
    out = tmp_path / "export.jsonl"
    assert invoke("export", "ftm", "--out", str(out), "--purpose", "bibob")[0] == 0
    [entity] = [json.loads(line) for line in out.read_text().splitlines()]
    assert (entity["id"], entity["datasets"]) == ("pep-1", ["pep_lijst"])


def test_import_of_missing_file_exits_with_input_error(tmp_path: Path) -> None:
    code, message = invoke("import", "ftm", str(tmp_path / "nope.jsonl"), *IMPORT_ARGS)
    assert code == 3
    assert "nope.jsonl" in message


def test_datasets_list_shows_the_legal_basis(tmp_path: Path) -> None:
    invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)
    code, output = invoke("datasets", "list")
    assert code == 0
    assert "pep_lijst" in output and "art. 3 Wet Bibob" in output
