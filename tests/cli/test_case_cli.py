"""`verweven case …` from opening to the case file, as a coordinator on an embedded store."""

import shutil
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from tests.factories import make_dataset, make_entity
from verweven.cli import cases as case_cli
from verweven.errors import UsageError
from verweven.settings import get_settings
from verweven.store import SignalHitRecord, open_store

runner = CliRunner()
CASE = ["--purpose", "riec_casus", "--case", "RIEC-2026-014"]


@pytest.fixture(autouse=True)
def store_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = tmp_path / "cli.duckdb"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(url))
    get_settings.cache_clear()
    with open_store(str(url)) as store:
        owner = store.local_actor()
        store.register_dataset(make_dataset("netbeheer", "enexis", ("riec_casus",)), owner)
        with store.import_run("netbeheer", "test", owner) as run:
            run.write(make_entity("p1", "netbeheer", name="Jan de Vries"))
        hit = SignalHitRecord("energy_anomaly_drugs_record", 1, "p1", 3.0, "Verbruik x3",
                              ("s1",), ("netbeheer",))  # fmt: skip
        store.record_signal_hits(
            owner.acting_for("riec_casus", "RIEC-2026-014"), [hit], datetime(2026, 10, 1)
        )
    return url


def case(*args: str) -> str:
    result = runner.invoke(case_cli.app, [*args, *CASE], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_case_from_signal_to_case_file(tmp_path: Path) -> None:
    case("open", "--title", "Hennep Venlo", "--typology", "cannabis_farm", "--reason", "hit")
    case("subject", "p1", "--reason", "bewoner")
    for state in ("weging", "hit_no_hit", "casusoverleg", "interventieadvies"):
        case("move", state, "--reason", f"naar {state}")
    advised = case("advise", "sluiting_13b", "--barrier", "pand_sluiten", "--reason", "pand")
    intervention = advised.split()[1].rstrip(":")
    assert "by gemeente" in advised  # the instrument's owner carries it out
    case("move", "uitvoering", "--reason", "advies vastgesteld")
    case("report", intervention, "aanvaard", "--reason", "burgemeester akkoord")
    out = tmp_path / "dossier.html"
    case("file", "--out", str(out))
    page = out.read_text()
    assert "Jan de Vries" in page and "art. 2:7 WGS" in page  # the fact with its basis
    assert "Sluiting op grond van art. 13b Opiumwet" in page
    assert 'class="advised">in voorbereiding' in page  # the premises barrier is on its way
    assert "Verbruik x3" in page
    assert "uitvoering" in case("show")


def test_a_wrong_move_is_a_clear_error() -> None:
    case("open", "--title", "Hennep", "--typology", "cannabis_farm", "--reason", "hit")
    with pytest.raises(UsageError, match="cannot move to monitoring; it can move to weging"):
        runner.invoke(case_cli.app, ["move", "monitoring", "--reason", "x", *CASE],
                      catch_exceptions=False)  # fmt: skip


def test_an_instrument_that_does_not_raise_the_barrier_is_refused() -> None:
    case("open", "--title", "Hennep", "--typology", "cannabis_farm", "--reason", "hit")
    for state in ("weging", "hit_no_hit", "casusoverleg", "interventieadvies"):
        case("move", state, "--reason", "verder")
    with pytest.raises(UsageError, match="kenteken_blokkade does not raise barrier pand_sluiten"):
        runner.invoke(
            case_cli.app,
            ["advise", "kenteken_blokkade", "--barrier", "pand_sluiten", "--reason", "x", *CASE],
            catch_exceptions=False,
        )


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_case_file_prints_to_a_pdf_a_person_can_read(tmp_path: Path) -> None:
    case("open", "--title", "Hennep Venlo", "--typology", "cannabis_farm", "--reason", "hit")
    case("subject", "p1", "--reason", "bewoner")
    pdf = tmp_path / "dossier.pdf"
    case("file", "--out", str(pdf))
    document = pdfium.PdfDocument(pdf)
    text = " ".join(document[0].get_textpage().get_text_range().split())  # lines wrap
    assert "Casusdossier RIEC-2026-014" in text and "Jan de Vries" in text
    image = document[0].render(scale=1).to_pil()
    image.save(tmp_path / "dossier.png")
    # Drawn, not blank: the header band and the text leave many distinct colours.
    assert image.size[0] > 500 and len(image.getcolors(1 << 24) or []) > 50
