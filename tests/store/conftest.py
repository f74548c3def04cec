"""Fixtures of the store's audit-log tests: a store that can seal, on both backends."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import analyst, load, make_dataset, make_entity, register
from verweven.audit import generate_signing_key
from verweven.settings import get_settings
from verweven.store import Store


@pytest.fixture
def sealable(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store with two people in it that can seal its log: an embedded store uses the key
    and witness next to its file (made on first use), a PostgreSQL store the ones
    VERWEVEN_AUDIT_KEY and VERWEVEN_AUDIT_WITNESS name, as an operator sets them."""
    if store.dialect == "postgresql":
        generate_signing_key(tmp_path / "audit-key")
        monkeypatch.setenv("VERWEVEN_AUDIT_KEY", str(tmp_path / "audit-key"))
        monkeypatch.setenv("VERWEVEN_AUDIT_WITNESS", str(tmp_path / "witness"))
    get_settings.cache_clear()
    register(store, make_dataset())
    load(store, make_entity("p1", name="Jan"), make_entity("p2", name="Piet"))
    yield store
    get_settings.cache_clear()


def read_people(store: Store, times: int = 1) -> None:
    """Audited reads by an analyst: ``times`` events more in the log."""
    reader = analyst(store)
    for number in range(times):
        store.get_entities(reader, ["p1", "p2"][: 1 + number % 2])
