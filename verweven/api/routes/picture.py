"""The regional undermining picture: the published (protected) tables for purpose
ondermijningsbeeld, and the records behind one number for a purpose that may read them."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from verweven.api.deps import LeaseDep, Reader
from verweven.picture.facts import Granularity
from verweven.services import picture as services
from verweven.services.picture_views import (
    DrillDownView,
    PictureView,
    drill_down_view,
    picture_view,
)

router = APIRouter(tags=["picture"])
Period = Annotated[Granularity, Query(description="Dated indicators per year or per quarter.")]


@router.get("/picture", response_model=PictureView)
def published(
    reader: Reader,
    leased: LeaseDep,
    request: Request,
    granularity: Period = Granularity.JAAR,
    minimum: Annotated[int, Query(ge=1, le=1000, description="Frequency rule")] = 10,
    rounding: Annotated[int, Query(ge=1, le=1000, description="Round counts to")] = 5,
) -> PictureView:
    """The published picture (purpose ondermijningsbeeld): every indicator per gemeente, wijk
    and buurt and period, protected against disclosure; the boundary files are the server's
    (VERWEVEN_GEO_DIR). Counting a region takes seconds; the server keeps it for a while."""
    areas = services.server_areas()
    rules = services.default_rules(minimum, rounding)
    cache: services.PictureCache = request.app.state.pictures
    return picture_view(cache.get(leased.store, reader, areas, rules, granularity))


@router.get("/picture/drilldown", response_model=DrillDownView)
def drilldown(
    reader: Reader,
    leased: LeaseDep,
    indicator: Annotated[str, Query(min_length=1, max_length=100, examples=["hennepkwekerij"])],
    area: Annotated[str, Query(min_length=1, max_length=20, examples=["GM2001"])],
    period: Annotated[str, Query(min_length=1, max_length=10, examples=["totaal"])] = "totaal",
    granularity: Period = Granularity.JAAR,
) -> DrillDownView:
    """The records behind one number, as your purpose and case may see them (refused for
    purpose ondermijningsbeeld: aggregates only). Every read is audited."""
    areas = services.server_areas()
    behind = services.drill(leased.store, reader, areas, indicator, area, period, granularity)
    return drill_down_view(behind)
