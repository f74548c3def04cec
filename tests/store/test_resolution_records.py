"""What resolution keeps in the store: canonical ids and append-only judgements."""

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register, resolver
from verweven.access import Role
from verweven.errors import NotFoundError
from verweven.model import Verdict
from verweven.store import Store, open_store
from verweven.store import duckdb as duckdb_store


@pytest.fixture
def two_sources(store: Store) -> Store:
    return load_two_sources(store)


def load_two_sources(store: Store) -> Store:
    register(store, make_dataset("brp_personen", purposes=("riec_casus", "resolve")))
    register(store, make_dataset("politie", partner="politie", purposes=("riec_casus", "resolve")))
    load(store, make_entity("brp-1", name="Jan de Vries", birthDate="1970-01-02"))
    load(store, make_entity("pol-7", dataset="politie", name="J. de Vries"), dataset="politie")
    return store


def merge(store: Store, *pairs: tuple[str, str]) -> int:
    mapping = pa.table({"entity_id": [p[0] for p in pairs], "canonical_id": [p[1] for p in pairs]})
    return store.apply_canonical_ids(mapping, resolver(store))


def test_canonical_ids_assemble_one_entity_from_both_sources(two_sources: Store) -> None:
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    entity = two_sources.get_entity(analyst(two_sources), "nl-1")
    assert sorted(entity.get("name")) == ["J. de Vries", "Jan de Vries"]
    assert entity.datasets == {"brp_personen", "politie"}


def test_applying_canonical_ids_keeps_source_values(two_sources: Store) -> None:
    reader = analyst(two_sources)
    before = {(s.id, s.value, s.entity_id) for s in two_sources.get_statements(reader, "pol-7")}
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    after = {(s.id, s.value, s.entity_id) for s in two_sources.get_statements(reader, "nl-1")}
    assert before < after


def test_new_mapping_replaces_the_old_one(two_sources: Store) -> None:
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    merge(two_sources)
    found = two_sources.export_entities(analyst(two_sources), "-", "Person")
    assert [e.id for e in found] == ["brp-1", "pol-7"]


def test_later_delivery_of_a_resolved_record_joins_its_entity(two_sources: Store) -> None:
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    load(two_sources, make_entity("pol-7", dataset="politie", notes="nieuw"), dataset="politie")
    assert two_sources.get_entity(analyst(two_sources), "nl-1").get("notes") == ["nieuw"]


def test_statement_table_has_one_row_per_visible_value(two_sources: Store) -> None:
    table = two_sources.read_statement_table(analyst(two_sources), ["Person"], props=["name"])
    assert sorted(table.column("value").to_pylist()) == ["J. de Vries", "Jan de Vries"]
    assert set(table.column_names) >= {"entity_id", "prop", "value", "dataset"}


def test_judgement_is_recorded_with_author(two_sources: Store) -> None:
    reader = analyst(two_sources)
    judgement = two_sources.add_judgement("brp-1", "pol-7", Verdict.SAME, "zelfde BSN", reader)
    [stored] = two_sources.list_judgements(reader)
    assert stored == judgement
    assert (stored.author, stored.verdict) == (reader.user, Verdict.SAME)


def test_withdrawn_judgement_is_kept_but_not_active(two_sources: Store) -> None:
    reader = analyst(two_sources)
    judgement = two_sources.add_judgement("brp-1", "pol-7", Verdict.DIFFERENT, "broers", reader)
    lead = make_actor(two_sources, Role.ANALIST, Role.CASUSCOORDINATOR, purpose="riec_casus")
    two_sources.withdraw_judgement(judgement.id, "vergissing", lead)
    assert two_sources.list_judgements(reader) == []
    [kept] = two_sources.list_judgements(reader, include_withdrawn=True)
    assert (kept.id, kept.withdrawn_by) == (judgement.id, lead.user)


def test_a_judgement_needs_both_records_visible(two_sources: Store) -> None:
    with pytest.raises(NotFoundError, match="zz"):
        two_sources.add_judgement("brp-1", "zz", Verdict.SAME, "x", analyst(two_sources))


def test_withdrawing_an_unknown_judgement_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.withdraw_judgement("nope", "x", analyst(store))


def test_a_large_change_rewrites_the_duckdb_table_to_the_same_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 1,000,000 persons DuckDB's UPDATE ran out of memory; from REWRITE_FROM changes the
    # table is rewritten in the run's transaction instead. Here every change takes that path.
    monkeypatch.setattr(duckdb_store, "REWRITE_FROM", 1)
    store = load_two_sources(open_store(str(tmp_path / "store.duckdb")))
    count = "SELECT count(*) FROM statements"
    before = store._fetchall(count)
    assert merge(store, ("brp-1", "nl-1"), ("pol-7", "nl-1")) == before[0][0]
    names = store.get_entity(analyst(store), "nl-1").get("name")
    assert sorted(names) == ["J. de Vries", "Jan de Vries"]
    merge(store)
    assert [e.id for e in store.export_entities(analyst(store), "-", "Person")] == [
        "brp-1",
        "pol-7",
    ]
    assert store._fetchall(count) == before
    with pytest.raises(duckdb.ConstraintException):  # the table keeps its definition
        store._execute("UPDATE statements SET canonical_id = NULL")
    store.close()
