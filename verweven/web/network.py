"""The network pages: the entities around one entity as a list (without JavaScript) and as a
drawing (Cytoscape.js, ``static/netwerk.js``) to expand node by node; the paths between two
entities; every edge's evidence; and the view written out as GEXF or FtM lines (exports the
store allows and audits). The PNG of the drawing is made in the browser (Cytoscape's png()).

Every read is a call of ``services.network`` (one audited bulk read of the network this
purpose may see) and ``services.decisions`` (the signal hits on what is shown)."""

import io
from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from verweven.access import Actor
from verweven.errors import UsageError, VerwevenError
from verweven.services import decisions as decision_services
from verweven.services import http_status
from verweven.services import network as network_services
from verweven.services.network import EdgeView, NeighbourhoodView, NodeView
from verweven.services.network_export import ViewFormat, export_view, view_graph
from verweven.store import SignalHitRecord
from verweven.web.pages import (
    classification_of,
    delivery_levels,
    failure,
    page,
    reader_or_redirect,
)
from verweven.web.session import LeaseDep, visitor
from verweven.web.words import relation_name, schema_name

router = APIRouter(include_in_schema=False)
Hops = Annotated[int, Query(ge=1, le=network_services.MAX_HOPS)]
EntityId = Annotated[str, Query(min_length=1, max_length=500)]
# A relationship of these kinds marks its source: a party in a court case (the OM's
# deliveries: a conviction, as the signals read it).
COURT_KINDS = frozenset({"CourtCaseParty"})
MAX_EXPANDED = 50
MEDIA = {ViewFormat.GEXF: "application/gexf+xml", ViewFormat.FTM: "application/x-ndjson"}
SUFFIX = {ViewFormat.GEXF: "gexf", ViewFormat.FTM: "ftm.json"}


def json_visitor(request: Request, leased: LeaseDep) -> Actor | Response:
    """For the drawing's requests: no redirect, but a 401 the script shows."""
    actor = visitor(request, leased)
    if actor is None or actor.purpose is None:
        return JSONResponse({"detail": "Log opnieuw in en kies een doel."}, 401)
    return actor


def json_failure(error: VerwevenError) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, http_status(error))


# ---- the network of one entity --------------------------------------------------------------


@router.get("/entiteit/{entity_id}/netwerk")
def network(entity_id: str, request: Request, leased: LeaseDep, stappen: Hops = 1) -> Response:
    """The entities around one entity, each relationship with the deliveries and statements
    that support it, as a list; the script draws it."""
    found = reader_or_redirect(request, leased, f"/entiteit/{quote(entity_id)}/netwerk")
    if isinstance(found, Response):
        return found
    try:
        view, drawn, levels = _drawn_neighbourhood(leased, found, entity_id, stappen)
    except VerwevenError as error:
        return failure(request, found, error)
    return page(
        request, "netwerk.html", found, classification=_classification(drawn, levels),
        found=view, hops=stappen, marks={n["data"]["id"]: n["data"] for n in drawn["nodes"]},
        edges=[e["data"] for e in drawn["edges"]], captions={n.id: n.caption for n in view.nodes},
        drawn=drawn,  # the script draws this: the page's one network read
    )  # fmt: skip


@router.get("/entiteit/{entity_id}/netwerk.json")
def network_drawing(
    entity_id: str, request: Request, leased: LeaseDep, stappen: Hops = 1
) -> Response:
    """The neighbourhood as Cytoscape elements, for the drawing to add."""
    found = json_visitor(request, leased)
    if isinstance(found, Response):
        return found
    try:
        _, drawn, levels = _drawn_neighbourhood(leased, found, entity_id, stappen)
    except VerwevenError as error:
        return json_failure(error)
    return JSONResponse(drawn | {"rubricering": _level_name(drawn, levels)})


def _drawn_neighbourhood(
    leased: LeaseDep, actor: Actor, entity_id: str, hops: int
) -> tuple[NeighbourhoodView, dict[str, list[dict[str, Any]]], dict[str, str]]:
    """The neighbourhood's view, its Cytoscape drawing (signal hits marked) and the
    classification of each delivery."""
    view = network_services.neighbourhood_view(
        network_services.neighbourhood(leased.store, actor, entity_id, hops)
    )
    hits = decision_services.signal_hits_on(
        leased.store, actor, [n.id for n in view.nodes if not n.stub]
    )
    return view, drawing(view.nodes, view.edges, hits), delivery_levels(leased, actor)


# ---- paths between two entities ------------------------------------------------------------


@router.get("/netwerk/paden")
def paths(request: Request, leased: LeaseDep, van: EntityId, naar: EntityId) -> Response:
    """The shortest paths between two entities, every step with its evidence."""
    back = f"/netwerk/paden?van={quote(van)}&naar={quote(naar)}"
    found = reader_or_redirect(request, leased, back)
    if isinstance(found, Response):
        return found
    try:
        view = network_services.paths_view(
            network_services.paths(leased.store, found, van.strip(), naar.strip())
        )
        levels = delivery_levels(leased, found)
    except VerwevenError as error:
        return failure(request, found, error)
    nodes = [n for p in view.paths for n in p.nodes] or [view.source, view.target]
    edges = [e for p in view.paths for e in p.edges]
    drawn = drawing(nodes, edges, [])
    words = {e["data"]["id"]: e["data"] for e in drawn["edges"]}
    return page(
        request, "paden.html", found, classification=_classification(drawn, levels),
        found=view, words=words, edge_id=edge_id,
    )  # fmt: skip


