"""`verweven bibob screen` on an embedded store: the summary, the report with every footnote
resolving, and the PDF a person reads."""

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from tests.factories import make_dataset, make_entity
from verweven.cli import bibob as bibob_cli
from verweven.model import Sensitivity
from verweven.settings import get_settings
from verweven.store import open_store

runner = CliRunner()
FILE = ["--purpose", "bibob", "--case", "BIBOB-2026-3"]


@pytest.fixture(autouse=True)
def store_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = tmp_path / "cli.duckdb"
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(url))
    get_settings.cache_clear()
    with open_store(str(url)) as store:
        owner = store.local_actor()
        for name, partner, sensitivity in (
            ("kvk", "kvk", Sensitivity.PUBLIC),
            ("gemeente_bibob_aanvragen", "gemeente", Sensitivity.CONFIDENTIAL),
            ("om", "openbaar_ministerie", Sensitivity.SECRET),
        ):
            store.register_dataset(make_dataset(name, partner, ("bibob",), sensitivity), owner)
        rows = {
            "kvk": [
                make_entity("a", "kvk", "Company", name="Horeca BV", registrationNumber="12345678"),
                make_entity("h", "kvk", "Company", name="Holding BV"),
                make_entity("f", "kvk", name="Frits Geldschieter"),
                make_entity("own", "kvk", "Ownership", owner="h", asset="a"),
                make_entity("lead", "kvk", "Directorship", director="f", organization="h"),
            ],
            "gemeente_bibob_aanvragen": [
                make_entity("b", "gemeente_bibob_aanvragen", "LegalEntity", name="Bank NV"),
                make_entity("loan", "gemeente_bibob_aanvragen", "Debt", debtor="a", creditor="b"),
            ],
            "om": [
                make_entity("zaak", "om", "CourtCase", name="Witwassen"),
                make_entity("party", "om", "CourtCaseParty", party="f", case="zaak"),
            ],
        }
        for name, entities in rows.items():
            with store.import_run(name, "test", owner) as run:
                for entity in entities:
                    run.write(entity)
    return url


def screen(*args: str) -> str:
    # A group of one command: Typer runs it without its name when invoked on its own.
    result = runner.invoke(bibob_cli.app, [*args, *FILE], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_summary_names_the_undeclared_controller() -> None:
    output = screen("12345678", "--received", "2026-03-02")
    assert "niet opgegeven: Frits Geldschieter (zeggenschap)" in output
    assert "beslistermijn: 28-04-2026" in output  # 27 April is Koningsdag


def test_every_footnote_of_the_report_resolves(tmp_path: Path) -> None:
    out = tmp_path / "bevindingen.html"
    output = screen("12345678", "--out", str(out))
    page = out.read_text()
    cited = set(re.findall(r'href="#bron-(\d+)"', page))
    assert cited and cited == set(re.findall(r'id="bron-(\d+)"', page))
    assert "Holding BV owns Horeca BV" in page
    assert "Witwassen" not in page  # the OM's secret delivery may not leave verweven
    assert "1 facts from om" in output


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_report_prints_to_a_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "bevindingen.pdf"
    screen("12345678", "--out", str(pdf))
    document = pdfium.PdfDocument(pdf)
    text = " ".join(
        " ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))
    )
    assert "Bevindingen eigen onderzoek Wet Bibob" in text and "Frits Geldschieter" in text
    image = document[0].render(scale=1).to_pil()
    assert len(image.getcolors(1 << 24) or []) > 50  # drawn, not blank
