"""The published undermining picture as a self-contained Dutch HTML page (a choropleth per
indicator drawn as inline SVG from the GeoJSON outlines: no map library, no script, nothing
loaded from the internet) and as CSV. Only published (protected) values reach these files."""

import csv
import math
from collections.abc import Callable
from html import escape
from pathlib import Path

from verweven.picture.areas import Area, Areas
from verweven.picture.build import PublishedTable
from verweven.picture.disclosure import DisclosureRules
from verweven.picture.indicators import INDICATORS, MISSING, STAND, THEMES, TOTAL

WIDTH = 520
COLOURS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")  # 5 classes, light to dark
SUPPRESSED = "#cccccc"
CAPTION = "Patroon, geen bewijs: een kaart toont waar iets vaker voorkomt, niet wie iets doet."
MAX_LABELS = 80  # more names than this cover the map: then names show on hover and in the table
UNIT = {"inwoners": "per 1.000 inwoners", "bedrijven": "per 100 vestigingen"}


def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "."
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _latest(table: PublishedTable) -> str:
    """The period a map shows: the total over the years, or the state."""
    return TOTAL if TOTAL in table.periods else STAND


def _classes(values: list[float]) -> list[float]:
    """Upper bounds of up to four classes of equal count (quantiles) over the values above
    zero; zero has a class of its own, the lightest."""
    ordered = sorted(v for v in values if v > 0)
    if not ordered:
        return []
    bounds = [ordered[min(len(ordered) - 1, math.ceil(len(ordered) * k / 4) - 1)]
              for k in range(1, 5)]  # fmt: skip
    return sorted(set(bounds))


def _colour(value: float | None, bounds: list[float]) -> str:
    if value is None:
        return SUPPRESSED
    if value <= 0 or not bounds:
        return COLOURS[0]
    for colour, bound in zip(COLOURS[1:], bounds, strict=False):
        if value <= bound:
            return colour
    return COLOURS[len(bounds)]


def _projection(areas: list[Area]) -> tuple[float, float, float, float, float]:
    xs = [x for a in areas for poly in a.polygons for ring in poly for x, _ in ring]
    ys = [y for a in areas for poly in a.polygons for ring in poly for _, y in ring]
    squeeze = math.cos(math.radians((min(ys) + max(ys)) / 2))
    scale = WIDTH / max((max(xs) - min(xs)) * squeeze, 1e-9)
    height = (max(ys) - min(ys)) * scale
    return min(xs), max(ys), squeeze, scale, height


Link = Callable[[str, str], str]  # (area code, period) -> the address behind that number


def choropleth(table: PublishedTable, areas: Areas, link: Link | None = None) -> str:
    """One map of the buurten: colour by published rate, grey where suppressed, each area
    named (title on hover, label in the middle), the legend and the caption beside it. With
    ``link`` every area leads to what lies behind its number (the authorised drill-down)."""
    buurten = areas.at("buurt")
    period = _latest(table)
    rates = {a.code: table.rates.get((a.code, period)) for a in buurten}
    bounds = _classes([v for v in rates.values() if v is not None])
    x0, y0, squeeze, scale, height = _projection(buurten)
    shapes, labels = [], []
    for area in buurten:
        path = " ".join(
            "M" + " L".join(f"{(x - x0) * squeeze * scale:.1f},{(y0 - y) * scale:.1f}"
                            for x, y in ring) + " Z"
            for poly in area.polygons for ring in poly
        )  # fmt: skip
        value = rates[area.code]
        title = f"{area.name} ({area.code}): {_fmt(value, 1)} {UNIT[table.indicator.per]}"
        shape = (
            f'<path class="area" data-code="{escape(area.code)}" d="{path}" '
            f'fill="{_colour(value, bounds)}" stroke="#444" stroke-width="0.6">'
            f"<title>{escape(title)}</title></path>"
        )
        if link is not None:
            target = escape(link(area.code, period))
            shape = f'<a href="{target}" aria-label="{escape(title)}">{shape}</a>'
        shapes.append(shape)
        xs = [x for poly in area.polygons for x, _ in poly[0]]
        ys = [y for poly in area.polygons for _, y in poly[0]]
        cx, cy = (sum(xs) / len(xs) - x0) * squeeze * scale, (y0 - sum(ys) / len(ys)) * scale
        if len(buurten) <= MAX_LABELS:
            labels.append(f'<text x="{cx:.1f}" y="{cy:.1f}">{escape(area.name)}</text>')
    legend = _legend(bounds, table.indicator.per)
    role = "img" if link is None else "group"
    return (
        # A map of links is a group (an image may not hold anything one can click).
        f'<figure class="map"><svg viewBox="0 0 {WIDTH} {height:.0f}" role="{role}" '
        f'aria-label="{escape(table.indicator.title)} per buurt">{"".join(shapes)}'
        f'<g class="labels">{"".join(labels)}</g></svg>{legend}'
        f'<figcaption class="caveat">{escape(CAPTION)}</figcaption></figure>'
    )


