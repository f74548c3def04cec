"""The access matrix replayed through the store, on both backends: for every actor, purpose,
case and read path, the deliveries the store returns are exactly those the specification
allows — no leak, no wrongful denial — and a purpose the actor may not use is refused."""

import itertools
import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access.spec import Who, may, may_use
from tests.access.test_policy_matrix import PURPOSES, whos
from tests.conftest import postgres_url
from tests.factories import admin, load, make_actor, make_dataset, make_entity, register
from verweven.access import Action, Actor, Job, Role
from verweven.errors import AccessDeniedError
from verweven.model import Dataset, Sensitivity
from verweven.store import QuarantineRecord, Store, open_store

DATASETS = [
    make_dataset("d_gemeente", "gemeente", ("riec_casus", "bibob"), Sensitivity.CONFIDENTIAL),
    make_dataset("d_politie", "politie", ("riec_casus", "resolve"), Sensitivity.SECRET),
    make_dataset(
        "d_kvk", "kvk", ("riec_casus", "bibob", "ondermijningsbeeld", "resolve"),
        Sensitivity.PUBLIC,
    ),
    make_dataset("d_beeld", "politie", ("ondermijningsbeeld",), Sensitivity.CONFIDENTIAL),
]  # fmt: skip
Path_ = Callable[[Store, Actor], set[str]]
# Each read path: the permission it needs, and the deliveries it returned. A neighbourhood
# (the local read) names entities, so it needs an entity read, not the picture's bulk read.
PATHS: dict[str, tuple[Action, Path_]] = {
    "entity": (Action.READ, lambda s, a: {x.dataset for x in s.get_statements(a, "p")}),
    "neighbourhood": (
        Action.READ,
        lambda s, a: set(s.read_around(a, ["p"], 1).table.column("dataset").to_pylist()),
    ),
    "bulk": (
        Action.READ_BULK,
        lambda s, a: set(
            s.read_statement_table(a, ["Person"], columns=("dataset",))
            .column("dataset")
            .to_pylist()
        ),
    ),
    "export": (
        Action.EXPORT,
        lambda s, a: {d for e in s.export_entities(a, "-") for d in e.datasets},
    ),
    "quarantine": (
        Action.READ_QUARANTINE,
        lambda s, a: {r.dataset for r in s.list_quarantine(a)},
    ),
}


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def matrix_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    if request.param == "duckdb":
        store = open_store(str(tmp_path_factory.mktemp("matrix") / "m.duckdb"))
        schema = None
    else:
        url = postgres_url()
        if url is None:
            pytest.skip("no PostgreSQL server reachable (set VERWEVEN_TEST_POSTGRES_URL)")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        store = open_store(url, schema=schema, migrate=True)
    for dataset in DATASETS:
        register(store, dataset)
        load(
            store,
            make_entity("p", dataset.name, name=f"Jan in {dataset.name}"),
            dataset=dataset.name,
        )
        with store.import_run(dataset.name, "q", _steward(store, dataset)) as run:
            run.quarantine(QuarantineRecord(file="f.csv", line=1, reason="test"))
    yield store
    store.close()
    if schema:
        with psycopg.connect(postgres_url() or "", autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _steward(store: Store, dataset: Dataset) -> Actor:
    return make_actor(store, Role.GEGEVENSBEHEERDER, partner=dataset.partner)


def actor_of(store: Store, who: Who) -> Actor | None:
    """The store's actor for ``who`` (None: an embedded store's local user on PostgreSQL)."""
    if who.local:
        return store.local_actor() if store.dialect == "duckdb" else None
    if who.job:
        return store.system_actor(Job(who.job), admin(store))
    return make_actor(store, *sorted(who.roles), partner=who.partner)


def observe(store: Store, actor: Actor, path: str) -> set[str] | None:
    """The deliveries a read path returned, or None when the store refused it."""
    try:
        return PATHS[path][1](store, actor)
    except AccessDeniedError:
        return None


def expect(who: Who, action: Action, purpose: str | None, case: str | None) -> set[str] | None:
    if not may_use(who, purpose):
        return None
    return {d.name for d in DATASETS if may(who, action, d, purpose, case)}


def test_every_read_path_returns_exactly_what_the_specification_allows(
    matrix_store: Store,
) -> None:
    wrong, checked = [], 0
    for who in whos():
        base = actor_of(matrix_store, who)
        if base is None:
            continue
        for purpose, case, path in itertools.product(PURPOSES, (None, "C-1"), PATHS):
            got = observe(matrix_store, base.acting_for(purpose, case), path)
            wanted = expect(who, PATHS[path][0], purpose, case)
            checked += 1
            if got != wanted:
                wrong.append((sorted(who.roles), who.partner, purpose, case, path, got, wanted))
    assert checked >= 1000 and wrong == []


ROLE_SETS = st.frozensets(st.sampled_from(list(Role)), min_size=1, max_size=3)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    roles=ROLE_SETS,
    partner=st.sampled_from(["gemeente", "politie", "kvk", "riec_oost"]),
    purpose=st.sampled_from(PURPOSES),
    case=st.sampled_from([None, "C-1", "RIEC-2026-0042"]),
    path=st.sampled_from(list(PATHS)),
)
def test_random_actors_on_random_paths_see_what_the_specification_allows(
    matrix_store: Store,
    roles: frozenset[Role],
    partner: str,
    purpose: str | None,
    case: str | None,
    path: str,
) -> None:
    who = Who(roles, partner)
    actor = make_actor(matrix_store, *sorted(roles), partner=partner)
    assert observe(matrix_store, actor.acting_for(purpose, case), path) == expect(
        who, PATHS[path][0], purpose, case
    )


def test_a_refusal_is_audited_with_the_policy_or_the_reason(matrix_store: Store) -> None:
    bibob = make_actor(matrix_store, Role.BIBOB, partner="gemeente", purpose="riec_casus")
    with pytest.raises(AccessDeniedError, match="may use: bibob"):
        matrix_store.get_statements(bibob, "p")
    [(decision, detail)] = matrix_store._fetchall(
        "SELECT decision, detail FROM audit_events WHERE actor = ? AND decision = 'deny' "
        "ORDER BY occurred_at DESC LIMIT 1",
        (bibob.user,),
    )
    assert decision == "deny" and "riec_casus" in detail
