"""The screening reads only what its circle and facts look at, and finds what it finds in the
whole network: for every company of a random network as applicant, on both backends, the
screening on ``circle_graph`` equals the screening on the officer's whole network and the one
on a 4-step read — and reads none of a bank's other debtors or a busy address's residents."""

import hashlib
import random
from dataclasses import astuple
from typing import Any

import pyarrow as pa
import pytest

from tests.factories import load, make_actor, make_dataset, register, resolver
from verweven.access import Actor, Role
from verweven.graph import build_graph, local_graph
from verweven.model import BASE_ID, Statement
from verweven.screening import Screening, screen_applicant
from verweven.screening.facts import FACT_PARTNERS
from verweven.screening.read import circle_graph
from verweven.store import Store

SEED = 5
BIBOB = ("bibob", "riec_casus")
DATASETS = {  # name: (partner, purposes)
    "kvk": ("kvk", BIBOB),
    "bibob": ("gemeente", BIBOB),
    "om": ("openbaar_ministerie", BIBOB),
    "bd": ("belastingdienst", BIBOB),
    "fiu": ("fiu_nederland", BIBOB),
    "bank": ("bank", BIBOB),
    "kadaster": ("kadaster", BIBOB),
    "politie": ("politie", ("riec_casus",)),  # not for bibob: the officer's view splits
}


def _entity(entity_id: str, dataset: str, schema: str, **props: str | list[str]) -> list[Statement]:
    stmts = [Statement(entity_id, BASE_ID, schema, entity_id, dataset)]
    for prop, values in props.items():
        for value in [values] if isinstance(values, str) else values:
            stmts.append(Statement(entity_id, prop, schema, value, dataset))
    return stmts


def _bibob_network(rng: random.Random) -> dict[str, list[Statement]]:
    """Companies led and owned in chains by persons and companies, financed by a bank (a hub
    of 40 debtors) and by persons, owing the tax office (a fact partner's hub); permits at
    addresses that are hubs too, leases, real estate with owners, court cases, FIU reports."""
    out: dict[str, list[Statement]] = {name: [] for name in DATASETS}
    persons = [f"p{i}" for i in range(30)]
    companies = [f"c{i}" for i in range(16)]
    addresses = [f"a{i}" for i in range(5)]
    full = {a: f"Dorpsstraat {i}, 1234 AB Plaats" for i, a in enumerate(addresses)}
    for a in addresses:
        out["kadaster"] += _entity(a, "kadaster", "Address", full=full[a])
    for p in persons:
        out["kvk"] += _entity(p, "kvk", "Person", name=f"Persoon {p}",
                              addressEntity=rng.choice(addresses))  # fmt: skip
    for p in persons[:8]:  # the same persons as the OM and the police know them
        out["om"] += _entity(f"om_{p}", "om", "Person", name=f"P. {p}")
        out["politie"] += _entity(f"pol_{p}", "politie", "Person", name=f"{p} (politie)")
    for c in companies:
        out["kvk"] += _entity(c, "kvk", "Company", name=f"Bedrijf {c} BV",
                              registrationNumber=f"{10000000 + int(c[1:])}",
                              addressEntity=rng.choice(addresses))  # fmt: skip
    people = persons + [f"om_{p}" for p in persons[:8]]
    for i in range(30):
        out["kvk"] += _entity(f"dir{i}", "kvk", "Directorship", director=rng.choice(people),
                              organization=rng.choice(companies), role="bestuurder",
                              startDate=f"20{rng.randint(10, 24)}-01-01")  # fmt: skip
    for i in range(30):
        out["kvk"] += _entity(f"own{i}", "kvk", "Ownership",
                              owner=rng.choice(people[:30] + companies),
                              asset=rng.choice(companies),
                              percentage=str(rng.randint(1, 100)))  # fmt: skip
    out["bank"] += _entity("bank", "bank", "Company", name="Bank NV")
    for i in range(40):  # the bank's debtors: persons and companies
        out["bank"] += _entity(f"loan{i}", "bank", "Debt", debtor=rng.choice(persons + companies),
                               creditor="bank", amount=str(1000 * i))  # fmt: skip
    out["bd"] += _entity("bd", "bd", "PublicBody", name="Belastingdienst")
    for i in range(12):
        out["bd"] += _entity(f"tax{i}", "bd", "Debt", debtor=rng.choice(persons + companies),
                             creditor="bd", amount="500")  # fmt: skip
    for i in range(10):
        out["bibob"] += _entity(f"fin{i}", "bibob", "Debt", debtor=rng.choice(companies),
                                creditor=rng.choice(persons), amount="25000")  # fmt: skip
        out["fiu"] += _entity(f"pay{i}", "fiu", "Payment", payer=rng.choice(people),
                              beneficiary=rng.choice(companies + persons),
                              amountEur="9000")  # fmt: skip
    for i in range(8):
        out["om"] += _entity(f"zaak{i}", "om", "CourtCase", name=f"Zaak {i}")
        out["om"] += _entity(f"party{i}", "om", "CourtCaseParty", case=f"zaak{i}",
                             party=rng.choice(people), role="verdachte")  # fmt: skip
    for i, c in enumerate(companies[:10]):  # permits, leases, real estate at the premises
        address = rng.choice(addresses)
        out["bibob"] += _entity(f"lic{i}", "bibob", "License", name=f"Vergunning {i}",
                                addressEntity=address)  # fmt: skip
        out["bibob"] += _entity(f"aanvraag{i}", "bibob", "UnknownLink", subject=c,
                                object=f"lic{i}", role="aanvrager")  # fmt: skip
        if i % 2:
            out["bibob"] += _entity(f"landlord{i}", "bibob", "LegalEntity", name=f"Verhuur {i}")
            out["bibob"] += _entity(f"huur{i}", "bibob", "UnknownLink", subject=f"landlord{i}",
                                    object=address, role="verhuurder (eigenaar)")  # fmt: skip
        if i % 3 == 0:
            out["kadaster"] += _entity(f"estate{i}", "kadaster", "RealEstate",
                                       address=full[address], addressEntity=address)  # fmt: skip
            out["kadaster"] += _entity(f"eig{i}", "kadaster", "Ownership",
                                       owner=rng.choice(persons + companies),
                                       asset=f"estate{i}")  # fmt: skip
    return out


