"""Report rendering: escaped values, self-contained network pictures, the same picture twice."""

from collections import Counter
from pathlib import Path

import igraph

from tests.cli.test_demo_report_browser import make_report
from verweven.reports import network_svg
from verweven.reports.demo import (
    IngestLine,
    ReportHit,
    hits_per_entity,
    quality_rows,
    strongest_per_signal,
    write_demo_report,
)
from verweven.reports.render import environment


def make_graph() -> igraph.Graph:
    graph = igraph.Graph(edges=[(0, 1), (1, 2)])
    graph.vs["name"] = ["p1", "c1", "a1"]
    graph.vs["schema"] = ["Person", "Company", "Address"]
    graph.vs["caption"] = ["Jan <de> Vries", "Vries BV", "Dorpsstraat 1"]
    graph.es["kind"] = ["Directorship", "Thing:addressEntity"]
    return graph


def test_network_picture_is_the_same_every_time() -> None:
    assert network_svg(make_graph(), seed=3) == network_svg(make_graph(), seed=3)


def test_network_picture_escapes_captions_and_loads_nothing() -> None:
    svg = network_svg(make_graph(), highlight="p1")
    assert "Jan &lt;de&gt; Vries" in svg and "<de>" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert svg.count("<circle") == 3 and svg.count("<line") == 2


def test_quality_rows_add_up_runs_of_one_dataset() -> None:
    lines = [
        IngestLine("fiu", "fiu", 10, 50, 1, 2, Counter({"iban: bad": 2})),
        IngestLine("fiu", "fiu", 5, 20, 0, 1, Counter({"iban: bad": 1})),
    ]
    [row] = quality_rows(lines)
    assert (row["rows"], row["rows_quarantined"], row["values_quarantined"]) == (15, 1, 3)
    assert row["reasons"] == [("iban: bad", 3)]


def test_templates_escape_values() -> None:
    html = environment().from_string("<p>{{ value }}</p>").render(value="<script>x</script>")
    assert html == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_top_hits_show_each_signal_once_before_any_signal_twice() -> None:
    hits = [
        ReportHit("unexplained_purchase", "t", f"p{i}", 80.0 - i, "s", ("kadaster",))
        for i in range(5)
    ] + [ReportHit("straw_man", "t", "p9", 8.0, "s", ("kvk",))]
    top = strongest_per_signal(hits)
    assert [(h.signal_id, h.entity_id) for h in top] == [
        ("straw_man", "p9"),
        ("unexplained_purchase", "p0"),
    ]


def test_the_demo_report_shows_every_signal_that_fired_with_its_register_facts(
    tmp_path: Path,
) -> None:
    report = make_report()
    report.hits = [
        ReportHit(
            f"signal_{i:02d}", f"Signaal {i}", f"e{i}", 1.0, f"zin {i}", ("kvk",),
            precision=0.25, weak=i == 13, legal_basis="art. 2:7 WGS", next_step=f"stap {i}",
        )
        for i in range(14)
    ]  # fmt: skip
    html = write_demo_report(tmp_path / "index.html", report).read_text(encoding="utf-8")
    assert all(f"zin {i}" in html and f"stap {i}" in html for i in range(14))
    assert "gemeten precisie: 0.25" in html and html.count("zwak signaal") == 1
    assert "grondslag: art. 2:7 WGS" in html


def test_an_entitys_hits_of_several_signals_are_read_together(tmp_path: Path) -> None:
    hits = [
        ReportHit("straw_man", "Stroman", "p1", 3.0, "stroman", ("kvk",)),
        ReportHit("unexplained_purchase", "Aankoop", "p1", 9.0, "aankoop", ("kadaster",)),
        ReportHit("unexplained_purchase", "Aankoop", "p1", 2.0, "kleiner", ("kadaster",)),
        ReportHit("straw_man", "Stroman", "p2", 5.0, "alleen", ("kvk",)),
    ]
    [(entity, together)] = hits_per_entity(hits)
    assert entity == "p1"
    assert [(h.signal_id, h.sentence) for h in together] == [
        ("unexplained_purchase", "aankoop"),
        ("straw_man", "stroman"),
    ]
    report = make_report()
    report.hits = hits
    html = write_demo_report(tmp_path / "index.html", report).read_text(encoding="utf-8")
    assert "Entiteiten met meer dan één signaal" in html and "p1</strong> — 2 signalen" in html
