"""The API's fixtures: the real app on a real store (DuckDB and PostgreSQL), through
FastAPI's in-process client. The store holds one entity ``p`` in each delivery of the access
matrix (partners, sensitivities, purposes), plus a quarantined row in each."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import postgres_url
from tests.factories import account_token, admin, load, make_actor, make_entity, register
from tests.store.test_access_matrix import DATASETS
from verweven.access import Role
from verweven.api import create_app
from verweven.services import StorePool
from verweven.store import QuarantineRecord, Store, open_store


@dataclass
class World:
    """A store with the matrix's deliveries, a server's pool on it, and a client."""

    store: Store
    pool: StorePool
    app: FastAPI
    client: TestClient
    tokens: dict[tuple[tuple[Role, ...], str], str] = field(default_factory=dict)

    def token(self, *roles: Role, partner: str = "riec_oost") -> str:
        """An API token of the test account with these roles at this partner."""
        key = (tuple(sorted(roles)), partner)
        if key not in self.tokens:
            self.tokens[key] = account_token(self.store, *roles, partner=partner)
        return self.tokens[key]

    def headers(
        self,
        *roles: Role,
        partner: str = "riec_oost",
        purpose: str | None = None,
        case: str | None = None,
    ) -> dict[str, str]:
        """Authorization plus the purpose and case headers (those given)."""
        headers = {"Authorization": f"Bearer {self.token(*roles, partner=partner)}"}
        if purpose is not None:
            headers["X-Verweven-Purpose"] = purpose
        if case is not None:
            headers["X-Verweven-Case"] = case
        return headers

    def local_token(self) -> str:
        """A token of an embedded store's local user (as `verweven serve` issues it)."""
        return self.store.issue_token(self.store.local_actor(), "test", 1)


def fill(store: Store) -> None:
    for dataset in DATASETS:
        register(store, dataset)
        load(store, make_entity("p", dataset.name, name=f"Jan in {dataset.name}"),
             dataset=dataset.name)  # fmt: skip
        steward = make_actor(store, Role.GEGEVENSBEHEERDER, partner=dataset.partner)
        with store.import_run(dataset.name, "q", steward) as run:
            run.quarantine(QuarantineRecord(file="f.csv", line=1, reason="test"))
    admin(store)


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    if request.param == "duckdb":
        url, schema = str(tmp_path_factory.mktemp("api") / "api.duckdb"), None
    else:
        found = postgres_url()
        if found is None:
            pytest.skip("no PostgreSQL server reachable (set VERWEVEN_TEST_POSTGRES_URL)")
        url, schema = found, f"t_{uuid.uuid4().hex[:12]}"
    store = open_store(url, schema=schema, migrate=True)
    fill(store)
    pool = StorePool(url, schema=schema, size=2)
    app = create_app(pool, secure_cookies=False)
    with TestClient(app) as client:
        yield World(store, pool, app, client)
    pool.close()
    store.close()
    if schema:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
