"""The published picture opens in headless Chromium with every area of every map drawn,
and loads nothing from anywhere."""

import random
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.cli.test_demo_report_browser import run_chromium
from verweven.picture import DisclosureRules, load_areas
from verweven.picture.build import aggregate, publish
from verweven.picture.facts import Facts, Occurrence
from verweven.picture.indicators import INDICATORS
from verweven.reports.pdf import print_pdf
from verweven.reports.picture import CAPTION, COLOURS, write_picture
from verweven.synth.geography import build_geography, write_geojson

pytestmark = pytest.mark.skipif(
    __import__("shutil").which("chromium") is None, reason="Chromium is not installed"
)


def published_page(folder: Path) -> tuple[Path, list[str]]:
    write_geojson(build_geography(60_000, seed=5), folder / "geo")
    areas = load_areas(folder / "geo", "Testregio")
    buurten = [a.code for a in areas.at("buurt")]
    rng = random.Random(5)
    facts = Facts()
    for buurt in buurten:
        facts.inhabitants[buurt] = rng.randint(800, 3000)
        facts.companies[buurt] = rng.randint(100, 300)
        for indicator in INDICATORS:
            period = rng.choice(["2025", "2026"]) if indicator.dated else "stand"
            facts.occurrences += [
                Occurrence(indicator.id, buurt, period, rng.uniform(1e5, 4e5))
                for _ in range(rng.choice([0, 3, 12, 25]))
            ]
    rules = DisclosureRules()
    page = write_picture(folder / "out", publish(aggregate(facts, areas), rules), areas, rules)
    return page, buurten


def test_every_area_of_every_map_is_drawn_and_nothing_is_loaded(tmp_path: Path) -> None:
    page, buurten = published_page(tmp_path)
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)\s*=|url\(|@import|<script", html)  # self-contained
    dom = run_chromium("--dump-dom", page.as_uri())
    maps = dom.count('<figure class="map">')
    assert maps == len(INDICATORS)
    for code in buurten:
        assert dom.count(f'data-code="{code}"') == maps
    assert dom.count(CAPTION) >= maps + 1  # under every map, and at the top
    assert dom.count('class="legend"') == maps
    assert "Methode" in dom


def test_the_picture_prints_to_pdf(tmp_path: Path) -> None:
    page, _ = published_page(tmp_path)
    pdf = print_pdf(page, tmp_path / "beeld.pdf")
    document = pdfium.PdfDocument(pdf)
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    assert "Patroon, geen bewijs" in text and "Methode" in text
    colours = set()
    for page in document:  # rendered to pixels: the maps' class colours are there
        image = page.render(scale=1).to_pil().convert("RGB")
        colours |= {colour for _, colour in image.getcolors(1 << 24) or []}
    for hex_colour in COLOURS[1:3]:
        wanted = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert any(max(abs(a - b) for a, b in zip(c, wanted, strict=True)) <= 3 for c in colours)
