"""A resolution run: keys and model link records, judgements override, ids are stable."""

from tests.factories import admin, analyst
from verweven.model import Verdict
from verweven.resolve import ResolveOptions, resolve
from verweven.store import Store


def clusters(store: Store) -> dict[str, str]:
    table = store.read_statement_table(analyst(store), ["Person"])
    return dict(
        zip(
            table.column("entity_id").to_pylist(),
            table.column("canonical_id").to_pylist(),
            strict=True,
        )
    )


def test_shared_bsn_links_records_at_once(people: Store, options: ResolveOptions) -> None:
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.3"] == ids["pol.8"]


def test_model_links_initials_and_swapped_birth_date(
    people: Store, options: ResolveOptions
) -> None:
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.1"] == ids["pol.7"]
    assert ids["brp.2"] != ids["brp.1"]


def test_twins_with_different_bsn_stay_apart(people: Store, options: ResolveOptions) -> None:
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.3"] != ids["brp.4"]


def test_judgement_survives_a_full_rerun(people: Store, options: ResolveOptions) -> None:
    people.add_judgement("brp.1", "pol.7", Verdict.DIFFERENT, "vader en zoon", analyst(people))
    resolve(people, admin(people), options)
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.1"] != ids["pol.7"]


def test_withdrawing_a_judgement_restores_the_model_decision(
    people: Store, options: ResolveOptions
) -> None:
    judgement = people.add_judgement(
        "brp.1", "pol.7", Verdict.DIFFERENT, "twijfel", analyst(people)
    )
    resolve(people, admin(people), options)
    people.withdraw_judgement(judgement.id, "toch dezelfde", analyst(people))
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.1"] == ids["pol.7"]


def test_same_judgement_merges_what_the_model_keeps_apart(
    people: Store, options: ResolveOptions
) -> None:
    people.add_judgement(
        "brp.1", "brp.2", Verdict.SAME, "alias bekend bij politie", analyst(people)
    )
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.1"] == ids["brp.2"]


def test_canonical_ids_are_stable_across_runs(people: Store, options: ResolveOptions) -> None:
    resolve(people, admin(people), options)
    first = clusters(people)
    resolve(people, admin(people), options)
    assert clusters(people) == first
    assert all(c.startswith("nl-person-") for c in first.values())
