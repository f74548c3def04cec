"""The applicant's circle under art. 3 lid 4 Wet Bibob, found in the resolved network: who
leads it, who controls it, who provides its capital, and its business relations — each with
the path of relationships (and their statements) that establishes it.

The rules follow the relationships FtM and the registers give: a directorship of the applicant
makes a *leidinggevende*; a shareholding makes *zeggenschap*, and whoever leads or owns a
shareholding company has that control too (up to ``MAX_DEPTH`` companies up); a debt of the
applicant, or a payment to it, makes a *vermogensverschaffer*, again with whoever stands behind
a financing company; the landlord or owner of its premises and any other link to it make a
*zakelijke relatie*. Every relation keeps the edges it rests on, so the report can cite them.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import igraph

from verweven.graph.facts import EdgeFact, NodeFact, edge_fact, find_vertex, node_fact

MAX_DEPTH = 3  # companies between the applicant and the person behind them
ORGANISATIONS = frozenset({"Company", "Organization", "LegalEntity", "PublicBody"})
LEADS, OWNS, OWES, PAYS = "Directorship", "Ownership", "Debt", "Payment"
ADDRESS = "Thing:addressEntity"
REAL_ESTATE = "RealEstate"
NOT_A_RELATION = frozenset({"License"})  # the permit applied for is the subject, not a relation


class Category(StrEnum):
    """The categories of art. 3 lid 4 Wet Bibob (sub a–c; business relations: sub d)."""

    LEIDINGGEVENDE = "leidinggevende"
    ZEGGENSCHAP = "zeggenschap"
    VERMOGENSVERSCHAFFER = "vermogensverschaffer"
    ZAKELIJKE_RELATIE = "zakelijke relatie"


@dataclass(frozen=True)
class Relation:
    """One member of the circle: its category and the edges (applicant first) that make it."""

    category: Category
    member: NodeFact
    edges: tuple[EdgeFact, ...]

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(sorted({d for edge in self.edges for d in edge.datasets}))

    @property
    def former(self) -> bool:
        """A relation along a path with an ended link (a former director, a sold share)."""
        return any(edge.end for edge in self.edges)

    @property
    def explanation(self) -> str:
        return f"{self.member.caption}: {self.category.value}, " + "; then ".join(
            edge.explanation for edge in self.edges
        )


def find_circle(graph: igraph.Graph, applicant_id: str) -> list[Relation]:
    """Every relation of art. 3 lid 4 around the applicant, shortest evidence first; a member
    found in one category by several paths is listed once per path."""
    applicant = find_vertex(graph, applicant_id)
    found = [
        *_behind(graph, applicant, LEADS, Category.LEIDINGGEVENDE, ()),
        *_behind(graph, applicant, OWNS, Category.ZEGGENSCHAP, ()),
        *_financiers(graph, applicant),
        *_business(graph, applicant),
    ]
    unique = {(r.category, r.member.id, tuple(e.index for e in r.edges)): r for r in found}
    return sorted(
        unique.values(),
        key=lambda r: (list(Category).index(r.category), len(r.edges), r.member.caption),
    )


def _in_edges(graph: igraph.Graph, vertex: int, kind: str) -> Iterator[tuple[int, int]]:
    for edge in graph.incident(vertex, mode="in"):
        if graph.es[edge]["kind"] == kind:
            yield edge, graph.es[edge].source


def _out_edges(graph: igraph.Graph, vertex: int, kind: str) -> Iterator[tuple[int, int]]:
    for edge in graph.incident(vertex, mode="out"):
        if graph.es[edge]["kind"] == kind:
            yield edge, graph.es[edge].target


def _behind(
    graph: igraph.Graph, vertex: int, kind: str, category: Category, path: tuple[int, ...]
) -> Iterator[Relation]:
    """Those who hold ``kind`` (leading, owning) over ``vertex`` and, for control, whoever
    leads or owns a company that holds it, up the chain."""
    for edge, holder in _in_edges(graph, vertex, kind):
        chain = (*path, edge)
        yield Relation(category, node_fact(graph, holder), _facts(graph, chain))
        if category is not Category.LEIDINGGEVENDE and len(chain) < MAX_DEPTH:
            yield from _controllers(graph, holder, category, chain)


def _controllers(
    graph: igraph.Graph, vertex: int, category: Category, chain: tuple[int, ...]
) -> Iterator[Relation]:
    """Whoever leads or owns an organisation in the chain holds the chain's control."""
    if graph.vs[vertex]["schema"] not in ORGANISATIONS:
        return
    visited = {graph.es[e].source for e in chain} | {graph.es[e].target for e in chain}
    for kind in (LEADS, OWNS):
        for edge, holder in _in_edges(graph, vertex, kind):
            if holder in visited:
                continue
            longer = (*chain, edge)
            yield Relation(category, node_fact(graph, holder), _facts(graph, longer))
            if len(longer) < MAX_DEPTH:
                yield from _controllers(graph, holder, category, longer)


