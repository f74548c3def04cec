"""`verweven synth`: bad arguments get a clear message and exit code 2."""

from pathlib import Path

from typer.testing import CliRunner

from verweven.cli.main import app, exit_code
from verweven.errors import VerwevenError

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    """Run the CLI like main() does: verweven's errors become (exit code, message)."""
    try:
        result = runner.invoke(app, ["synth", *args], catch_exceptions=False)
    except VerwevenError as error:
        return exit_code(error), str(error)
    return result.exit_code, result.output


def test_negative_persons_is_a_usage_error(tmp_path: Path) -> None:
    code, message = invoke("--persons", "-5", "--out", str(tmp_path))
    assert code == 2
    assert "--persons" in message and "-5" in message


def test_too_few_persons_is_a_usage_error(tmp_path: Path) -> None:
    code, message = invoke("--persons", "10", "--out", str(tmp_path))
    assert code == 2
    assert "at least" in message or "between" in message


def test_unknown_option_is_a_usage_error() -> None:
    code, message = invoke("--bogus")
    assert code == 2
    assert "--bogus" in message


def test_unwritable_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, message = invoke("--persons", "1000", "--out", str(blocker / "region"))
    assert code == 2
    assert "cannot write" in message


def test_output_path_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, message = invoke("--persons", "1000", "--out", str(blocker))
    assert code == 2
    assert "not a folder" in message


def test_unknown_noise_profile_is_a_usage_error(tmp_path: Path) -> None:
    code, message = invoke("--noise", "loud", "--out", str(tmp_path))
    assert code == 2
    assert "loud" in message and "default" in message


def test_noise_rate_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    code, message = invoke("--noise-rate", "typo=1.5", "--out", str(tmp_path))
    assert code == 2
    assert "typo" in message


def test_malformed_noise_rate_is_a_usage_error(tmp_path: Path) -> None:
    code, message = invoke("--noise-rate", "typo", "--out", str(tmp_path))
    assert code == 2
    assert "KIND=RATE" in message


def test_synth_writes_a_region_and_summarises_it(tmp_path: Path) -> None:
    code, output = invoke(
        "--persons", "1000", "--seed", "3", "--out", str(tmp_path), "--noise", "none"
    )
    assert code == 0
    assert "1,000 persons" in output
    assert (tmp_path / "manifest.json").exists()
    assert (tmp_path / "deliveries" / "brp_personen.csv").exists()


def test_help_describes_every_option() -> None:
    code, output = invoke("--help")
    assert code == 0
    for option in ("--persons", "--seed", "--out", "--noise", "--noise-rate"):
        assert option in output
