"""`verweven bibob screen` on an embedded store: the summary, the report with every footnote
resolving, and the PDF a person reads."""

import ctypes
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from typer.testing import CliRunner

from tests.factories import make_dataset, make_entity
from verweven.cli import bibob as bibob_cli
from verweven.errors import UsageError
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
                make_entity(
                    "loan",
                    "gemeente_bibob_aanvragen",
                    "Debt",
                    debtor="a",
                    creditor="b",
                    recordId="VL-2026-12",
                ),
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
    result = runner.invoke(bibob_cli.app, ["screen", *args, *FILE], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_summary_names_the_undeclared_controller() -> None:
    output = screen("12345678", "--received", "2026-03-02", "--questionnaire", "VL-2026-12")
    assert "niet opgegeven: Frits Geldschieter (zeggenschap)" in output
    assert "beslistermijn: 28-04-2026" in output  # 27 April is Koningsdag


def test_every_footnote_of_the_report_resolves(tmp_path: Path) -> None:
    out = tmp_path / "bevindingen.html"
    output = screen("12345678", "--questionnaire", "VL-2026-12", "--out", str(out))
    page = out.read_text()
    cited = set(re.findall(r'href="#bron-(\d+)"', page))
    assert cited and cited == set(re.findall(r'id="bron-(\d+)"', page))
    assert "Holding BV: aandeelhouder van Horeca BV" in page
    assert "Bank NV: financiert Horeca BV" in page  # a debt reads from the lender
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


def bibob(*args: str, case: str = "BIBOB-2026-3") -> str:
    result = runner.invoke(
        bibob_cli.app, [*args, "--purpose", "bibob", "--case", case], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def open_file(ref: str = "BIBOB-2026-3", questionnaire: str = "VL-2026-12") -> None:
    bibob(
        "new", "12345678", "--authority", "burgemeester van Venlo", "--instrument", "vergunning",
        "--subject", "exploitatievergunning horeca", "--received", "2026-03-02",
        "--questionnaire", questionnaire, case=ref,
    )  # fmt: skip


def test_a_file_is_opened_screened_with_its_dates_and_decided() -> None:
    open_file()
    bibob("date", "lbb_gevraagd", "2026-03-09", "--reason", "zeggenschap onduidelijk")
    output = bibob("screen")
    assert "niet opgegeven: Frits Geldschieter (zeggenschap)" in output
    # Eight weeks from 2 March, held for the LBB from 9 March until today (at most 8 weeks).
    assert "adviestermijn LBB: 04-05-2026" in output  # 4 May: 8 weeks from 9 March
    bibob("lbb", "f", "--hit", "--asked", "2026-03-03", "--answered", "2026-03-05")
    bibob("decide", "weigeren", "--reasons", "ernstig gevaar (grond a): verzwegen financier")
    shown = bibob("show")
    assert "vergunning exploitatievergunning horeca (burgemeester van Venlo) — weigeren" in shown
    assert "art. 11a f: hit" in shown
    assert "besluit weigeren" in shown and "verzwegen financier" in shown
    assert "BIBOB-2026-3" in bibob("list") and "weigeren" in bibob("list")


def test_a_second_decision_on_the_application_is_refused() -> None:
    open_file()
    bibob("decide", "verlenen", "--reasons", "geen gevaar")
    with pytest.raises(UsageError, match="withdrawal"):  # the main app makes it exit code 2
        bibob("decide", "weigeren", "--reasons", "toch")


def test_the_file_report_shows_the_request_the_lbb_answer_and_the_picture(
    tmp_path: Path,
) -> None:
    open_file()
    bibob("lbb", "12345678", "--no-hit", "--asked", "2026-03-03", "--answered", "2026-03-05")
    out = tmp_path / "dossier.html"
    bibob("report", "--out", str(out))
    page = out.read_text()
    assert "burgemeester van Venlo" in page and "VL-2026-12" in page
    assert "niet bekend (geen hit)" in page
    picture = page[page.index('<figure id="netwerkbeeld">') : page.index("</figure>")]
    assert "Frits Geldschieter" in picture and ">aandeelhouder van</text>" in picture
    cited = set(re.findall(r'href="#bron-(\d+)"', page))
    assert cited and cited == set(re.findall(r'id="bron-(\d+)"', page))


def internal_links(document: pdfium.PdfDocument) -> list[int | None]:
    """The page each internal link of the PDF (a cited footnote) leads to; None: nowhere."""
    targets: list[int | None] = []
    for number in range(len(document)):
        page = document[number]  # kept: the raw handle lives as long as this object
        position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
        while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            destination = pdfium_c.FPDFLink_GetDest(document.raw, link)
            if not destination:
                targets.append(None)
                continue
            found = pdfium_c.FPDFDest_GetDestPageIndex(document.raw, destination)
            targets.append(found if found >= 0 else None)
    return targets


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_file_report_as_a_pdf_has_every_footnote_it_cites(tmp_path: Path) -> None:
    open_file()
    pdf = tmp_path / "dossier.pdf"
    bibob("report", "--out", str(pdf))
    document = pdfium.PdfDocument(pdf)
    text = " ".join(
        " ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))
    )
    assert "Netwerkbeeld van de kring" in text and "aandeelhouder van" in text
    # Every footnote number in the printed file is a link to its note, on a page of the file.
    targets = internal_links(document)
    assert (
        targets and None not in targets and max(t for t in targets if t is not None) < len(document)
    )
    for number in range(len(document)):
        png = tmp_path / f"pagina-{number + 1}.png"
        document[number].render(scale=1).to_pil().save(png)
        assert len(Image.open(png).getcolors(1 << 24) or []) > 10  # drawn, not blank


def test_a_files_screening_takes_no_dates_from_the_command_line() -> None:
    open_file()
    with pytest.raises(UsageError, match="verweven bibob date"):
        bibob("screen", "--received", "2026-03-09")


def test_two_files_of_one_applicant_each_compare_their_own_questionnaire(
    store_in_tmp: Path,
) -> None:
    with open_store(str(store_in_tmp)) as store:
        owner = store.local_actor()
        with store.import_run("gemeente_bibob_aanvragen", "test", owner) as run:
            for entity in (
                make_entity("f2", "gemeente_bibob_aanvragen", name="Frits Geldschieter"),
                make_entity("own2", "gemeente_bibob_aanvragen", "Ownership", owner="f2",
                            asset="a", role="aandeelhouder", recordId="VL-2026-40"),
            ):  # fmt: skip
                run.write(entity)
    open_file("BIBOB-2026-3", "VL-2026-12")
    open_file("BIBOB-2026-4", "VL-2026-40")
    first, second = bibob("screen"), bibob("screen", case="BIBOB-2026-4")
    assert "niet opgegeven: Frits Geldschieter (zeggenschap)" in first
    assert "Bank NV" in first and "Bank NV" not in second  # the first file's answer only
    assert "niet opgegeven: Holding BV (zeggenschap)" in second
    assert "niet opgegeven: Frits" not in second  # declared on the second questionnaire


def test_a_file_without_a_delivered_questionnaire_says_so(tmp_path: Path) -> None:
    open_file(questionnaire="VL-2026-99")
    assert "geen vragenformulier VL-2026-99 geleverd" in bibob("screen")
    out = tmp_path / "dossier.html"
    bibob("report", "--out", str(out))
    page = out.read_text()
    assert 'id="geen-vragenformulier"' in page and "VL-2026-99" in page
    assert "niet opgegeven</td>" not in page
