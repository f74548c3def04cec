"""Small factories that tests build their data and their actors from."""

from pathlib import Path
from typing import Any

from verweven.access import Account, Actor, Role
from verweven.model import BASE_ID, Dataset, LegalBasis, Sensitivity, Statement
from verweven.store import Store

ADMIN = "test.beheerder"
ADMIN_PASSWORD = "een lang test wachtwoord"


def make_dataset(
    name: str = "brp_personen",
    partner: str = "gemeente",
    purposes: tuple[str, ...] = ("riec_casus",),
    sensitivity: Sensitivity = Sensitivity.CONFIDENTIAL,
) -> Dataset:
    return Dataset(
        name=name,
        partner=partner,
        title=name,
        legal_basis=LegalBasis(article="art. 2:7 WGS", text="verstrekking aan het RIEC"),
        purposes=purposes,
        sensitivity=sensitivity,
    )


def make_entity(
    entity_id: str, dataset: str = "brp_personen", schema: str = "Person", **props: str
) -> list[Statement]:
    """The id statement plus one statement per keyword property of one entity."""
    stmts = [Statement(entity_id, BASE_ID, schema, entity_id, dataset)]
    stmts += [Statement(entity_id, prop, schema, value, dataset) for prop, value in props.items()]
    return stmts


def _actors(store: Store) -> dict[Any, Actor]:
    cache: dict[Any, Actor] = store.__dict__.setdefault("_test_actors", {})
    return cache


def admin(store: Store) -> Actor:
    """An operator of the store: the local user of an embedded store, else a first operator."""
    cache = _actors(store)
    if "admin" not in cache:
        if store.dialect == "duckdb":
            cache["admin"] = store.local_actor()
        else:
            if not store._fetchall("SELECT 1 FROM accounts WHERE username = ?", (ADMIN,)):
                store.bootstrap_admin(ADMIN, "riec_oost", ADMIN_PASSWORD)
            cache["admin"] = store.authenticate_password(ADMIN, ADMIN_PASSWORD)
    return cache["admin"]


def make_actor(
    store: Store,
    *roles: Role,
    partner: str = "riec_oost",
    purpose: str | None = None,
    case: str | None = None,
) -> Actor:
    """An authenticated account of the store with these roles, acting for purpose and case
    (accounts are made once per store and set of roles, and log in with a token)."""
    key = (tuple(sorted(roles)), partner)
    cache = _actors(store)
    if key not in cache:
        cache[key] = store.authenticate_token(account_token(store, *roles, partner=partner))
    return cache[key].acting_for(purpose, case)


def account_token(store: Store, *roles: Role, partner: str = "riec_oost") -> str:
    """A fresh API token of the test account with these roles at this partner (made once)."""
    username = "-".join(["t", *sorted(r.value[:4] for r in roles)]) + "." + partner
    username = username.replace("_", "-")
    if not store._fetchall("SELECT 1 FROM accounts WHERE username = ?", (username,)):
        store.add_account(admin(store), Account(username=username, partner=partner, roles=roles))
    return store.issue_token(admin(store), "test", 1, username)


def analyst(store: Store, purpose: str = "riec_casus", case: str | None = "CASE-1") -> Actor:
    """An RIEC analyst reading for an integral case."""
    return make_actor(store, Role.ANALIST, purpose=purpose, case=case)


def steward(store: Store, partner: str = "gemeente") -> Actor:
    """A partner's data steward: registers and delivers that partner's datasets."""
    return make_actor(store, Role.GEGEVENSBEHEERDER, partner=partner)


def register(store: Store, dataset: Dataset) -> Dataset:
    """Register a dataset as its partner's steward."""
    store.register_dataset(dataset, steward(store, dataset.partner))
    return dataset


def load(store: Store, *entities: list[Statement], dataset: str = "brp_personen") -> str:
    """Import entities into a registered dataset as its partner's steward; the run's id."""
    partner = store._dataset(dataset).partner
    with store.import_run(dataset, source="test", actor=steward(store, partner)) as run:
        for stmts in entities:
            run.write(stmts)
    return run.id


def resolver(store: Store) -> Actor:
    """The resolution job, started by the store's operator, reading for its system purpose."""
    from verweven.access import Job

    return store.system_actor(Job.RESOLVE, admin(store)).acting_for("resolve")


def delivering(store: Store, mapping: Path) -> Actor:
    """The steward of the partner a mapping file (or every mapping of a folder) delivers for."""
    from verweven.ingest import load_mapping

    paths = sorted(mapping.glob("*.yml")) if mapping.is_dir() else [mapping]
    [partner] = {load_mapping(path).dataset.partner for path in paths}
    return steward(store, partner)