def _financiers(graph: igraph.Graph, applicant: int) -> Iterator[Relation]:
    """Creditors of the applicant's debts and payers of money to it, and whoever leads or
    owns a financing organisation."""
    sources = [*_out_edges(graph, applicant, OWES), *_in_edges(graph, applicant, PAYS)]
    for edge, financier in sources:
        chain = (edge,)
        category = Category.VERMOGENSVERSCHAFFER
        yield Relation(category, node_fact(graph, financier), _facts(graph, chain))
        yield from _controllers(graph, financier, category, chain)


def _business(graph: igraph.Graph, applicant: int) -> Iterator[Relation]:
    """Other links of the applicant, and who rents out or owns its premises: the addresses
    of the applicant and of the permits it applied for."""
    skip = {LEADS, OWNS, OWES, PAYS, ADDRESS}
    for edge in graph.incident(applicant, mode="all"):
        kind = graph.es[edge]["kind"]
        other = _other_end(graph, edge, applicant)
        if kind in skip or graph.vs[other]["schema"] in NOT_A_RELATION:
            continue
        yield Relation(Category.ZAKELIJKE_RELATIE, node_fact(graph, other), _facts(graph, (edge,)))
    for chain, address in _premises(graph, applicant):
        yield from _landlords(graph, applicant, chain, address)


def _premises(graph: igraph.Graph, applicant: int) -> Iterator[tuple[tuple[int, ...], int]]:
    """The applicant's addresses and those of the permits it applied for, with the edges
    that lead there."""
    for edge, address in _out_edges(graph, applicant, ADDRESS):
        yield (edge,), address
    for edge in graph.incident(applicant, mode="all"):
        permit = _other_end(graph, edge, applicant)
        if graph.vs[permit]["schema"] in NOT_A_RELATION:
            for link, address in _out_edges(graph, permit, ADDRESS):
                yield (edge, link), address


def _landlords(
    graph: igraph.Graph, applicant: int, chain: tuple[int, ...], address: int
) -> Iterator[Relation]:
    """Who rents out the premises (a link whose role says so), and who owns real estate at
    the same address (the Kadaster's object, matched by its address text)."""
    for link in graph.incident(address, mode="in"):
        if "verhuur" in (graph.es[link]["detail"] or "").lower():
            landlord = graph.es[link].source
            if landlord != applicant:
                yield Relation(
                    Category.ZAKELIJKE_RELATIE, node_fact(graph, landlord),
                    _facts(graph, (*chain, link)),
                )  # fmt: skip
    place = _normalised(graph.vs[address]["caption"])
    for estate in _by_caption(graph).get(place, ()):
        if estate == address or graph.vs[estate]["schema"] != REAL_ESTATE:
            continue
        for link, owner in _in_edges(graph, estate, OWNS):
            if owner != applicant:
                yield Relation(
                    Category.ZAKELIJKE_RELATIE, node_fact(graph, owner),
                    _facts(graph, (*chain, link)),
                )  # fmt: skip


def _by_caption(graph: igraph.Graph) -> dict[str, list[int]]:
    """Real estate by normalised address text, built once per graph."""
    if "screening_estates" not in graph.attributes():
        index: dict[str, list[int]] = {}
        for vertex in graph.vs.select(schema_eq=REAL_ESTATE):
            index.setdefault(_normalised(vertex["caption"]), []).append(vertex.index)
        graph["screening_estates"] = index
    found: dict[str, list[int]] = graph["screening_estates"]
    return found


def _other_end(graph: igraph.Graph, edge: int, vertex: int) -> int:
    ends = graph.es[edge].tuple
    return int(ends[1] if ends[0] == vertex else ends[0])


def _normalised(caption: str) -> str:
    return " ".join(caption.lower().replace(",", " ").split())


def _facts(graph: igraph.Graph, chain: tuple[int, ...]) -> tuple[EdgeFact, ...]:
    return tuple(edge_fact(graph, edge) for edge in chain)
