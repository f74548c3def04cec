"""Search, one entity with provenance (with ETags), its signal hits, and the network (and
its export)."""

import io
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response

from verweven.api.deps import DEFAULT_PAGE, LeaseDep, Limit, Offset, Reader
from verweven.services import Page, network
from verweven.services import decisions as decision_services
from verweven.services import entities as services
from verweven.services import search as search_services
from verweven.services.network_export import ViewFormat, export_view, view_graph
from verweven.store import SignalHitRecord

router = APIRouter(tags=["entities"])
EntityId = Annotated[str, Path(min_length=1, max_length=500, description="A canonical id.")]


@router.get("/entities", response_model=Page[services.EntitySummary])
def search(
    reader: Reader,
    leased: LeaseDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="The exact value.")],
    prop: Annotated[str | None, Query(max_length=100, description="Only this property.")] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[services.EntitySummary]:
    """Entities with this exact value (a name, an identifier, an address), by id."""
    return services.search_entities(leased.store, reader, q, prop, limit, offset)


@router.get("/search", response_model=Page[search_services.Match])
def tolerant_search(
    reader: Reader,
    leased: LeaseDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="What was typed.")],
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[search_services.Match]:
    """Identifiers exactly after normalisation (spaces, dashes, a dropped leading zero,
    case), then names within a few typing errors, nearest first."""
    return search_services.search(leased.store, reader, q, limit, offset)


@router.get(
    "/entities/{entity_id}",
    response_model=services.EntityView,
    responses={304: {"description": "Not modified: what you may see is what you have"}},
)
def entity(
    entity_id: EntityId,
    reader: Reader,
    leased: LeaseDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(max_length=2000)] = None,
) -> services.EntityView | Response:
    """One entity as you may see it for this purpose and case, every value with its source,
    partner, legal basis and delivery dates. Send its ETag in If-None-Match to get a 304
    when nothing you may see changed (the read is audited either way)."""
    view = services.read_entity(leased.store, reader, entity_id)
    tag = services.entity_etag(view)
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if if_none_match and _matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return view


def _matches(if_none_match: str, tag: str) -> bool:
    sent = {part.strip().removeprefix("W/") for part in if_none_match.split(",")}
    return "*" in sent or tag in sent


@router.get("/entities/{entity_id}/signal-hits", response_model=Page[SignalHitRecord])
def entity_signal_hits(
    entity_id: EntityId,
    reader: Reader,
    leased: LeaseDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> Page[SignalHitRecord]:
    """The signal hits on one entity whose every delivery you may read, newest first."""
    return decision_services.signal_hits(leased.store, reader, entity_id, limit, offset)


@router.get("/entities/{entity_id}/neighbourhood", response_model=network.NeighbourhoodView)
def neighbourhood(
    entity_id: EntityId,
    reader: Reader,
    leased: LeaseDep,
    hops: Annotated[int, Query(ge=0, le=network.MAX_HOPS, description="Steps out.")] = 2,
    fan: Annotated[
        int,
        Query(
            ge=1,
            le=100_000,
            description="Beyond the centre, expand an entity only when at most this many "
            "records name it; one named by more is listed with `more`.",
        ),
    ] = network.FAN,
) -> network.NeighbourhoodView:
    """The entities within ``hops`` steps, nearest first, and every relationship among them
    with the statements and deliveries that support it. A hub beyond the centre (a bank, a
    busy address) is drawn with its edges but not expanded: ask for its own neighbourhood."""
    found = network.neighbourhood(leased.store, reader, entity_id, hops, fan)
    return network.neighbourhood_view(found)


@router.get(
    "/entities/{entity_id}/neighbourhood/export",
    response_class=Response,
    responses={200: {"description": "GEXF (Gephi) or FtM JSON lines",
                     "content": {"application/gexf+xml": {"schema": {"type": "string"}},
                                 "application/x-ndjson": {"schema": {"type": "string"}}}}},
)  # fmt: skip
def export_neighbourhood(
    entity_id: EntityId,
    request: Request,
    reader: Reader,
    leased: LeaseDep,
    format: Annotated[ViewFormat, Query(description="gexf (Gephi) or ftm (JSON lines).")],
    hops: Annotated[int, Query(ge=0, le=network.MAX_HOPS, description="Steps out.")] = 2,
    expand: Annotated[
        list[Annotated[str, Query(min_length=1, max_length=500)]] | None,
        Query(max_length=50, description="Entities expanded in the view (one step each)."),
    ] = None,
) -> Response:
    """A network view written out — the neighbourhood plus the expanded entities' — as an
    export: refused unless every delivery in it may leave for this purpose and case (FtM:
    assembled from the statements that may), and audited as one."""
    graph = view_graph(leased.store, reader, entity_id, hops, expand or [])
    out = io.StringIO()
    export_view(leased.store, reader, graph, format, f"HTTP GET {request.url}", out)
    media = "application/gexf+xml" if format is ViewFormat.GEXF else "application/x-ndjson"
    return Response(out.getvalue(), media_type=media)


@router.get("/paths", response_model=network.PathsView)
def paths(
    reader: Reader,
    leased: LeaseDep,
    source: Annotated[str, Query(min_length=1, max_length=500)],
    target: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> network.PathsView:
    """The shortest paths between two entities, every step with its evidence."""
    found = network.paths(leased.store, reader, source, target, limit)
    return network.paths_view(found)
