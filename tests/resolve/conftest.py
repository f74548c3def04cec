"""Small deliveries that resolution tests link: two partners who know the same people."""

from pathlib import Path

import pytest

from tests.factories import load, make_dataset, make_entity, register
from verweven.resolve import ResolveOptions
from verweven.store import Store

PURPOSES = ("resolve", "riec_casus")


def deliver(store: Store, dataset: str, *entities: list) -> None:  # type: ignore[type-arg]
    """Register ``dataset`` (if needed) and import the entities' statements in one run."""
    if dataset not in store._datasets():
        register(store, make_dataset(dataset, purposes=PURPOSES))
    load(store, [stmt for entity in entities for stmt in entity], dataset=dataset)


def person(entity_id: str, dataset: str, **props: str) -> list:  # type: ignore[type-arg]
    return make_entity(entity_id, dataset=dataset, schema="Person", **props)


@pytest.fixture
def options(tmp_path: Path) -> ResolveOptions:
    return ResolveOptions(state_dir=tmp_path / "state", kinds=("person", "company", "bank_account"))


@pytest.fixture
def people(store: Store) -> Store:
    return add_people(store)


def add_people(store: Store) -> Store:
    """Jan de Vries in the BRP and (as J. de Vries) at the police; Piet Bakker once; twins."""
    deliver(
        store,
        "brp",
        person("brp.1", "brp", firstName="Jan", lastName="de Vries", birthDate="1970-03-12",
               address="Kerkstraat 12, 1234 AB Amsterdam"),
        person("brp.2", "brp", firstName="Piet", lastName="Bakker", birthDate="1985-07-01",
               address="Dorpsweg 3, 5678 CD Utrecht"),
        person("brp.3", "brp", firstName="Kees", lastName="Jansen", birthDate="1990-01-05",
               idNumber="111222333", address="Laan 5, 2345 EF Leiden"),
        person("brp.4", "brp", firstName="Karel", lastName="Jansen", birthDate="1990-01-05",
               idNumber="123456782", address="Laan 5, 2345 EF Leiden"),
    )  # fmt: skip
    deliver(
        store,
        "politie",
        person("pol.7", "politie", name="J. van der Vries", birthDate="1970-12-03",
               address="Kerkstraat 12, 1234 AB Amsterdam"),
        person("pol.8", "politie", firstName="Kees", lastName="Jansen", idNumber="111222333"),
    )  # fmt: skip
    return store
