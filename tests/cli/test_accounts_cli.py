"""Accounts on the command line: the embedded store's one local user, and a PostgreSQL store's
first operator, login session, accounts and tokens."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from tests.conftest import postgres_url
from verweven.cli.main import app, exit_code
from verweven.errors import VerwevenError
from verweven.settings import get_settings

runner = CliRunner()
PASSWORD = "een heel geheim wachtwoord"


def invoke(*args: str, answers: str = "") -> tuple[int, str]:
    try:
        result = runner.invoke(app, list(args), input=answers, catch_exceptions=False)
    except VerwevenError as error:
        return exit_code(error), str(error)
    return result.exit_code, result.output


@pytest.fixture
def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(tmp_path / "cli.duckdb"))
    monkeypatch.setenv("VERWEVEN_SESSION_FILE", str(tmp_path / "sessions.json"))
    get_settings.cache_clear()


@pytest.fixture
def multi_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    url = postgres_url()  # raises where PostgreSQL is required (CI) but not reachable
    if url is None:
        pytest.skip("no PostgreSQL server reachable")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", url)
    monkeypatch.setenv("VERWEVEN_DATABASE_SCHEMA", schema)
    monkeypatch.setenv("VERWEVEN_SESSION_FILE", str(tmp_path / "sessions.json"))
    monkeypatch.delenv("VERWEVEN_TOKEN", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_an_embedded_store_says_it_has_one_local_user(embedded: None) -> None:
    code, output = invoke("init")
    assert code == 0 and "one local user" in output
    code, output = invoke("whoami")
    assert "the one local user of this embedded store" in output and "riec_casus" in output
    code, message = invoke("user", "add", "iemand", "--partner", "x", "--role", "analist")
    assert code == 2 and "one local user" in message
    assert "no login needed" in invoke("login", "iemand")[1]


def test_a_multi_user_store_refuses_every_read_without_a_login(multi_user: None) -> None:
    assert invoke("init")[0] == 0
    code, message = invoke("datasets", "list")
    assert code == 8 and "verweven login" in message


def test_the_first_operator_logs_in_adds_an_analyst_and_issues_a_token(
    multi_user: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = f"{PASSWORD}\n{PASSWORD}\n"
    assert invoke("init", "--admin", "beheer.jansen", answers=answers)[0] == 0
    code, output = invoke("login", "beheer.jansen", answers=f"{PASSWORD}\n")
    assert code == 0 and "logged in as beheer.jansen" in output
    assert "roles beheerder" in invoke("whoami")[1]
    code, output = invoke(
        "user", "add", "analist.devries", "--partner", "riec_zuid", "--role", "analist",
        "--no-password",
    )  # fmt: skip
    assert code == 0, output
    code, output = invoke("user", "token", "analist.devries", "--label", "test", "--days", "1")
    token = output.splitlines()[0]
    assert code == 0 and token.startswith("vw_")
    monkeypatch.setenv("VERWEVEN_TOKEN", token)
    get_settings.cache_clear()
    code, output = invoke("whoami")
    assert "analist.devries — partner riec_zuid, roles analist" in output
    assert "ondermijningsbeeld, riec_casus" in output
    code, message = invoke("user", "list")
    assert code == 6 and "list_accounts" in message  # an analyst manages no accounts
