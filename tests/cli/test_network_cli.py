"""`verweven network`: neighbourhoods, paths, groups and exports on the terminal."""

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.graph.conftest import write_network
from verweven.cli import network
from verweven.cli.main import exit_code
from verweven.errors import VerwevenError
from verweven.settings import get_settings
from verweven.store import open_store

app = typer.Typer()
network.register(app)
runner = CliRunner()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example network in a store file, written once and copied for each test."""
    path = tmp_path_factory.mktemp("network") / "cli.duckdb"
    with open_store(str(path)) as store:
        write_network(store)
    return path


@pytest.fixture(autouse=True)
def network_store(written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cli.duckdb"
    shutil.copy(written, path)
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(path))
    get_settings.cache_clear()


def invoke(*args: str) -> tuple[int, str]:
    """Run the command like main() does: verweven's errors become (exit code, message)."""
    try:
        result = runner.invoke(app, ["network", *args], catch_exceptions=False)
    except VerwevenError as error:
        return exit_code(error), str(error)
    return result.exit_code, result.output


def test_show_lists_the_neighbourhood_with_labels_and_datasets() -> None:
    code, output = invoke("show", "x", "--hops", "1", "--purpose", "riec_casus")
    assert code == 0
    assert "Xander de Notaris" in output and "Akkerman Holding BV" in output
    assert "directs" in output and "kvk" in output and "woonadres" in output
    assert "Bert Bakker" not in output  # two steps away


def test_an_id_alone_means_show() -> None:
    assert invoke("x", "--hops", "1", "--purpose", "riec_casus") == invoke(
        "show", "x", "--hops", "1", "--purpose", "riec_casus"
    )


def test_path_names_every_step() -> None:
    code, output = invoke("path", "a1", "b1", "--purpose", "riec_casus")
    assert code == 0
    assert "4 steps apart" in output
    assert "Anna Akkerman → Akkerman Holding BV → Xander de Notaris" in output


def test_brokers_name_the_go_between() -> None:
    code, output = invoke("brokers", "--purpose", "riec_casus")
    assert code == 0
    assert output.splitlines()[0].startswith("x: Xander de Notaris ties 3 communities")


def test_export_gexf_writes_a_gexf_file(tmp_path: Path) -> None:
    out = tmp_path / "network.gexf"
    args = ("--format", "gexf", "--out", str(out), "--purpose", "riec_casus", "--case", "C-1")
    code, output = invoke("export", *args)
    assert (code, output.strip()) == (0, f"wrote 12 nodes and 14 edges to {out}")
    assert ET.parse(out).getroot().tag == "{http://www.gexf.net/1.2draft}gexf"


def test_export_ftm_around_an_entity(tmp_path: Path) -> None:
    out = tmp_path / "z.jsonl"
    args = ("--format", "ftm", "--out", str(out), "--around", "z", "--hops", "1")
    assert invoke("export", *args, "--purpose", "riec_casus", "--case", "C-1")[0] == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["v1", "z"]


def test_unknown_entity_exits_with_not_found() -> None:
    code, message = invoke("show", "nobody", "--purpose", "riec_casus")
    assert code == 5
    assert "nobody" in message


def test_reading_the_network_needs_a_purpose() -> None:
    assert invoke("show", "x")[0] == 6


def test_an_analyst_exports_a_network_only_for_a_named_case(tmp_path: Path) -> None:
    out = tmp_path / "network.gexf"
    code, message = invoke(
        "export", "--format", "gexf", "--out", str(out), "--purpose", "riec_casus"
    )
    assert code == 6 and "may not export" in message
    assert not out.exists()
