"""Incremental linking: a new delivery joins existing entities without re-running everything."""

from tests.factories import admin, analyst
from tests.resolve.conftest import deliver, person
from tests.resolve.test_run import clusters
from verweven.resolve import ResolveOptions, resolve
from verweven.store import Store


def test_new_record_joins_its_existing_entity(people: Store, options: ResolveOptions) -> None:
    resolve(people, admin(people), options)
    before = clusters(people)
    deliver(people, "politie", person("pol.9", "politie", firstName="Jan", lastName="de Vries",
                                      birthDate="1970-03-12"))  # fmt: skip
    options.incremental = True
    report = resolve(people, admin(people), options)
    after = clusters(people)
    [persons] = [k for k in report.kinds if k.kind == "person"]
    assert (persons.mode, persons.new_records) == ("incremental", 1)
    assert after["pol.9"] == before["brp.1"]
    assert {k: v for k, v in after.items() if k != "pol.9"} == before


def test_changed_judgements_make_an_incremental_run_full(
    people: Store, options: ResolveOptions
) -> None:
    from verweven.model import Verdict

    resolve(people, admin(people), options)
    people.add_judgement("brp.1", "pol.7", Verdict.DIFFERENT, "andere man", analyst(people))
    options.incremental = True
    report = resolve(people, admin(people), options)
    assert {k.mode for k in report.kinds} == {"full"}
    ids = clusters(people)
    assert ids["brp.1"] != ids["pol.7"]
