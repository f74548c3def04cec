"""Retention: what outlived its dataset's retention is purged with everything derived from
it, a tombstone says what was removed, and no byte of a purged value stays in the store."""

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pyarrow as pa
import pytest

from tests.factories import (
    admin,
    analyst,
    make_actor,
    make_dataset,
    make_entity,
    register,
    resolver,
    steward,
)
from verweven.access import Role
from verweven.audit import ids_digest
from verweven.errors import AccessDeniedError
from verweven.model import Verdict
from verweven.store import QuarantineRecord, Store, open_store
from verweven.store.postgres import PostgresStore
from verweven.store.rows import utc_now

# Values that only the expired delivery holds: none of them may survive the purge.
SECRET_NAME = "Xylofoonbouwer Quintijn Vandermeulen"
SECRET_NOTE = "verdenking-ZZQ-4711-hennepkwekerij"
LONG_AGO = utc_now() - timedelta(days=800)


def deliver(store: Store, dataset: str, at: datetime, *entities: list) -> str:  # type: ignore[type-arg]
    """One run of ``entities`` delivered ``at``, with one refused row (of that delivery)."""
    partner = store._dataset(dataset).partner
    refused = SECRET_NOTE if at == LONG_AGO else f"rij van {at:%Y-%m-%d}"
    with store.import_run(dataset, "t", steward(store, partner), observed_at=at) as run:
        for entity in entities:
            run.write(entity)
        run.quarantine(QuarantineRecord(file="f.csv", line=2, reason="kapot", raw=refused))
    return run.id


@pytest.fixture
def aged(store: Store, tmp_path: Path) -> Store:
    """A police delivery 800 days old (retention 730) and a fresh BRP one, resolved together,
    judged, read, and exported."""
    return age(store, tmp_path)


@pytest.fixture
def aged_alone(store_url: tuple[str, str], tmp_path: Path) -> Iterator[Store]:
    """``aged`` in a database of its own. PostgreSQL's VACUUM keeps a deleted row's bytes while
    any transaction of the same database may still see it — here, another test's import run
    in the shared test database; other databases' transactions do not count."""
    url, schema = store_url
    if not schema:
        with open_store(url) as store:
            yield age(store, tmp_path)
        return
    database = f"verweven_purge_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {database}")
    own = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    try:
        with open_store(own, schema=schema, migrate=True) as store:
            yield age(store, tmp_path)
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def age(store: Store, tmp_path: Path) -> Store:
    register(store, make_dataset("brp", "gemeente", ("riec_casus", "resolve")))
    politie = make_dataset("politie", "politie", ("riec_casus", "resolve"))
    register(store, politie.model_copy(update={"retention_days": 730}))
    deliver(store, "politie", LONG_AGO,
            make_entity("pol-1", "politie", name=SECRET_NAME, notes=SECRET_NOTE),
            make_entity("pol-2", "politie", name="Piet Bakker"))  # fmt: skip
    deliver(store, "politie", utc_now(), make_entity("pol-2", "politie", name="Piet Bakker"))
    deliver(store, "brp", utc_now(), make_entity("brp-1", "brp", name="Jan de Vries"),
            make_entity("brp-2", "brp", name="Jan de Vries"))  # fmt: skip
    mapping = pa.table({"entity_id": ["pol-1", "brp-1", "brp-2"], "canonical_id": ["nl-jan"] * 3})
    links = pa.table({"left_id": ["brp-1", "brp-2"], "right_id": ["pol-1", "pol-1"],
                      "origin": pa.array([1, 1], pa.int8()), "weight": [1e9, 1e9]})  # fmt: skip
    store.apply_canonical_ids(mapping, resolver(store), links)
    reader = analyst(store)
    store.add_judgement("pol-1", "brp-1", Verdict.SAME, "zelfde persoon", reader)
    store.get_entity(reader, "nl-jan")
    out = tmp_path / "export.jsonl"
    for entity in store.export_entities(reader, str(out)):
        out.write_text(str(entity.to_dict()))
    return store