def _legend(bounds: list[float], per: str) -> str:
    rows = [f'<li><span class="swatch" style="background:{COLOURS[0]}"></span>0</li>']
    low = 0.0
    for colour, bound in zip(COLOURS[1:], bounds, strict=False):
        rows.append(f'<li><span class="swatch" style="background:{colour}"></span>'
                    f"meer dan {_fmt(low, 1)} tot en met {_fmt(bound, 1)}</li>")  # fmt: skip
        low = bound
    rows.append(f'<li><span class="swatch" style="background:{SUPPRESSED}"></span>'
                f"geheim (.) of minder dan 100 inwoners/vestigingen</li>")  # fmt: skip
    return f'<ul class="legend"><li><strong>{escape(UNIT[per])}</strong></li>{"".join(rows)}</ul>'


def indicator_table(table: PublishedTable, areas: Areas, link: Link | None = None) -> str:
    """The published table per area and period: count · rate (× the region's); with ``link``
    every shown number leads to what lies behind it."""
    region_rate = {p: table.rates.get(("regio", p)) for p in table.periods}
    head = "".join(f"<th>{escape(p)}</th>" for p in table.periods)
    rows = []
    for area in areas.areas:
        cells = []
        for period in table.periods:
            count = table.counts.published[(area.code, period)]
            rate = table.rates.get((area.code, period))
            ratio = region_rate[period]
            lift = f" ({_fmt(rate / ratio, 1)}× regio)" if rate is not None and ratio else ""
            text = f"{_fmt(count)} · {_fmt(rate, 1)}{lift}"
            if link is not None and count:
                text = f'<a href="{escape(link(area.code, period))}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append(f'<tr class="{area.level}"><th>{escape(area.name)} '
                    f"<small>{escape(area.code)}</small></th>{''.join(cells)}</tr>")  # fmt: skip
    return (f"<table><thead><tr><th>Gebied</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")  # fmt: skip


def render_picture(tables: list[PublishedTable], areas: Areas, rules: DisclosureRules) -> str:
    """The whole page."""
    sections = []
    for theme in THEMES:
        mine = [t for t in tables if t.indicator.theme == theme]
        body = (
            "".join(
                f'<section class="indicator" id="{t.indicator.id}"><h3>{escape(t.indicator.title)}'
                f"</h3><p>{escape(t.indicator.description)} Bron: "
                f"{escape(', '.join(t.indicator.sources))}. Per cel: aantal · "
                f"{escape(UNIT[t.indicator.per])}.</p>{choropleth(t, areas)}"
                f"{indicator_table(t, areas)}"
                f'<p class="rules">Beveiliging: {escape(rules.describe())}.</p></section>'
                for t in mine
            )
            or f"<p>{escape(MISSING.get(theme, 'Geen gegevens voor dit thema.'))}</p>"
        )
        sections.append(f'<section class="theme"><h2>{escape(theme)}</h2>{body}</section>')
    method = (
        '<section id="methode"><h2>Methode</h2><p>Alle cijfers tellen feiten uit de '
        "registers die de partners voor het doel <em>ondermijningsbeeld</em> leveren, alleen "
        "in bulk gelezen (nooit per persoon). Een feit komt in de buurt van zijn postcode "
        "volgens de BAG; wijk, gemeente en regio zijn de sommen daarvan. Gedateerde "
        "indicatoren staan per jaar, met het totaal; de andere geven de stand op de "
        "leverdatum. Signalen zijn aanleidingen om te kijken, geen oordeel; de kaart toont "
        "een patroon, geen bewijs.</p><p>Statistische beveiliging: "
        f"{escape(rules.describe())}. Aantallen van 1 tot {rules.minimum} zijn geheim ('.'), "
        "net als geldsommen die één bijdrage domineert; daarna worden zoveel extra cellen "
        "geheim gehouden dat geen geheime cel uit randtotalen, uit het verschil tussen "
        "niveaus (gemeente min de som van haar wijken) of tussen jaren (totaal min de "
        "jaren) terug te rekenen is, getoetst met lineaire programmering. Percentages en "
        "cijfers per 1.000 inwoners staan alleen bij minstens 100 inwoners of vestigingen "
        "en zijn berekend op de afgeronde aantallen.</p>"
        f"{_validation(tables)}<p>De kaarten zijn SVG in deze "
        "pagina, getekend uit de grenzen van de wijk- en buurtkaart: er wordt niets van "
        "internet geladen.</p></section>"
    )
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Ondermijningsbeeld {escape(areas.region_name)}</title><style>{STYLE}</style>"
        f"</head><body><h1>Ondermijningsbeeld {escape(areas.region_name)}</h1>"
        f'<p class="caveat">{escape(CAPTION)}</p>{"".join(sections)}{method}</body></html>'
    )


