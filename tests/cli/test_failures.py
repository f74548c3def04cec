"""Failures end in one line and an exit code, never a traceback: bad settings, a full disk,
a killed mapping worker. The exit codes come from one table in cli/main.py."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ingest.corpus.deliveries import brp_mapping, brp_rows, csv_text
from tests.ingest.test_ingest_crash import children_of
from verweven.cli.main import EXIT_CODES, app, exit_code
from verweven.errors import (
    ReconciliationError,
    ResourceError,
    SettingsError,
    StoreLockedError,
    UsageError,
    VerwevenError,
)
from verweven.ingest import ingest_path
from verweven.settings import get_settings
from verweven.store import open_store

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "verweven", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


def delivery(folder: Path, rows: int) -> Path:
    """The corpus's BRP mapping and a delivery of ``rows`` persons beside it."""
    (folder / "brp.csv").write_text(csv_text(brp_rows(rows)), encoding="utf-8")
    mapping = folder / "brp.yml"
    mapping.write_text(brp_mapping(path="brp.csv"), encoding="utf-8")
    return mapping


def test_every_error_class_has_its_own_exit_code() -> None:
    assert len(set(EXIT_CODES.values())) == len(EXIT_CODES)
    assert exit_code(StoreLockedError("x")) == 4  # a subclass takes its base's code
    assert exit_code(VerwevenError("x")) == 1
    assert (exit_code(ResourceError("x")), exit_code(ReconciliationError("x"))) == (9, 10)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("VERWEVEN_USER", "", "VERWEVEN_USER='': must name who acts"),
        ("VERWEVEN_BATCH_SIZE", "veel", "VERWEVEN_BATCH_SIZE='veel': Input should be a valid int"),
        ("VERWEVEN_DUCKDB_MEMORY", "1GB'; DROP TABLE audit_log; --", "expected a size such as 6GB"),
        ("VERWEVEN_INGEST_WORKERS", "0", "VERWEVEN_INGEST_WORKERS='0'"),
    ],
)
def test_a_bad_setting_is_named_with_exit_code_11(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(tmp_path / "s.duckdb"))
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError) as raised:
            runner.invoke(app, ["datasets", "list"], catch_exceptions=False)
    finally:
        get_settings.cache_clear()
    assert exit_code(raised.value) == 11 and expected in str(raised.value)


@pytest.mark.slow
def test_a_bad_setting_ends_in_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {"VERWEVEN_DATABASE_URL": str(tmp_path / "s.duckdb"), "VERWEVEN_BATCH_SIZE": "veel"}
    result = run_cli("datasets", "list", env=env)
    assert result.returncode == 11
    assert result.stderr.startswith("error: VERWEVEN_BATCH_SIZE='veel'")
    assert "Traceback" not in result.stderr


def test_a_valid_memory_limit_reaches_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERWEVEN_DUCKDB_MEMORY", "300MB")
    get_settings.cache_clear()
    with open_store(str(tmp_path / "s.duckdb")) as store:
        [(limit,)] = store._fetchall("SELECT current_setting('memory_limit')")
    get_settings.cache_clear()
    assert limit.startswith("286")  # 300 MB in MiB, as DuckDB shows it


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real filesystem of 2 MiB (tmpfs; needs the rights to mount one)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.slow
def test_a_full_disk_is_named_as_the_cause(tiny_disk: Path, tmp_path: Path) -> None:
    env = {"VERWEVEN_DATABASE_URL": str(tiny_disk / "s.duckdb"), "VERWEVEN_INGEST_WORKERS": "1"}
    result = run_cli("ingest", str(delivery(tmp_path, 30_000)), env=env)
    assert result.returncode == 9, result.stderr
    assert "No space left on device" in result.stderr
    assert "nothing of this run was written" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_killed_mapping_worker_is_a_resource_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERWEVEN_INGEST_WORKERS", "2")
    get_settings.cache_clear()
    mapping = delivery(tmp_path, 30_000)
    killed: list[int] = []

    def kill_a_worker(rows: int) -> None:
        if not killed:  # called every 10,000 rows, while later chunks are being mapped
            pid = children_of(os.getpid())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    try:
        with (
            open_store(str(tmp_path / "s.duckdb")) as store,
            pytest.raises(ResourceError, match=r"brp\.csv: a mapping worker process died"),
        ):
            ingest_path(store, mapping, store.local_actor(), progress=kill_a_worker)
        with open_store(str(tmp_path / "s.duckdb")) as store:
            assert store.list_import_runs(store.local_actor()) == []
    finally:
        get_settings.cache_clear()
    assert killed


def test_usage_errors_keep_exit_code_2() -> None:
    assert exit_code(UsageError("x")) == 2 and exit_code(SettingsError("x")) == 11
