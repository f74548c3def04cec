"""The undermining picture's pages: the published picture (purpose ondermijningsbeeld) with a
map and a table per indicator, and behind every number the drill-down to its records — shown
only to a purpose that may read them, as the store decides. Every read is a call of
``services.picture``."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from markupsafe import Markup

from verweven.errors import VerwevenError
from verweven.model import Sensitivity
from verweven.picture.build import PURPOSE
from verweven.picture.facts import Granularity
from verweven.picture.indicators import MISSING, THEMES
from verweven.reports.picture import CAPTION, choropleth, indicator_table
from verweven.services import http_status
from verweven.services import picture as services
from verweven.web.pages import choose_first, classification_of, delivery_levels, page, to_login
from verweven.web.session import LeaseDep, visitor

router = APIRouter(include_in_schema=False)


@router.get("/beeld")
def picture_page(
    request: Request,
    leased: LeaseDep,
    periode: Granularity = Granularity.JAAR,
    opnieuw: bool = False,
) -> Response:
    """The published picture, for purpose ondermijningsbeeld."""
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back="/beeld")
    if actor.purpose != PURPOSE:
        return choose_first("/beeld")
    try:
        areas = services.server_areas()
        cache: services.PictureCache = request.app.state.pictures
        published = cache.get(
            leased.store, actor, areas, services.default_rules(), periode, fresh=opnieuw
        )
    except VerwevenError as error:
        return page(request, "beeld.html", actor, http_status(error), melding=str(error),
                    themes=[], periode=periode.value)  # fmt: skip

    def behind(code: str, period: str) -> str:
        query = {"indicator": indicator, "gebied": code, "periode": period, "per": periode.value}
        return "/beeld/achter?" + urlencode(query)

    themes = []
    for theme in THEMES:
        sections = []
        # The map and the table are built by reports.picture with every text escaped.
        for table in (t for t in published.tables if t.indicator.theme == theme):
            indicator = table.indicator.id
            sections.append({
                "indicator": table.indicator,
                "map": Markup(choropleth(table, areas, behind)),
                "table": Markup(indicator_table(table, areas, behind)),
            })  # fmt: skip
        themes.append({"name": theme, "sections": sections, "missing": MISSING.get(theme, "")})
    # The published picture is protected for publication; publishing it is the region's call.
    return page(
        request, "beeld.html", actor, 200, Sensitivity.INTERNAL,
        themes=themes, periode=periode.value, caption=CAPTION,
        region=areas.region_name, rules=published.rules.describe(),
        computed_at=published.computed_at, unplaced=published.picture.unplaced, melding="",
    )  # fmt: skip


@router.get("/beeld/achter")
def drill_page(
    request: Request,
    leased: LeaseDep,
    indicator: Annotated[str, Query(max_length=100)],
    gebied: Annotated[str, Query(max_length=20)],
    periode: Annotated[str, Query(max_length=10)] = "totaal",
    per: Granularity = Granularity.JAAR,
) -> Response:
    """The records behind one number, as the visitor's purpose and case may see them."""
    here = str(request.url.path) + "?" + str(request.url.query)
    actor = visitor(request, leased)
    if actor is None:
        return to_login(request, back=here)
    if actor.purpose is None:
        return choose_first(here)
    context: dict[str, Any] = {
        "terug": here,
        "indicator": indicator,
        "gebied": gebied,
        "periode": periode,
    }
    if actor.purpose == PURPOSE:
        return page(request, "beeld_achter.html", actor, 403, behind=None, **context)
    try:
        areas = services.server_areas()
        behind = services.drill(leased.store, actor, areas, indicator, gebied, periode, per)
        levels = delivery_levels(leased, actor)
    except VerwevenError as error:
        return page(request, "beeld_achter.html", actor, http_status(error), behind=None,
                    melding=str(error), **context)  # fmt: skip
    return page(
        request, "beeld_achter.html", actor, behind=behind, melding="",
        classification=classification_of(list(behind.indicator.sources), levels), **context,
    )  # fmt: skip
