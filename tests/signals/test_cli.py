"""`verweven signals list|run`: every signal listed, hits printed with sentence and sources."""

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.factories import make_dataset
from tests.signals.test_logic_companies import straw_man_records
from verweven.cli import signals as signals_cli
from verweven.cli.resolve import evaluate_app
from verweven.errors import UsageError
from verweven.model import Statement
from verweven.settings import get_settings
from verweven.signals import load_definitions
from verweven.store import open_store

runner = CliRunner()


@pytest.fixture(autouse=True)
def store_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = tmp_path / "cli.duckdb"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(url))
    get_settings.cache_clear()
    return url


def deliver_straw_man(url: Path) -> None:
    rows = [row for record in straw_man_records(companies=4, vehicles=5) for row in record]
    with open_store(str(url)) as store:
        owner = store.local_actor()
        for name in sorted({r["dataset"] for r in rows}):
            store.register_dataset(make_dataset(name, purposes=("riec_casus",)), owner)
            with store.import_run(name, "test", owner) as run:
                run.write(
                    [
                        Statement(r["entity_id"], r["prop"], r["schema"], r["value"], name)
                        for r in rows
                        if r["dataset"] == name
                    ]
                )


def test_list_shows_every_signal() -> None:
    result = runner.invoke(signals_cli.app, ["list"])
    assert result.exit_code == 0
    assert all(d.id in result.output for d in load_definitions())


def test_run_prints_the_sentence_and_writes_every_hit(store_in_tmp: Path, tmp_path: Path) -> None:
    deliver_straw_man(store_in_tmp)
    out = tmp_path / "hits.json"
    args = ["run", "--purpose", "riec_casus", "--signal", "straw_man", "--out", str(out)]
    args += ["--as-of", "2026-10-01", "--case", "RIEC-2026-014"]  # an export names its case
    result = runner.invoke(signals_cli.app, args, catch_exceptions=False)
    assert "Jan de Vries is bestuurder, eigenaar of aandeelhouder van 4 bedrijven" in result.output
    [hit] = json.loads(out.read_text())
    assert (hit["entity_id"], hit["datasets"]) == ("p1", ["kvk", "rdw"])


def test_run_for_a_purpose_no_signal_serves_is_refused() -> None:
    with pytest.raises(UsageError, match="no signal may run for purpose 'ondermijningsbeeld'"):
        runner.invoke(
            signals_cli.app, ["run", "--purpose", "ondermijningsbeeld"], catch_exceptions=False
        )


def test_evaluate_signals_joins_the_evaluate_group_once() -> None:
    main = typer.Typer()
    signals_cli.register(main)
    signals_cli.register(main)
    names = [c.name for c in evaluate_app.registered_commands]
    assert names.count("signals") == 1
