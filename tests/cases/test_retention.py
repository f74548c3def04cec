"""Retention reaching a case: a subject whose records are purged does not stay pointing at
nothing unnoticed — the case notes what was removed and when, names a subject removed whole by
its digest only, and keeps every decision (on both backends)."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pyarrow as pa
import pytest

from tests.factories import (
    admin,
    make_actor,
    make_dataset,
    make_entity,
    register,
    resolver,
    steward,
)
from verweven.access import Actor, Role
from verweven.cases import gather_case_file
from verweven.model import Case, CaseState
from verweven.reports.case import case_html
from verweven.store import Store, open_store
from verweven.store.rows import utc_now

CASE = "RIEC-2026-031"
LONG_AGO = utc_now() - timedelta(days=800)


def coordinator(store: Store) -> Actor:
    return make_actor(store, Role.CASUSCOORDINATOR, purpose="riec_casus", case=CASE)


def deliver(store: Store, dataset: str, at: object, *entities: list) -> None:  # type: ignore[type-arg]
    partner = store._dataset(dataset).partner
    with store.import_run(dataset, "t", steward(store, partner), observed_at=at) as run:  # type: ignore[arg-type]
        for entity in entities:
            run.write(entity)


@pytest.fixture
def own_store(store_url: tuple[str, str]) -> Iterator[Store]:
    """A store in a database of its own: a purge compacts the tables (VACUUM FULL on
    PostgreSQL), which waits for every other session of the same database to let go."""
    url, schema = store_url
    if not schema:
        with open_store(url) as store:
            yield store
        return
    database = f"verweven_case_purge_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {database}")
    own = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    try:
        with open_store(own, schema=schema, migrate=True) as store:
            yield store
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture
def casework(own_store: Store) -> Store:
    """A police delivery 800 days old (retention 730) holds Karel alone and half of Jan; a
    fresh BRP delivery holds the other half of Jan. Both are subjects of a case."""
    store = own_store
    register(store, make_dataset("brp", "gemeente", ("riec_casus", "resolve")))
    politie = make_dataset("politie", "politie", ("riec_casus", "resolve"))
    register(store, politie.model_copy(update={"retention_days": 730}))
    deliver(store, "politie", LONG_AGO, make_entity("pol-karel", "politie", name="Karel Oud"),
            make_entity("pol-jan", "politie", name="Jan de Vries"))  # fmt: skip
    deliver(store, "brp", utc_now(), make_entity("brp-jan", "brp", name="Jan de Vries"))
    mapping = pa.table({"entity_id": ["pol-jan", "brp-jan"], "canonical_id": ["nl-jan"] * 2})
    links = pa.table({"left_id": ["brp-jan"], "right_id": ["pol-jan"],
                      "origin": pa.array([1], pa.int8()), "weight": [1e9]})  # fmt: skip
    store.apply_canonical_ids(mapping, resolver(store), links)
    actor = coordinator(store)
    store.open_case(actor, "Hennep", "cannabis_farm", "signaal")
    store.add_case_subject(actor, "pol-karel", "huurder")
    store.add_case_subject(actor, "nl-jan", "eigenaar")
    store.move_case(actor, CaseState.WEGING, "concreet")
    return store


def purged(store: Store) -> Case:
    store.purge_expired(admin(store))
    return store.get_case(coordinator(store))


def test_a_subject_whose_records_are_all_purged_is_removed_with_the_date(casework: Store) -> None:
    case = purged(casework)
    assert "pol-karel" not in case.subjects
    [removed] = [p for p in case.purges if p.removed]
    assert removed.subject.startswith("#")
    assert (removed.dataset, removed.records) == ("politie", 1)
    assert removed.purged_at.date() == utc_now().date()


def test_the_removed_subjects_id_is_nowhere_in_the_case(casework: Store) -> None:
    purged(casework)
    held = casework._fetchall("SELECT entity_id FROM case_subjects")
    noted = casework._fetchall("SELECT subject FROM case_subject_purges")
    assert "pol-karel" not in {row[0] for row in held + noted}


def test_a_subject_that_lost_some_records_stays_and_is_noted(casework: Store) -> None:
    case = purged(casework)
    assert "nl-jan" in case.subjects
    assert [(p.subject, p.records, p.removed) for p in case.purges if not p.removed] == [
        ("nl-jan", 1, False)
    ]


def test_the_case_keeps_its_decisions_and_goes_on(casework: Store) -> None:
    case = purged(casework)
    assert [d.to_state for d in case.decisions] == [CaseState.SIGNAAL, CaseState.WEGING]
    moved = casework.move_case(coordinator(casework), CaseState.HIT_NO_HIT, "FG akkoord")
    assert moved.state is CaseState.HIT_NO_HIT


def test_the_purge_reports_the_case_subjects_it_reached(casework: Store) -> None:
    reports = {r.dataset: r for r in casework.purge_expired(admin(casework))}
    assert reports["politie"].case_subjects == 2
    assert reports["brp"].case_subjects == 0


def test_the_case_file_says_a_subject_was_removed_by_retention(casework: Store) -> None:
    purged(casework)
    file = gather_case_file(casework, coordinator(casework))
    page = case_html(file, "tester", utc_now())
    assert "Een betrokkene is verwijderd door de bewaartermijn" in page
    assert "pol-karel" not in page