def purge(store: Store) -> dict[str, object]:
    [*reports] = store.purge_expired(admin(store))
    return {r.dataset: r for r in reports}


def test_only_statements_past_their_retention_are_purged(aged: Store) -> None:
    reports = purge(aged)
    assert reports["politie"].statements == 3  # pol-1: id, name, notes; pol-2 came again
    assert reports["politie"].records == ["pol-1"]
    assert reports["brp"].statements == 0
    reader = analyst(aged)
    assert aged.get_statements(reader, "pol-2")  # delivered again: kept
    assert aged.find_entities(reader, SECRET_NAME) == []


def test_what_was_derived_from_a_purged_record_goes_with_it(aged: Store) -> None:
    report = purge(aged)["politie"]
    assert (report.clusters_split, report.judgements, report.quarantined) == (1, 1, 1)
    reader = analyst(aged)
    # The cluster the purged record was part of falls apart until resolution links it again.
    assert {s.canonical_id for s in aged.get_statements(reader, "brp-1")} == {"brp-1"}
    assert aged.list_judgements(reader) == []
    inspector = steward(aged, "politie").acting_for("gegevensbeheer")
    assert [q.raw for q in aged.list_quarantine(inspector)] == [f"rij van {utc_now():%Y-%m-%d}"]
    assert report.exports_removed and not Path(report.exports_removed[0]).exists()


def test_the_audit_log_keeps_the_event_but_names_the_purged_record_by_digest(aged: Store) -> None:
    purge(aged)
    auditor = make_actor(aged, Role.AUDITOR, purpose="toezicht")
    key = aged._id_key()
    touched = [
        (event, aged.audit_event_ids(auditor, event.id))
        for event in aged.list_audit_events(auditor)
        if event.entity_count
    ]
    assert all("pol-1" not in ids for _, ids in touched)
    redacted = [(e, ids) for e, ids in touched if any(i.startswith("#") for i in ids)]
    assert redacted and all(ids_digest(key, ids) == e.ids_digest for e, ids in redacted)


def test_a_purge_leaves_a_tombstone_and_an_audit_event(aged: Store) -> None:
    purge(aged)
    [(statements, records)] = aged._fetchall(
        "SELECT statements, records FROM purge_tombstones WHERE dataset = 'politie'"
    )
    assert (statements, records) == (3, 1)
    auditor = make_actor(aged, Role.AUDITOR, purpose="toezicht")
    events = aged.list_audit_events(auditor, action="purge")
    assert {e.target for e in events} == {"brp", "politie"}


def test_only_an_operator_or_the_partners_own_steward_may_purge(aged: Store) -> None:
    with pytest.raises(AccessDeniedError):
        aged.purge_expired(analyst(aged))
    reports = aged.purge_expired(steward(aged, "gemeente"))
    assert [r.dataset for r in reports] == ["brp"]


def stored_bytes(store: Store) -> bytes:
    """Every byte of the store's files: the DuckDB file (and WAL), or PostgreSQL's relation
    files of this store's tables and indexes (read by the server, as its superuser)."""
    if isinstance(store, PostgresStore):
        files = store._fetchall(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ? AND c.relkind IN ('r', 'i', 't') "
            "UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ? AND c.reltoastrelid <> 0",
            (store.schema, store.schema),
        )
        store._execute("CHECKPOINT")
        return b"".join(
            bytes(store._fetchall("SELECT pg_read_binary_file(?)", (path,))[0][0])
            for (path,) in files
            if path
        )
    store._execute("CHECKPOINT")
    path = Path(store.path)
    wal = Path(f"{store.path}.wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.parametrize("value", [SECRET_NAME, SECRET_NOTE, "pol-1"])
def test_no_byte_of_a_purged_value_remains_in_the_store(aged_alone: Store, value: str) -> None:
    assert value.encode() in stored_bytes(aged_alone)  # the search finds it before the purge
    purge(aged_alone)
    assert value.encode() not in stored_bytes(aged_alone)
