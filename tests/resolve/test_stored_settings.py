"""Resolution settings kept in the store: set by the operator, audited, versioned, and used by
a run that is given no settings file (recorded with the run's model version)."""

from pathlib import Path

import pytest

from tests.factories import admin, analyst
from tests.resolve.conftest import deliver, person
from tests.resolve.test_run import clusters
from verweven.errors import AccessDeniedError, UsageError
from verweven.resolve import ResolveOptions, resolve
from verweven.store import Store


def audited(store: Store, action: str) -> list[tuple[str, str, str]]:
    return [
        (decision, target, detail)
        for decision, target, detail in store._fetchall(
            "SELECT decision, target, detail FROM audit_events WHERE action = ? "
            "ORDER BY occurred_at",
            (action,),
        )
    ]


def test_the_operator_sets_versions_and_clears_a_kinds_settings(store: Store) -> None:
    operator = admin(store)
    first = store.set_resolution_settings(
        operator, "person", {"threshold_match_probability": 0.97}, "fewer false links"
    )
    second = store.set_resolution_settings(
        operator, "person", {"threshold_match_probability": 0.95}, "too strict"
    )
    store.set_resolution_settings(operator, "company", {"review_band": [0.5, 0.9]}, "wider band")
    in_force = store.resolution_settings(operator)
    assert [(v.kind, v.id, v.settings) for v in in_force] == [
        ("company", in_force[0].id, {"review_band": [0.5, 0.9]}),
        ("person", second.id, {"threshold_match_probability": 0.95}),
    ]
    assert in_force[1].set_by == operator.name and in_force[1].reason == "too strict"
    store.set_resolution_settings(operator, "person", None, "back to the shipped settings")
    assert [v.kind for v in store.resolution_settings(operator)] == ["company"]
    history = store.resolution_settings(operator, history=True)
    assert [v.id for v in history if v.kind == "person"][:2] == [first.id, second.id]
    assert len(history) == 4
    changes = audited(store, "configure_resolution")
    assert len(changes) == 4 and all(decision == "allow" for decision, _, _ in changes)
    assert changes[0][1] == "resolution settings person"
    assert "0.97" in changes[0][2] and "fewer false links" in changes[0][2]


def test_an_analyst_may_read_but_not_set_them_and_the_refusal_is_audited(store: Store) -> None:
    with pytest.raises(AccessDeniedError):
        store.set_resolution_settings(
            analyst(store), "person", {"threshold_match_probability": 0.5}, "more links"
        )
    assert [d for d, _, _ in audited(store, "configure_resolution")] == ["deny"]
    assert store.resolution_settings(analyst(store)) == []


def test_a_change_needs_a_reason(store: Store) -> None:
    with pytest.raises(UsageError, match="reason"):
        store.set_resolution_settings(admin(store), "person", {}, " ")


def twin(store: Store) -> Store:
    piet = person("brp.5", "brp", firstName="Piet", lastName="Bakker", birthDate="1985-07-01",
                  address="Dorpsweg 3, 5678 CD Utrecht")  # fmt: skip
    deliver(store, "brp", piet)
    return store


def test_a_run_without_a_file_uses_the_stored_settings_and_records_them(
    people: Store, options: ResolveOptions, tmp_path: Path
) -> None:
    twin(people)
    operator = admin(people)
    report = resolve(people, operator, options)
    assert {k.settings for k in report.kinds} == {"shipped settings"}
    assert clusters(people)["brp.5"] == clusters(people)["brp.2"]
    version = people.set_resolution_settings(
        operator, "person", {"link_type": "link_only"}, "two clean registers"
    )
    report = resolve(people, operator, options)
    persons = next(k for k in report.kinds if k.kind == "person")
    assert persons.settings == f"store settings {version.id[:12]}"
    ids = clusters(people)
    assert ids["brp.5"] != ids["brp.2"]  # link_only: one register's records stay apart
    assert ids["brp.1"] == ids["pol.7"]
    events = people.list_resolution_events(analyst(people), ids["brp.5"])
    assert events[-1]["model_version"].endswith(f"store settings {version.id[:12]}")
    options.settings = {}  # a file given (empty): the store's settings are not used
    persons = next(k for k in resolve(people, operator, options).kinds if k.kind == "person")
    assert persons.settings == "shipped settings"
    assert clusters(people)["brp.5"] == clusters(people)["brp.2"]


def test_a_stored_setting_that_no_longer_fits_is_refused_naming_its_version(
    people: Store, options: ResolveOptions
) -> None:
    version = people.set_resolution_settings(
        admin(people), "person", {"threshold_match_probability": "hoog"}, "typo"
    )
    with pytest.raises(UsageError, match=f"store settings {version.id[:12]}"):
        resolve(people, admin(people), options)
