"""Shared report rendering: HTML from package templates, network pictures as inline SVG.

Reports are self-contained files: styles and pictures are inline, nothing is fetched from the
internet when they open — many government networks are closed.
"""

from verweven.reports.network_svg import network_svg
from verweven.reports.render import render_html

__all__ = ["network_svg", "render_html"]
