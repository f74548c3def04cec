"""The web application's fixtures: the app `verweven serve` runs, on a real store with the
access matrix's deliveries and an analyst who logs in with a password."""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.conftest import fill
from tests.conftest import postgres_url
from tests.factories import admin, load, make_actor, make_dataset, make_entity, register
from verweven.access import Account, Role
from verweven.api import create_app
from verweven.services import StorePool
from verweven.store import SignalHitRecord, Store, open_store
from verweven.web import add_web

USER, PASSWORD = "analist.web", "een lang genoeg wachtwoord"
COORDINATOR, OFFICER = "coordinator.web", "bibob.web"
MANAGER, STEWARD = "beheerder.web", "steward.web"


@dataclass
class Site:
    store: Store
    pool: StorePool
    app: FastAPI


def make_site(url: str, schema: str | None) -> Site:
    """The matrix's deliveries, plus Anna Eigenaar who owns Eigenaar BV, which Cor Veroordeeld
    directs, a party in court case Parket 01/123 (a network), and
    Horeca BV (KvK 12345678) owned by Holding BV, which Frits Geldschieter leads (a Bibob
    applicant); an analyst, a case coordinator, a Bibob officer, a beheerder and a steward of
    the gemeente who log in by password."""
    store = open_store(url, schema=schema, migrate=True)
    fill(store)
    register(store, make_dataset("d_netwerk", "gemeente", ("riec_casus",)))
    load(
        store,
        make_entity("a1", "d_netwerk", name="Anna Eigenaar"),
        make_entity("b1", "d_netwerk", "Company", name="Eigenaar BV"),
        make_entity("o1", "d_netwerk", "Ownership", owner="a1", asset="b1"),
        make_entity("c1", "d_netwerk", name="Cor Veroordeeld", addressEntity="adr1"),
        make_entity("adr1", "d_netwerk", "Address", full="Markt 1, Tilburg", city="Tilburg"),
        make_entity("cd1", "d_netwerk", "Directorship", director="c1", organization="b1"),
        make_entity("cc1", "d_netwerk", "CourtCase", name="Parket 01/123"),
        make_entity("ccp1", "d_netwerk", "CourtCaseParty", party="c1", case="cc1"),
        dataset="d_netwerk",
    )
    load(
        store,
        make_entity("ha", "d_kvk", "Company", name="Horeca BV", registrationNumber="12345678"),
        make_entity("hh", "d_kvk", "Company", name="Holding BV"),
        make_entity("hf", "d_kvk", name="Frits Geldschieter"),
        make_entity("hown", "d_kvk", "Ownership", owner="hh", asset="ha"),
        make_entity("hlead", "d_kvk", "Directorship", director="hf", organization="hh"),
        dataset="d_kvk",
    )
    for username, partner, role in (
        (USER, "riec_oost", Role.ANALIST),
        (COORDINATOR, "riec_oost", Role.CASUSCOORDINATOR),
        (OFFICER, "gemeente", Role.BIBOB),
        (MANAGER, "riec_oost", Role.BEHEERDER),
        (STEWARD, "gemeente", Role.GEGEVENSBEHEERDER),
    ):
        account = Account(username=username, partner=partner, roles=(role,))
        store.add_account(admin(store), account, PASSWORD)
    pool = StorePool(url, schema=schema, size=2)
    app = create_app(pool, secure_cookies=False)
    add_web(app)
    return Site(store, pool, app)


def queue_hits(site: Site) -> None:
    """A drugs hit on Anna Eigenaar (measured precision 0.0) for case RIEC-Q-1, and a
    business hit on Cor Veroordeeld of Tilburg (0.9), outside a case."""
    reader = make_actor(site.store, Role.ANALIST, purpose="riec_casus", case="RIEC-Q-1")
    site.store.record_signal_hits(
        reader,
        [SignalHitRecord("energy_anomaly_drugs_record", 1, "a1", 3.0, "Verbruik drie keer",
                         ("s1",), ("d_netwerk",))],
        datetime(2026, 10, 1),
    )  # fmt: skip
    site.store.record_signal_hits(
        reader.acting_for("riec_casus", None),
        [SignalHitRecord("cash_business_convicted_owner", 1, "c1", 1.0, "Bestuurder veroordeeld",
                         ("s2",), ("d_netwerk",))],
        datetime(2026, 10, 1),
    )  # fmt: skip


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    if request.param == "duckdb":
        url, schema = str(tmp_path_factory.mktemp("web") / "web.duckdb"), None
    else:
        found = postgres_url()
        if found is None:
            pytest.skip("no PostgreSQL server reachable (set VERWEVEN_TEST_POSTGRES_URL)")
        url, schema = found, f"t_{uuid.uuid4().hex[:12]}"
    made = make_site(url, schema)
    yield made
    made.pool.close()
    made.store.close()
    if schema:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def logged_in(
    site: Site, purpose: str | None = "riec_casus", case: str = "", user: str = USER
) -> TestClient:
    """A browser (cookie jar) logged in as ``user`` (the analyst), with a purpose chosen."""
    client = TestClient(site.app)
    csrf = form_csrf(client.get("/inloggen").text)
    client.post("/inloggen", data={"csrf": csrf, "gebruikersnaam": user, "wachtwoord": PASSWORD})
    if purpose is not None:
        csrf = form_csrf(client.get("/doel").text)
        client.post("/doel", data={"csrf": csrf, "doel": purpose, "casus": case})
    return client
