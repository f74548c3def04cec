"""The part of the network a screening looks at, read by following only the relationships
the circle (``circle.py``) and the facts (``facts.py``) use — never everything near the
applicant.

Reading 4 steps around a company reaches its bank and its address, and then every other
debtor of the bank and every other resident of the address: thousands of entities for a
circle of ten. This walk reads, from the applicant:

1. everything one step away (its business relations are any link to it);
2. who leads or owns whatever is one step away, and who leads or owns those, up to
   ``MAX_DEPTH`` links from the applicant (control and financing run up such chains);
3. its premises — its own address and those of the permits it applied for — with every
   relationship into them (a lease names its landlord) and the real estate there with its
   owners;
4. for every entity read, the fact relationships (``FACT_KINDS``) that a fact partner's
   delivery ties to it, each whole with its other end.

Every entity the circle and the facts look at is read whole, with every relationship of the
kinds they follow, so they find in it what they find in the whole network (the one exception,
real estate matched by address text and not linked to the premises, is in docs/bibob.md). One
decision and one audit event, like any local read.
"""

from collections.abc import Collection

import igraph

from verweven.access import Actor
from verweven.graph import graph_of
from verweven.graph.derive import graph_props
from verweven.screening.circle import LEADS, MAX_DEPTH, NOT_A_RELATION, OWNS, REAL_ESTATE
from verweven.screening.facts import FACT_KINDS
from verweven.store import Store, Walk, relationship_schemata

CONTROL = (LEADS, OWNS)
CONTROLLED = ("organization", "asset")  # the end of a directorship or ownership that is held
ADDRESS = "addressEntity"


def circle_graph(
    store: Store, actor: Actor, applicant: str, fact_datasets: Collection[str]
) -> igraph.Graph:
    """The network the screening of ``applicant`` (a canonical id) needs; ``fact_datasets``
    are the deliveries of the partners whose relationships are facts."""
    with store.walk(actor, [applicant], graph_props(), {"walk": "bibob circle"}) as walk:
        walk.fetch({applicant})
        near = {applicant} | walk.fetch(walk.next_ring({applicant}))
        _controllers(walk, near)
        _premises(walk, applicant, near)
        facts = walk.referring(set(walk.fetched), FACT_KINDS, datasets=fact_datasets)
        walk.fetch(facts)
    graph = graph_of(walk.result(), actor)
    graph["hops"] = MAX_DEPTH + 1
    return graph


def _controllers(walk: Walk, near: set[str]) -> None:
    """Who leads or owns what is one step from the applicant, and so on up the chain."""
    frontier, done = set(near), set()
    for _ in range(MAX_DEPTH - 1):
        done |= frontier
        links = walk.referring(frontier, CONTROL, CONTROLLED)
        walk.fetch(links)
        frontier = walk.named(links) - done


def _premises(walk: Walk, applicant: str, near: set[str]) -> None:
    """The applicant's and its permits' addresses, what is tied to them by a relationship
    (a lease), and the real estate there with its owners."""
    permits = {entity for entity in near if walk.schemata(entity) & NOT_A_RELATION}
    addresses = walk.named({applicant} | permits, [ADDRESS])
    walk.fetch(addresses)
    walk.fetch(walk.referring(addresses, relationship_schemata()))
    estates = walk.referring(addresses, [REAL_ESTATE])
    walk.fetch(estates)
    walk.fetch(walk.referring(estates, [OWNS], ["asset"]))
