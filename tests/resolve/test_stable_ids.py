"""Canonical ids for life on both backends: new records, merges, splits, events, redirects."""

from tests.factories import admin, analyst, resolver
from tests.resolve.conftest import deliver, person
from tests.resolve.test_run import clusters
from verweven.model import Verdict
from verweven.resolve import ResolveOptions, resolve
from verweven.store import Store


def test_a_record_whose_id_sorts_first_does_not_rename_its_cluster(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    before = clusters(people)["brp.1"]
    deliver(people, "politie", person("a.0", "politie", firstName="Jan", lastName="de Vries",
                                      birthDate="1970-03-12"))  # fmt: skip
    resolve(people, admin(people), options)
    after = clusters(people)
    assert after["a.0"] == after["brp.1"] == after["pol.7"] == before


def test_a_merge_keeps_the_larger_clusters_id_and_redirects_the_other(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    before = clusters(people)
    people.add_judgement("brp.2", "pol.7", Verdict.SAME, "alias", analyst(people))
    report = resolve(people, admin(people), options)
    after = clusters(people)
    assert after["brp.2"] == after["brp.1"] == before["brp.1"]
    reader = analyst(people)
    assert people.follow_canonical_id(reader, before["brp.2"]) == before["brp.1"]
    [new, merge] = people.list_resolution_events(reader, before["brp.2"])
    assert new["event"] == "new"
    assert (merge["event"], merge["canonical_id"], merge["run_id"]) == (
        "merge", before["brp.1"], report.run_id)  # fmt: skip
    assert merge["model_version"].startswith("verweven ")


def test_a_split_keeps_the_id_for_the_largest_part(people: Store, options: ResolveOptions) -> None:
    deliver(people, "politie", person("pol.9", "politie", firstName="Jan", lastName="de Vries",
                                      birthDate="1970-03-12"))  # fmt: skip
    resolve(people, admin(people), options)
    before = clusters(people)
    assert before["brp.1"] == before["pol.7"] == before["pol.9"]
    for other in ("pol.7", "pol.9"):
        people.add_judgement("brp.1", other, Verdict.DIFFERENT, "vader", analyst(people))
    people.add_judgement("pol.7", "pol.9", Verdict.SAME, "zoon", analyst(people))
    resolve(people, admin(people), options)
    after = clusters(people)
    assert after["pol.7"] == after["pol.9"] == before["brp.1"]
    assert after["brp.1"] != before["brp.1"]
    events = people.list_resolution_events(analyst(people), after["brp.1"])
    assert [(e["event"], e["other_id"]) for e in events] == [("split", before["brp.1"])]
    assert events[0]["records"] == 1


def test_a_rerun_that_changes_nothing_records_no_events(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    ids = clusters(people)
    first = people.list_resolution_events(analyst(people), ids["brp.1"])
    resolve(people, admin(people), options)
    assert people.list_resolution_events(analyst(people), ids["brp.1"]) == first
    assert [e["event"] for e in first] == ["new"]


def test_a_redirect_chain_is_followed_to_the_live_id(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    first = clusters(people)
    people.add_judgement("brp.2", "brp.3", Verdict.SAME, "alias", analyst(people))
    resolve(people, admin(people), options)
    people.add_judgement("brp.1", "brp.3", Verdict.SAME, "alias", analyst(people))
    resolve(people, admin(people), options)
    live = clusters(people)["brp.2"]
    assert live == clusters(people)["brp.1"]
    assert people.follow_canonical_id(analyst(people), first["brp.2"]) == live


def test_the_store_reads_back_current_and_retired_ids(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    people.add_judgement("brp.2", "pol.7", Verdict.SAME, "alias", analyst(people))
    resolve(people, admin(people), options)
    table = people.read_canonical_ids(resolver(people))
    rows = table.to_pylist()
    assert len([r for r in rows if r["entity_id"] is None]) == 1
