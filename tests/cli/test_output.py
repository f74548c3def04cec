"""Every --out is checked in one place: never onto the store, never over a file without --force,
a clear error for a missing folder or a folder where a file is meant."""

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import IMPORT_ARGS, invoke
from verweven.settings import get_settings
from verweven.store import open_store

EXPORT = ("export", "ftm", "--purpose", "bibob", "--out")


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store holding one entity, named by VERWEVEN_DATABASE_URL."""
    path = tmp_path / "store.duckdb"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(path))
    get_settings.cache_clear()
    pep = tmp_path / "pep.jsonl"
    entity = {"id": "pep-1", "schema": "Person", "properties": {"name": ["Jan de Vries"]}}
    pep.write_text(json.dumps(entity) + "\n")
    assert invoke("import", "ftm", str(pep), *IMPORT_ARGS)[0] == 0
    return path


def assert_store_intact(path: Path) -> None:
    with open_store(str(path)) as store:
        local = store.local_actor()
        assert len(store.list_audit_events(local.acting_for("toezicht"))) >= 2
        assert [d.name for d in store.list_datasets(local)] == ["pep_lijst"]


@pytest.mark.parametrize("suffix", ["", ".wal"])
def test_out_onto_the_store_is_refused_even_with_force(store_path: Path, suffix: str) -> None:
    target = store_path.with_name(store_path.name + suffix)
    size = store_path.stat().st_size
    code, message = invoke(*EXPORT, str(target), "--force")
    assert code == 2 and "would write onto the store" in message
    assert store_path.stat().st_size == size
    assert_store_intact(store_path)


def test_out_onto_another_duckdb_database_is_refused(store_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    open_store(str(other)).close()
    code, message = invoke(*EXPORT, str(other), "--force")
    assert code == 2 and "is a DuckDB database" in message


def test_an_existing_file_is_kept_without_force(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    out.write_text("earlier export\n")
    code, message = invoke(*EXPORT, str(out))
    assert code == 2 and "pass --force" in message
    assert out.read_text() == "earlier export\n"


def test_force_replaces_an_existing_file(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    out.write_text("earlier export\n")
    assert invoke(*EXPORT, str(out), "--force")[0] == 0
    assert json.loads(out.read_text())["id"] == "pep-1"
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []


def test_a_missing_folder_is_named(store_path: Path, tmp_path: Path) -> None:
    code, message = invoke(*EXPORT, str(tmp_path / "nope" / "export.jsonl"))
    assert code == 2 and f"the folder {tmp_path / 'nope'} does not exist" in message


def test_a_folder_for_a_file_is_named(store_path: Path, tmp_path: Path) -> None:
    code, message = invoke(*EXPORT, str(tmp_path))
    assert code == 2 and "is a folder; give the name of a file" in message


@pytest.mark.parametrize(
    "command",
    [
        ("network", "export", "--format", "gexf", "--purpose", "bibob", "--out"),
        ("signals", "run", "--purpose", "bibob", "--out"),
        ("export", "clusters", "--out"),
    ],
    ids=["network", "signals", "resolve"],
)
def test_every_out_is_checked_before_any_work(store_path: Path, command: tuple[str, ...]) -> None:
    code, message = invoke(*command, str(store_path))
    assert code == 2 and "would write onto the store" in message
    assert_store_intact(store_path)


def test_synth_keeps_an_earlier_region_without_force(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    code, message = invoke("synth", "--persons", "1000", "--out", str(tmp_path))
    assert code == 2 and "already holds manifest.json" in message
    assert (tmp_path / "manifest.json").read_text() == "{}"
