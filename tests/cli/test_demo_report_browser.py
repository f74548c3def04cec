"""The demo report opens in a real browser (headless Chromium) with nothing missing."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import igraph
import pytest

from verweven.model import Dataset, LegalBasis
from verweven.reports.demo import (
    DemoReport,
    IngestLine,
    ReportHit,
    SignalCount,
    network_picture,
    write_demo_report,
)
from verweven.reports.demo_figures import MunicipalityFigures

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]  # fmt: skip
if CHROMIUM is None and os.environ.get("VERWEVEN_REQUIRE_BROWSER") == "1":
    raise RuntimeError("Chromium is required (VERWEVEN_REQUIRE_BROWSER=1) but not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def make_report() -> DemoReport:
    graph = igraph.Graph(edges=[(0, 1), (1, 2)])
    graph.vs["name"], graph.vs["schema"] = ["p1", "c1", "a1"], ["Person", "Company", "Address"]
    graph.vs["caption"] = ["Jan de Vries", "Vries Holding BV", "Dorpsstraat 1"]
    graph.es["kind"] = ["Directorship", "Thing:addressEntity"]
    hit = ReportHit(
        "straw_man", "Katvanger", "p1", 0.9, "Jan de Vries is bestuurder van 5 bv's.", ("kvk",)
    )
    return DemoReport(
        region_name="Testregio",
        persons=1_000,
        seed=1,
        reference_date="2026-10-01",
        ingest=[IngestLine("kvk", "kvk", 10, 100, 0, 1)],
        resolution_records=20,
        resolution_entities=12,
        signal_definitions=1,
        signal_counts=[SignalCount("straw_man", 1, "Katvanger", "katvangers", 1)],
        hits=[hit],
        municipalities=[MunicipalityFigures("GM2001", "Brakelveen", 900, 80, 1)],
        networks=[network_picture("Katvanger", "rond p1", graph, "p1")],
        datasets=[
            Dataset(
                name="kvk",
                partner="kvk",
                legal_basis=LegalBasis(article="art. 51 Hrw"),
                purposes=("riec",),
            )
        ],
    )


def run_chromium(*args: str) -> str:
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout


def test_report_renders_every_section_and_picture(tmp_path: Path) -> None:
    page = write_demo_report(tmp_path / "index.html", make_report())
    dom = run_chromium("--dump-dom", page.as_uri())
    for section in ("summary", "municipalities", "signals", "networks", "quality", "sources"):
        assert f'id="{section}"' in dom
    assert dom.count("<circle") == 3
    assert "Jan de Vries is bestuurder van 5 bv's." in dom


def test_report_loads_nothing_from_outside(tmp_path: Path) -> None:
    html = write_demo_report(tmp_path / "index.html", make_report()).read_text()
    external = re.findall(r'(?:src|href)="(https?:)?//', html)
    assert external == []
    assert "<script" not in html and "<link" not in html


def test_report_screenshot_is_drawn(tmp_path: Path) -> None:
    page = write_demo_report(tmp_path / "index.html", make_report())
    shot = tmp_path / "shot.png"
    run_chromium(f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
