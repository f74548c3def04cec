"""What resolution keeps in the store: canonical ids and append-only judgements."""

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tests.factories import make_dataset, make_entity, make_reader
from verweven.errors import NotFoundError
from verweven.model import Verdict
from verweven.store import Store, open_store
from verweven.store import duckdb as duckdb_store

ANALYST = make_reader("riec")


@pytest.fixture
def two_sources(store: Store) -> Store:
    return load_two_sources(store)


def load_two_sources(store: Store) -> Store:
    store.register_dataset(make_dataset("brp_personen"), ANALYST)
    store.register_dataset(make_dataset("politie", partner="politie"), ANALYST)
    with store.import_run("brp_personen", "t", ANALYST) as run:
        run.write(make_entity("brp-1", name="Jan de Vries", birthDate="1970-01-02"))
    with store.import_run("politie", "t", ANALYST) as run:
        run.write(make_entity("pol-7", dataset="politie", name="J. de Vries"))
    return store


def merge(store: Store, *pairs: tuple[str, str]) -> int:
    mapping = pa.table({"entity_id": [p[0] for p in pairs], "canonical_id": [p[1] for p in pairs]})
    return store.apply_canonical_ids(mapping, ANALYST)


def test_canonical_ids_assemble_one_entity_from_both_sources(two_sources: Store) -> None:
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    entity = two_sources.get_entity(ANALYST, "nl-1")
    assert sorted(entity.get("name")) == ["J. de Vries", "Jan de Vries"]
    assert entity.datasets == {"brp_personen", "politie"}


def test_applying_canonical_ids_keeps_source_values(two_sources: Store) -> None:
    before = {(s.id, s.value, s.entity_id) for s in two_sources.get_statements(ANALYST, "pol-7")}
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    after = {(s.id, s.value, s.entity_id) for s in two_sources.get_statements(ANALYST, "nl-1")}
    assert before < after


def test_new_mapping_replaces_the_old_one(two_sources: Store) -> None:
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    merge(two_sources)
    assert [e.id for e in two_sources.iter_entities(ANALYST, "Person")] == ["brp-1", "pol-7"]


def test_later_delivery_of_a_resolved_record_joins_its_entity(two_sources: Store) -> None:
    merge(two_sources, ("brp-1", "nl-1"), ("pol-7", "nl-1"))
    with two_sources.import_run("politie", "later", ANALYST) as run:
        run.write(make_entity("pol-7", dataset="politie", notes="nieuw incident"))
    assert two_sources.get_entity(ANALYST, "nl-1").get("notes") == ["nieuw incident"]


def test_statement_table_has_one_row_per_visible_value(two_sources: Store) -> None:
    table = two_sources.read_statement_table(ANALYST, ["Person"], props=["name"])
    assert sorted(table.column("value").to_pylist()) == ["J. de Vries", "Jan de Vries"]
    assert set(table.column_names) >= {"entity_id", "prop", "value", "dataset"}


def test_judgement_is_recorded_with_author(store: Store) -> None:
    judgement = store.add_judgement("a", "b", Verdict.SAME, "zelfde BSN op brief", ANALYST)
    [stored] = store.list_judgements()
    assert stored == judgement
    assert (stored.author, stored.verdict) == ("analist", Verdict.SAME)


def test_withdrawn_judgement_is_kept_but_not_active(store: Store) -> None:
    judgement = store.add_judgement("a", "b", Verdict.DIFFERENT, "broers", ANALYST)
    store.withdraw_judgement(judgement.id, "vergissing", make_reader(user="teamleider"))
    assert store.list_judgements() == []
    [kept] = store.list_judgements(include_withdrawn=True)
    assert (kept.id, kept.withdrawn_by) == (judgement.id, "teamleider")


def test_withdrawing_an_unknown_judgement_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.withdraw_judgement("nope", "x", ANALYST)


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
    assert sorted(store.get_entity(ANALYST, "nl-1").get("name")) == ["J. de Vries", "Jan de Vries"]
    merge(store)
    assert [e.id for e in store.iter_entities(ANALYST, "Person")] == ["brp-1", "pol-7"]
    assert store._fetchall(count) == before
    with pytest.raises(duckdb.ConstraintException):  # the table keeps its definition
        store._execute("UPDATE statements SET canonical_id = NULL")
    store.close()
