"""The store under strain: racing registrations, whole deliveries, refused input kept once,
text no engine can hold, and the real cause of a write that ran out of resources."""

import threading

import pytest

from tests.conftest import reopen
from tests.factories import (
    account_token,
    admin,
    analyst,
    make_dataset,
    make_entity,
    register,
    steward,
)
from verweven.access import Role
from verweven.errors import InputError, ResourceError
from verweven.store import QuarantineRecord, Store

POSTGRES_ONLY = pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)


@POSTGRES_ONLY  # one process writes a DuckDB file: registrations cannot race there
def test_racing_registrations_of_one_dataset_never_conflict(store: Store) -> None:
    failures: list[BaseException] = []
    token = account_token(store, Role.GEGEVENSBEHEERDER, partner="gemeente")

    def register_often(titles: range) -> None:
        with reopen(store) as own:
            owner = own.authenticate_token(token)
            for number in titles:
                dataset = make_dataset("brp_personen").model_copy(update={"title": f"t{number}"})
                try:
                    own.register_dataset(dataset, owner)
                except BaseException as error:  # the UniqueViolation this test is about
                    failures.append(error)

    threads = [threading.Thread(target=register_often, args=(range(i, 200, 2),)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert [d.name for d in store.list_datasets(admin(store))] == ["brp_personen"]
    assert [v for v, _, _ in store.dataset_versions(admin(store), "brp_personen")] == list(
        range(1, 201)
    )


def test_a_delivery_lands_whole_or_not_at_all(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    with pytest.raises(InputError), store.delivery():
        with store.import_run("brp_personen", source="a.csv", actor=steward(store)) as run:
            run.write(make_entity("p1", name="Jan"))
        with store.import_run("brp_personen", source="b.csv", actor=steward(store)) as run:
            run.write(make_entity("p2", name="Piet"))
            raise InputError("b.csv: the second file of the delivery is broken")
    assert store.count_statements(analyst(store)) == 0
    assert store.list_import_runs(admin(store)) == []


def test_a_delivery_of_several_runs_commits_them_all(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    with store.delivery():
        for number in (1, 2):
            with store.import_run(
                "brp_personen", source=f"{number}.csv", actor=steward(store)
            ) as run:
                run.write(make_entity(f"p{number}", name=f"Person {number}"))
    assert len(store.list_import_runs(admin(store))) == 2
    assert store.count_statements(analyst(store)) == 4


def test_the_same_refusal_again_is_one_record_of_the_latest_run(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    refused = QuarantineRecord(file="brp.csv", line=3, reason="expected 8 fields", raw="x;y")
    runs = []
    for _ in range(2):
        with store.import_run("brp_personen", source="brp.csv", actor=steward(store)) as run:
            run.quarantine(refused, position=2)
        runs.append(run.id)
    [record] = store.list_quarantine(steward(store).acting_for("gegevensbeheer"))
    assert record.import_run == runs[-1]


def test_text_no_engine_can_hold_is_kept_escaped(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    raw = "Jan\x00Jansen;\ud800"
    with store.import_run("brp_personen", source="brp.csv", actor=steward(store)) as run:
        run.quarantine(QuarantineRecord(file="brp.csv", line=2, reason="r", raw=raw), position=1)
    [record] = store.list_quarantine(steward(store).acting_for("gegevensbeheer"))
    assert record.raw == "Jan\\x00Jansen;\\ud800"


@POSTGRES_ONLY  # DuckDB's full disk is tested through the CLI (tests/cli/test_failures.py)
def test_a_write_out_of_resources_names_the_cause_and_writes_nothing(store: Store) -> None:
    register(store, make_dataset("brp_personen"))
    with (
        pytest.raises(ResourceError, match="temp_file_limit") as raised,
        store.import_run("brp_personen", source="brp.csv", actor=steward(store)) as run,
    ):
        run.write(make_entity("p1", name="Jan"))
        # A real limit of the server, hit inside the run: a sort that spills to a temporary
        # file larger than this session may write (SQLSTATE 53400, insufficient resources).
        store._execute("SET LOCAL work_mem = '64kB'")
        store._execute("SET LOCAL temp_file_limit = '64kB'")
        store._fetchall(
            "SELECT count(*) FROM (SELECT random() r FROM generate_series(1, 300000) ORDER BY 1) s"
        )
    assert "53400" in str(raised.value) and "nothing of this run was written" in str(raised.value)
    assert store.count_statements(analyst(store)) == 0
    assert store.list_import_runs(admin(store)) == []
