"""`verweven resolve`, `resolve explain`, `review`, `judge` and `export clusters`."""

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.resolve.conftest import deliver, person
from verweven.cli.main import app, exit_code
from verweven.errors import VerwevenError
from verweven.settings import get_settings
from verweven.store import open_store

runner = CliRunner()
CASE = ("--purpose", "riec_casus", "--case", "RIEC-2026-1")


@pytest.fixture(autouse=True)
def store_with_people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = str(tmp_path / "cli.duckdb")
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", url)
    monkeypatch.setenv("VERWEVEN_OUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    with open_store(url) as store:
        deliver(store, "brp", person("brp.1", "brp", firstName="Jan", lastName="de Vries",
                                     birthDate="1970-03-12", idNumber="123456782"))  # fmt: skip
        deliver(store, "politie", person("pol.7", "politie", name="J. de Vries",
                                         birthDate="1970-03-12", idNumber="123456782"))  # fmt: skip


def invoke(*args: str) -> tuple[int, str]:
    try:
        result = runner.invoke(app, list(args), catch_exceptions=False)
    except VerwevenError as error:
        return exit_code(error), str(error)
    return result.exit_code, result.output


def test_resolve_reports_each_kind(tmp_path: Path) -> None:
    code, output = invoke("resolve", "--kind", "person")
    assert code == 0, output
    assert "person" in output and "wrote canonical ids for 2 records" in output


def test_export_clusters_writes_record_dataset_and_canonical_id(tmp_path: Path) -> None:
    invoke("resolve", "--kind", "person")
    out = tmp_path / "clusters.csv"
    code, output = invoke("export", "clusters", "--out", str(out), *CASE)
    assert code == 0, output
    rows = list(csv.DictReader(out.open()))
    assert {(r["record_id"], r["dataset"]) for r in rows} == {
        ("brp.1", "brp"),
        ("pol.7", "politie"),
    }
    assert len({r["canonical_id"] for r in rows}) == 1


def test_judge_different_splits_on_the_next_run(tmp_path: Path) -> None:
    invoke("resolve", "--kind", "person")
    code, output = invoke(
        "judge", "brp.1", "pol.7", "--different", "--reason", "andere persoon", *CASE
    )
    assert code == 0, output
    invoke("resolve", "--kind", "person")
    out = tmp_path / "clusters.csv"
    invoke("export", "clusters", "--out", str(out), *CASE)
    assert len({r["canonical_id"] for r in csv.DictReader(out.open())}) == 2


def test_judge_needs_exactly_one_verdict() -> None:
    code, message = invoke(
        "judge", "brp.1", "pol.7", "--same", "--different", "--reason", "x", *CASE
    )
    assert code == 2
    assert "exactly one" in message


def test_explain_shows_fields_weights_and_key(tmp_path: Path) -> None:
    invoke("resolve", "--kind", "person")
    code, output = invoke("resolve", "explain", "brp.1", "pol.7", *CASE)
    assert code == 0, output
    assert "birth_date" in output and "same birth date" in output
    assert "same bsn" in output


def test_review_without_a_run_says_what_to_do() -> None:
    code, output = invoke("review", "--list", *CASE)
    assert code == 0
    assert "run `verweven resolve` first" in output
