"""Render a package template to HTML, escaping every value."""

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    """One Jinja environment: autoescaped, and a missing value is an error, not a blank."""
    env = Environment(
        loader=PackageLoader("verweven.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}".replace(",", ".")
    return env


def render_html(template: str, **context: Any) -> str:
    """The rendered template ``template`` (e.g. ``demo.html``)."""
    return environment().get_template(template).render(**context)