@router.get("/netwerk/paden.json")
def paths_drawing(request: Request, leased: LeaseDep, van: EntityId, naar: EntityId) -> Response:
    """The paths as Cytoscape elements, and per path the ids of its nodes and edges."""
    found = json_visitor(request, leased)
    if isinstance(found, Response):
        return found
    try:
        view = network_services.paths_view(
            network_services.paths(leased.store, found, van.strip(), naar.strip())
        )
        nodes = [n for p in view.paths for n in p.nodes] or [view.source, view.target]
        edges = [e for p in view.paths for e in p.edges]
        hits = decision_services.signal_hits_on(
            leased.store, found, sorted({n.id for n in nodes if not n.stub})
        )
        levels = delivery_levels(leased, found)
    except VerwevenError as error:
        return json_failure(error)
    drawn = drawing(nodes, edges, hits)
    return JSONResponse(
        drawn
        | {
            "rubricering": _level_name(drawn, levels),
            "lengte": view.length,
            "paden": [[n.id for n in p.nodes] + [edge_id(e) for e in p.edges] for p in view.paths],
        }
    )


# ---- exports --------------------------------------------------------------------------------


@router.get("/entiteit/{entity_id}/netwerk/export")
def export(
    entity_id: str,
    request: Request,
    leased: LeaseDep,
    formaat: Annotated[str, Query(max_length=10)],
    stappen: Hops = 1,
    uit: Annotated[list[str] | None, Query(max_length=MAX_EXPANDED)] = None,
) -> Response:
    """The view as a file: the centre's neighbourhood and the entities expanded in the
    drawing (``uit``, one step each). An export: refused unless what is in it may leave."""
    found = reader_or_redirect(request, leased, f"/entiteit/{quote(entity_id)}/netwerk")
    if isinstance(found, Response):
        return found
    try:
        format = _format(formaat)
        graph = view_graph(leased.store, found, entity_id, stappen, uit or [])
        out = io.StringIO()
        export_view(leased.store, found, graph, format, f"web {request.url}", out)
    except VerwevenError as error:
        return failure(request, found, error)
    name = f"netwerk-{_file_part(entity_id)}.{SUFFIX[format]}"
    return Response(
        out.getvalue(),
        media_type=MEDIA[format],
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def _format(text: str) -> ViewFormat:
    try:
        return ViewFormat(text)
    except ValueError:
        raise UsageError(f"geen exportformaat {text!r}: kies gexf of ftm") from None


def _file_part(entity_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in entity_id)[:80]


# ---- the drawing's elements ------------------------------------------------------------------


def edge_id(edge: EdgeView) -> str:
    """One id per edge in every view (a neighbourhood and a path give the same)."""
    return f"{edge.source}|{edge.kind}|{edge.entity or ''}|{edge.target}"


def drawing(
    nodes: Sequence[NodeView], edges: Sequence[EdgeView], hits: Sequence[SignalHitRecord]
) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges as Cytoscape elements with Dutch words: a node's kind, its signal
    hits and whether it is a party in a court case; an edge's reading and its evidence."""
    signals: dict[str, list[str]] = {}
    for hit in hits:
        signals.setdefault(hit.entity_id, []).append(hit.signal_id)
    court = {e.source for e in edges if e.kind in COURT_KINDS}
    captions = {n.id: n.caption for n in nodes}
    drawn_nodes: dict[str, dict[str, Any]] = {}
    for node in nodes:
        if node.id in drawn_nodes:
            continue
        marks = sorted(set(signals.get(node.id, [])))
        classes = [c for c, on in (("stub", node.stub), ("signaal", marks),
                                   ("strafzaak", node.id in court)) if on]  # fmt: skip
        drawn_nodes[node.id] = {
            "data": {
                "id": node.id, "label": node.caption, "soort": schema_name(node.schema_),
                "stub": node.stub, "afstand": node.distance or 0, "signalen": marks,
                "strafzaak": node.id in court, "leveringen": node.datasets,
                "meer": node.more or 0,
            },
            "classes": " ".join(classes),
        }  # fmt: skip
    drawn_edges: dict[str, dict[str, Any]] = {}
    for edge in edges:
        label = relation_name(edge.kind, edge.label)
        source, target = captions.get(edge.source, edge.source), captions.get(edge.target, "")
        period = f" ({edge.start or '…'} – {edge.end or '…'})" if edge.start or edge.end else ""
        drawn_edges[edge_id(edge)] = {
            "data": {
                "id": edge_id(edge), "source": edge.source, "target": edge.target,
                "label": label, "zin": f"{source} {label} {target or edge.target}{period}",
                "gericht": edge.directed, "entiteit": edge.entity,
                "leveringen": edge.datasets, "vastleggingen": edge.statements,
            },
            "classes": "gericht" if edge.directed else "",
        }  # fmt: skip
    return {"nodes": list(drawn_nodes.values()), "edges": list(drawn_edges.values())}


def _shown(drawn: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [d for element in (*drawn["nodes"], *drawn["edges"])
            for d in element["data"]["leveringen"]]  # fmt: skip


def _classification(drawn: dict[str, list[dict[str, Any]]], levels: dict[str, str]) -> Any:
    return classification_of(_shown(drawn), levels)


def _level_name(drawn: dict[str, list[dict[str, Any]]], levels: dict[str, str]) -> str | None:
    found = _classification(drawn, levels)
    return found.value if found else None
