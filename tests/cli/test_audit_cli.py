"""`verweven audit …` on a laptop's embedded store: sealed at every command, verified with
exit code 7 on a cut-off log, checkpoints exported without overwriting, proofs checked
without the store."""

import json
from pathlib import Path

import duckdb
import pytest

from tests.cli.test_cli import IMPORT_ARGS, invoke, pep_file
from verweven.settings import get_settings

AUDITOR = ("--purpose", "toezicht")


@pytest.fixture(autouse=True)
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "laptop.duckdb"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(path))
    get_settings.cache_clear()
    assert invoke("init")[0] == 0
    assert invoke("import", "ftm", str(pep_file(tmp_path)), *IMPORT_ARGS)[0] == 0
    assert invoke("entity", "show", "pep-1", "--purpose", "bibob")[0] == 0
    return path


def sealed_event(store: Path, position: int) -> str:
    with duckdb.connect(str(store)) as con:
        row = con.execute("SELECT event_id FROM audit_tree WHERE seq = ?", [position]).fetchone()
    assert row is not None
    return str(row[0])


def test_init_makes_the_signing_key_readable_by_its_owner_only(laptop: Path) -> None:
    key = Path(f"{laptop}.audit-key")
    assert key.stat().st_mode & 0o777 == 0o600


def test_every_command_leaves_the_log_sealed_and_verify_says_ok(laptop: Path) -> None:
    code, output = invoke("audit", "verify", *AUDITOR)
    assert code == 0 and "ok: every sealed event" in output
    assert "pending: 1 " in output  # only this command's own login, sealed when it ends


def test_verify_states_no_default_purpose(laptop: Path) -> None:
    code, message = invoke("audit", "verify")
    assert code == 6 and "toezicht" in message


def test_a_cut_off_log_fails_verify_with_exit_code_7_naming_the_witness(laptop: Path) -> None:
    with duckdb.connect(str(laptop)) as con:
        [(size,)] = con.execute("SELECT min(size) FROM audit_checkpoints").fetchall()
        con.execute(
            "DELETE FROM audit_events WHERE id IN (SELECT event_id FROM audit_tree WHERE seq >= ?)",
            [size],
        )
        con.execute("DELETE FROM audit_tree WHERE seq >= ?", [size])
        con.execute("DELETE FROM audit_checkpoints WHERE size > ?", [size])
    code, message = invoke("audit", "verify", *AUDITOR)
    assert code == 7 and "removed from the log" in message and "witness file" in message


def test_an_exported_checkpoint_is_never_overwritten_and_verifies(
    laptop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "voor-de-toezichthouder.json"
    assert invoke("audit", "checkpoint", "--out", str(out), *AUDITOR)[0] == 0
    kept = out.read_text()
    code, message = invoke("audit", "checkpoint", "--out", str(out), *AUDITOR)
    assert code == 2 and "already exists" in message and out.read_text() == kept
    code, output = invoke("audit", "verify", "--checkpoint", str(out), *AUDITOR)
    assert code == 0 and "1 given" in output


def test_a_printed_proof_checks_without_the_store(laptop: Path, tmp_path: Path) -> None:
    code, printed = invoke("audit", "prove", "--event", sealed_event(laptop, 2), *AUDITOR)
    assert code == 0
    proof = tmp_path / "proof.json"
    proof.write_text(printed)
    assert invoke("audit", "check-proof", str(proof))[0] == 0
    content = json.loads(printed)
    content["event"]["actor"] = "iemand anders"
    proof.write_text(json.dumps(content))
    assert invoke("audit", "check-proof", str(proof))[0] == 7


def test_seal_says_what_it_sealed(laptop: Path) -> None:
    code, output = invoke("audit", "seal")
    assert code == 0 and "events sealed: 1;" in output  # this command's own login


def test_the_log_shows_each_event_with_its_position(laptop: Path) -> None:
    code, output = invoke("audit", "log", "--action", "read", *AUDITOR)
    assert code == 0 and "bibob" in output and "events: 1 " in output