def _resolve(store: Store) -> None:
    """Merge the first eight persons' three records; for p0-p3 the KvK and OM records are tied
    only through the police record, which the Bibob officer may not read."""
    rows, links = [], []
    for i in range(8):
        members = [f"p{i}", f"om_p{i}", f"pol_p{i}"]
        cluster = "nl-person-" + hashlib.sha1(min(members).encode()).hexdigest()[:16]
        rows += [(m, cluster) for m in members]
        other = f"pol_p{i}" if i < 4 else f"om_p{i}"
        links += [(f"p{i}", f"pol_p{i}"), (other, f"om_p{i}" if i < 4 else f"p{i}")]
    mapping = pa.table({"entity_id": [r[0] for r in rows], "canonical_id": [r[1] for r in rows]})
    linked = pa.table({
        "left_id": [a for a, _ in links], "right_id": [b for _, b in links],
        "origin": pa.array([3] * len(links), pa.int8()), "weight": [0.99] * len(links),
    })  # fmt: skip
    store.apply_canonical_ids(mapping, resolver(store), linked)


@pytest.fixture
def bibob_network(store: Store) -> Store:
    by_dataset = _bibob_network(random.Random(SEED))
    for name, (partner, purposes) in DATASETS.items():
        register(store, make_dataset(name, partner, purposes))
        load(store, by_dataset[name], dataset=name)
    _resolve(store)
    return store


def _officer(store: Store) -> Actor:
    return make_actor(store, Role.BIBOB, partner="gemeente", purpose="bibob", case="BIBOB-1")


def _described(screening: Screening) -> tuple[Any, ...]:
    """Everything a screening found, without edge numbers (which differ between graphs)."""

    def edges(facts: Any) -> tuple[Any, ...]:
        return tuple(
            (e.source, e.source_caption, e.target, e.target_caption, e.kind, e.entity,
             e.statements, e.datasets, e.start, e.end, e.detail)
            for e in facts
        )  # fmt: skip

    circle = sorted((r.category.value, astuple(r.member), edges(r.edges)) for r in screening.circle)
    facts = sorted((f.member, f.caption, edges(f.facts)) for f in screening.facts)
    compared = sorted((c.finding.value, c.category.value, c.member) for c in screening.comparison)
    return (screening.applicant, circle, facts, compared, screening.consulted,
            screening.schemas, screening.indication)  # fmt: skip


def test_the_screening_reads_what_the_whole_network_shows_and_no_more(
    bibob_network: Store,
) -> None:
    officer = _officer(bibob_network)
    whole = build_graph(bibob_network, officer)
    screened = 0
    for company in sorted(c for c in whole.vs["name"] if c.startswith("c")):
        found = screen_applicant(bibob_network, officer, company)
        assert _described(found) == _described(
            screen_applicant(bibob_network, officer, company, whole)
        ), company
        screened += bool(found.circle) and bool(found.facts)
    assert screened >= 5, "the network gives circles with facts to compare"
    # The bank finances many; screening one of its debtors reads the bank, not the others.
    debtors = {whole.vs[e.source]["name"] for e in whole.es.select(kind_eq="Debt")
               if whole.vs[e.target]["name"] == "bank"}  # fmt: skip
    applicant = min(c for c in debtors if c.startswith("c"))
    facts_from = [n for n, (partner, _) in DATASETS.items() if partner in FACT_PARTNERS]
    graph = circle_graph(bibob_network, officer, applicant, facts_from)
    assert "bank" in graph.vs["name"]
    read = set(graph.vs["name"]) & debtors
    assert applicant in read and len(read) < len(debtors) / 2


def test_a_four_step_read_misses_the_facts_of_an_owner_of_the_permits_premises(
    bibob_network: Store,
) -> None:
    """What the 4-step read (the screening's read before ``circle_graph``) got wrong: the
    owner of real estate at a permit's address is 4 steps out (permit, address, estate,
    owner), so its facts were read as fragments (a court case without its name and role)."""
    officer = _officer(bibob_network)
    whole = screen_applicant(bibob_network, officer, "c8", build_graph(bibob_network, officer))
    around = screen_applicant(bibob_network, officer, "c8",
                              local_graph(bibob_network, officer, ["c8"], 4))  # fmt: skip
    assert _described(screen_applicant(bibob_network, officer, "c8")) == _described(whole)
    [party] = {e for f in whole.facts for e in f.facts if e.entity == "party1"}
    [fragment] = {e for f in around.facts for e in f.facts if e.entity == "party1"}
    assert (party.target_caption, party.detail) == ("Zaak 1", "role: verdachte")
    assert (fragment.target_caption, fragment.detail) == ("zaak1", None)
