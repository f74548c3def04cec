"""Who acts in a benchmark: the local user of an embedded store; on PostgreSQL, accounts the
benchmark makes in its own schema (an operator, an analyst, and each partner's steward)."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from verweven.access import Account, Actor, Role
from verweven.ingest import IngestReport, ingest_path, load_mapping
from verweven.store import Store

OPERATOR = "bench.beheerder"
PASSWORD = "benchmark-wachtwoord"


def operator(store: Store) -> Actor:
    """The store's owner (embedded) or the benchmark's first operator (PostgreSQL)."""
    if store.dialect == "duckdb":
        return store.local_actor()
    if not store._fetchall("SELECT 1 FROM accounts WHERE username = ?", (OPERATOR,)):
        store.bootstrap_admin(OPERATOR, "riec_bench", PASSWORD)
    return store.authenticate_password(OPERATOR, PASSWORD)


def account(store: Store, name: str, partner: str, *roles: Role) -> Actor:
    """An account of the benchmark (made once), logged in with a token."""
    if store.dialect == "duckdb":
        return store.local_actor()
    admin = operator(store)
    if not store._fetchall("SELECT 1 FROM accounts WHERE username = ?", (name,)):
        store.add_account(admin, Account(username=name, partner=partner, roles=roles))
    return store.authenticate_token(store.issue_token(admin, "benchmark", 1, name))


def analyst(store: Store, purpose: str = "riec_casus", case: str = "BENCH") -> Actor:
    """An analyst reading for an integral case (every delivery of the region serves it)."""
    reader = account(store, "bench.analist", "riec_bench", Role.ANALIST)
    return reader.acting_for(purpose, case)


def steward(store: Store, partner: str) -> Actor:
    """The data steward of one partner (delivers its datasets)."""
    name = f"bench.{partner.replace('_', '-')}"
    return account(store, name, partner, Role.GEGEVENSBEHEERDER)


def ingest_region(store: Store, mappings: Path, deliveries: Path) -> list[IngestReport]:
    """Every mapping of a folder, ingested by its own partner's steward."""
    reports: list[IngestReport] = []
    for path in sorted(mappings.glob("*.yml")):
        partner = load_mapping(path).dataset.partner
        reports += ingest_path(store, path, steward(store, partner), deliveries=deliveries)
    return reports


@contextmanager
def writable_copy(url: str) -> Iterator[str]:
    """The store at ``url`` as a benchmark may use it: a benchmark adds accounts and audit
    events, so a DuckDB file is copied (removed afterwards); a PostgreSQL store is used as is."""
    if url.startswith(("postgresql://", "postgres://")):
        yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield str(shutil.copy(url, Path(folder) / "store.duckdb"))
