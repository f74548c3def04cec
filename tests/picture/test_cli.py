"""`verweven picture build|publish` on an embedded store."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import load, make_entity
from tests.picture.test_build import deliver, write_areas
from verweven.cli import picture as picture_cli
from verweven.errors import InputError, SettingsError
from verweven.settings import get_settings
from verweven.store import open_store

runner = CliRunner()


@pytest.fixture
def geo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = tmp_path / "cli.duckdb"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(url))
    monkeypatch.delenv("VERWEVEN_TOKEN", raising=False)
    get_settings.cache_clear()
    with open_store(str(url)) as store:
        deliver(store, ("riec_casus", "ondermijningsbeeld"))
    return write_areas(tmp_path / "geo")


def test_build_reports_what_the_protection_hides(geo: Path) -> None:
    result = runner.invoke(
        picture_cli.app, ["build", "--geo", str(geo), "--purpose", "ondermijningsbeeld"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 gemeenten, 1 wijken, 2 buurten" in result.output
    assert "hennepkwekerij" in result.output and "primair" in result.output


def test_publish_writes_only_protected_values(geo: Path, tmp_path: Path) -> None:
    out = tmp_path / "beeld"
    result = runner.invoke(
        picture_cli.app,
        [
            "publish",
            "--out",
            str(out),
            "--geo",
            str(geo),
            "--purpose",
            "ondermijningsbeeld",
            "--per-gemeente",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = (out / "ondermijningsbeeld.csv").read_text(encoding="utf-8").splitlines()
    farms = [r.split(";") for r in rows if ";hennepkwekerij;" in r]
    assert farms and {r[6] for r in farms} <= {".", "0"}  # 1, 2 and 3 farms are all hidden
    page = (out / "ondermijningsbeeld.html").read_text(encoding="utf-8")
    assert "Patroon, geen bewijs" in page
    assert "Wat elke indicator telt en hoe hij is getoetst" in page and "lift 8,0" in page
    municipality = (out / "ondermijningsbeeld-GM2001.html").read_text(encoding="utf-8")
    assert "Ondermijningsbeeld Brakelveen (Regio)" in municipality
    assert municipality.count('data-code="BU20010001"') == municipality.count("<figure")


def test_another_purpose_is_refused(geo: Path) -> None:
    with pytest.raises(InputError, match="ondermijningsbeeld"):
        runner.invoke(
            picture_cli.app, ["build", "--geo", str(geo), "--purpose", "riec_casus"],
            catch_exceptions=False,
        )  # fmt: skip


def test_the_main_command_has_the_picture_group() -> None:
    from verweven.cli.main import app

    result = runner.invoke(app, ["picture", "--help"])
    assert result.exit_code == 0 and "build" in result.output and "publish" in result.output


def test_drill_lists_the_records_behind_a_number(geo: Path) -> None:
    result = runner.invoke(
        picture_cli.app,
        ["drill", "--geo", str(geo), "--indicator", "hennepkwekerij", "--area", "BU20010001",
         "--period", "2026", "--purpose", "riec_casus", "--case", "CASE-1"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 feiten zichtbaar" in result.output and "hk.kwekerij.2" in result.output
    assert "niet aangeleverd" not in result.output and "niet te lezen" not in result.output


def test_drill_says_which_delivery_was_never_delivered(geo: Path) -> None:
    result = runner.invoke(
        picture_cli.app,
        ["drill", "--geo", str(geo), "--indicator", "bewoning_recreatie", "--area", "GM2001",
         "--period", "stand", "--purpose", "riec_casus", "--case", "CASE-1"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "niet aangeleverd: brp_verblijfplaatsen" in result.output
    assert "niet te lezen" not in result.output


def test_the_picture_takes_its_boundaries_from_the_setting(
    geo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERWEVEN_GEO_DIR", str(geo))
    monkeypatch.setenv("VERWEVEN_REGION_NAME", "Oost-Brabant")
    get_settings.cache_clear()
    result = runner.invoke(
        picture_cli.app, ["build", "--purpose", "ondermijningsbeeld", "--per", "kwartaal"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Oost-Brabant: 1 gemeenten")


def test_without_boundaries_the_setting_is_named(geo: Path) -> None:
    with pytest.raises(SettingsError, match="VERWEVEN_GEO_DIR"):
        runner.invoke(
            picture_cli.app, ["build", "--purpose", "ondermijningsbeeld"], catch_exceptions=False
        )


def test_publishing_again_keeps_hidden_what_the_first_publication_hid(
    geo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "beeld"
    command = ["publish", "--out", str(out), "--geo", str(geo), "--purpose", "ondermijningsbeeld"]
    first = runner.invoke(picture_cli.app, command, catch_exceptions=False)
    assert first.exit_code == 0 and "publicatie 1 in het register" in first.output
    # Late deliveries: eleven more farms in buurt Centrum in 2026 (1 + 11 = 12, shown as 10 if
    # the picture were published without remembering the first publication).
    with open_store(str(tmp_path / "cli.duckdb")) as store:
        late = []
        for i in range(3, 14):
            late.append(make_entity(f"hk.adres.{i}", "politie_hennepkwekerijen", "Address",
                                    postalCode="5000AA"))  # fmt: skip
            late.append(make_entity(f"hk.kwekerij.{i}", "politie_hennepkwekerijen", "Event",
                                    date="2026-06-01", addressEntity=f"hk.adres.{i}"))  # fmt: skip
        load(store, *late, dataset="politie_hennepkwekerijen")
    second = runner.invoke(picture_cli.app, command, catch_exceptions=False)
    assert second.exit_code == 0 and "publicatie 2 in het register" in second.output
    rows = [r.split(";") for r in (out / "ondermijningsbeeld.csv").read_text().splitlines()]
    [centrum] = [r for r in rows if r[1] == "hennepkwekerij" and r[3:6:2] == ["BU20010000", "2026"]]
    assert centrum[rows[0].index("aantal")] == "."  # 12 now, but hidden in publication 1
    register = json.loads((out / "publicatieregister.json").read_text(encoding="utf-8"))
    assert [p["nummer"] for p in register["publicaties"]] == [1, 2]
