"""A network picture as inline SVG: a seeded layout, nodes coloured by kind, labelled edges.

Drawn here rather than by a JavaScript library so the report needs nothing from outside and the
same network gives the same picture every time.
"""

import math
import random
from html import escape

import igraph

SIZE = 640
MARGIN = 30
LABEL_ROOM = 150  # labels run to the right of their node
COLOURS = {
    "Person": "#1f77b4",
    "Company": "#d62728",
    "Organization": "#d62728",
    "LegalEntity": "#9467bd",
    "Address": "#2ca02c",
    "RealEstate": "#8c564b",
    "Vehicle": "#ff7f0e",
    "BankAccount": "#17becf",
    "Event": "#e377c2",
    "CourtCase": "#7f7f7f",
    "License": "#bcbd22",
}


def network_svg(
    graph: igraph.Graph, highlight: str | None = None, seed: int = 7, label: str = "netwerkbeeld"
) -> str:
    """SVG of ``graph``: vertex attributes name (the canonical id), schema, caption; edge
    attribute kind, and caption when the edges are to be labelled in words."""
    if graph.vcount() == 0:
        return ""
    coords = scaled_layout(graph, seed)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-label="{escape(label)}" class="network">'
    ]
    captioned = "caption" in graph.es.attributes()
    for edge in graph.es:
        (x1, y1), (x2, y2) = coords[edge.source], coords[edge.target]
        kind = str(edge["kind"]).split(":")[-1] if "kind" in graph.es.attributes() else ""
        title = str(edge["caption"]) if captioned else kind
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999">'
            f"<title>{escape(title)}</title></line>"
        )
        if captioned:  # the words on the edge itself, where a printed page shows them
            parts.append(
                f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 2:.1f}" font-size="8" '
                f'fill="#555" text-anchor="middle">{escape(title[:24])}</text>'
            )
    for vertex, (x, y) in zip(graph.vs, coords, strict=True):
        colour = COLOURS.get(vertex["schema"], "#555")
        radius = 11 if vertex["name"] == highlight else 7
        caption = str(vertex["caption"] or vertex["name"])
        parts.append(
            f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" '
            f'stroke="#000" stroke-width="{2 if radius > 7 else 0.5}">'
            f"<title>{escape(vertex['schema'])}: {escape(caption)}</title></circle>"
            f'<text x="{x + radius + 3:.1f}" y="{y + 4:.1f}" font-size="10">'
            f"{escape(caption[:28])}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def scaled_layout(graph: igraph.Graph, seed: int) -> list[tuple[float, float]]:
    """A Fruchterman-Reingold layout from a fixed start (seeded), scaled into the picture."""
    count = graph.vcount()
    start = [
        [
            math.cos(2 * math.pi * ((i * 7919 + seed) % count) / count),
            math.sin(2 * math.pi * i / count),
        ]
        for i in range(count)
    ]
    random.seed(seed)  # igraph draws from Python's random module
    layout = graph.layout_fruchterman_reingold(seed=start, niter=500)
    xs, ys = [p[0] for p in layout], [p[1] for p in layout]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    width, height = SIZE - 2 * MARGIN - LABEL_ROOM, SIZE - 2 * MARGIN
    return [
        (MARGIN + (x - min(xs)) / span_x * width, MARGIN + (y - min(ys)) / span_y * height)
        for x, y in zip(xs, ys, strict=True)
    ]