def _validation(tables: list[PublishedTable]) -> str:
    """Per indicator what it counts and how it was checked: on a synthetic region of 50,000
    persons with planted cases (benchmarks/picture_bench.py), do their buurten stand out."""
    rows = "".join(
        f"<tr><th>{escape(t.indicator.title)}</th><td>{escape(t.indicator.description)}</td>"
        f"<td>{escape(t.indicator.validation)}</td></tr>"
        for t in tables
    )
    return (
        "<p>Hoe scherp elke indicator is, is getoetst op een synthetische regio van 50.000 "
        "personen met geplante gevallen per patroon: staat de buurt van een geplant geval "
        "hoog bij de indicator van zijn thema (rang onder 33 buurten; lift = het cijfer van "
        "die buurt gedeeld door dat van de regio)? Dat meet het onderscheidend vermogen op "
        "nagebootste gegevens, niet de precisie op echte.</p><table><caption>Wat elke "
        "indicator telt en hoe hij is getoetst</caption><thead><tr><th>Indicator</th><th>"
        f"Telt</th><th>Getoetst</th></tr></thead><tbody>{rows}</tbody></table>"
    )


STYLE = """
body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left}
tr.buurt th{padding-left:1.5rem;font-weight:normal}tr.wijk th{padding-left:.8rem}
.map{display:flex;gap:1rem;flex-wrap:wrap;margin:0}.map svg{width:520px;height:auto}
.labels text{font-size:9px;text-anchor:middle;fill:#000;paint-order:stroke;stroke:#fff;
stroke-width:2px}.legend{list-style:none;padding:0;font-size:.8rem}
.swatch{display:inline-block;width:1rem;height:.8rem;margin-right:.3rem;border:1px solid #444}
.caveat{font-weight:bold;color:#7f2704;width:100%}.rules{font-size:.8rem;color:#555}
@media print{.indicator{break-inside:avoid}}
"""


def write_picture(folder: Path, tables: list[PublishedTable], areas: Areas,
                  rules: DisclosureRules) -> Path:  # fmt: skip
    """Write ``ondermijningsbeeld.html`` and ``ondermijningsbeeld.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "ondermijningsbeeld.html"
    page.write_text(render_picture(tables, areas, rules), encoding="utf-8")
    write_csv(folder / "ondermijningsbeeld.csv", tables, areas)
    return page


def write_municipality(folder: Path, tables: list[PublishedTable], areas: Areas,
                       rules: DisclosureRules, gemeente: str) -> Path:  # fmt: skip
    """Write ``ondermijningsbeeld-<GM code>.html``: one gemeente's maps and tables, beside
    the region's figures. The same protected tables as the region's page: showing a subset
    of them gives nothing more away."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"ondermijningsbeeld-{gemeente}.html"
    page.write_text(render_picture(tables, areas.within(gemeente), rules), encoding="utf-8")
    return page


def write_csv(path: Path, tables: list[PublishedTable], areas: Areas) -> Path:
    """One row per indicator, area and period: published count ('.' if suppressed), rate,
    sum of money, and the protection settings."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["thema", "indicator", "niveau", "code", "naam", "periode", "aantal",
                         "per", "cijfer", "geldsom", "beveiliging"])  # fmt: skip
        for table in tables:
            for area in areas.areas:
                for period in table.periods:
                    cell = (area.code, period)
                    money = table.money.published.get(cell) if table.money else None
                    writer.writerow([
                        table.indicator.theme, table.indicator.id, area.level, area.code,
                        area.name, period, _csv(table.counts.published[cell]),
                        UNIT[table.indicator.per], _csv(table.rates.get(cell)),
                        _csv(money) if table.money else "", table.rules.describe(),
                    ])  # fmt: skip
    return path


def _csv(value: float | None) -> str:
    return "." if value is None else f"{value:g}"


__all__ = ["INDICATORS", "render_picture", "write_csv", "write_picture"]
