"""The shipped Cedar policy against the specification (tests/access/spec.py), case by case:
roles × partners × purposes × cases × datasets (partner, sensitivity, purposes) × actions."""

import itertools

import pytest

from tests.access.spec import (
    Who,
    may,
    may_on_audit,
    may_on_bibob_file,
    may_on_case,
    may_on_resolution_settings,
    may_use,
)
from tests.factories import make_dataset
from verweven.access import (
    Action,
    Actor,
    Job,
    Role,
    bibob_file_resource,
    case_resource,
    dataset_resource,
    load_policy,
    load_purposes,
    partner_resource,
    purpose_resource,
    store_resource,
)
from verweven.model import Sensitivity

PARTNERS = ("gemeente", "politie")
PURPOSES = (*load_purposes(), "marketing", None)
CASES = (None, "C-1")
DATASET_ACTIONS = (
    Action.READ, Action.READ_BULK, Action.EXPORT, Action.READ_QUARANTINE, Action.SUBJECT_EXPORT,
    Action.ASK_HIT, Action.REGISTER_DATASET, Action.IMPORT, Action.DELETE_DATASET, Action.PURGE,
)  # fmt: skip
DATASETS = [
    make_dataset(f"d{i}", partner=partner, purposes=purposes, sensitivity=sensitivity)
    for i, (partner, sensitivity, purposes) in enumerate(
        itertools.product(
            PARTNERS,
            (Sensitivity.CONFIDENTIAL, Sensitivity.SECRET),
            (("riec_casus",), ("bibob", "riec_casus"), ("ondermijningsbeeld", "resolve")),
        )
    )
]


def whos() -> list[Who]:
    people = [Who(frozenset({role}), partner) for role in Role for partner in PARTNERS]
    people += [
        Who(frozenset({Role.ANALIST, Role.BIBOB}), "gemeente"),
        Who(frozenset({Role.GEGEVENSBEHEERDER, Role.AUDITOR}), "politie"),
        Who(frozenset(Role), "local", local=True),
        Who(frozenset(), "riec_oost", job="resolve"),
    ]
    return people


def actor(who: Who, purpose: str | None, case: str | None) -> Actor:
    return Actor(
        user="u",
        partner=who.partner,
        roles=tuple(sorted(who.roles)),
        local=who.local,
        job=Job(who.job) if who.job else None,
        purpose=purpose,
        case=case,
    )


def may_state(subject: Actor, action: Action, purpose: str | None) -> bool:
    """The store's first step: an action that needs a purpose needs one the actor may use."""
    if not action.needs_purpose:
        return True
    catalogue = load_purposes()
    if purpose not in catalogue:
        return False
    context = {"purpose": purpose, "case": subject.case or ""}
    resource = purpose_resource(purpose, catalogue[purpose].system)
    return load_policy().allowed(subject, Action.USE_PURPOSE, resource, context).allowed


def gate(
    who: Who, action: Action, dataset_index: int, purpose: str | None, case: str | None
) -> bool:
    """The store's two steps: the purpose may be used at all, then the action on the dataset."""
    subject = actor(who, purpose, case)
    context = {"purpose": purpose or "", "case": case or ""}
    resource = dataset_resource(DATASETS[dataset_index])
    return (
        may_state(subject, action, purpose)
        and load_policy().allowed(subject, action, resource, context).allowed
    )


@pytest.mark.parametrize("who", whos(), ids=lambda w: "+".join(sorted(w.roles)) or w.job)
def test_every_decision_matches_the_specification(who: Who) -> None:
    cases = list(itertools.product(DATASET_ACTIONS, range(len(DATASETS)), PURPOSES, CASES))
    wrong = [
        (action.value, DATASETS[i].name, purpose, case, "leak" if got else "wrongful denial")
        for action, i, purpose, case in cases
        if (got := gate(who, action, i, purpose, case))
        != may(who, action, DATASETS[i], purpose, case)
    ]
    assert len(cases) == 2160 and wrong == []


def test_the_matrix_allows_and_refuses_plenty() -> None:
    """The matrix is not trivially all-deny or all-allow."""
    decisions = [
        may(who, action, dataset, purpose, case)
        for who in whos()
        for action, dataset, purpose, case in itertools.product(
            DATASET_ACTIONS, DATASETS, PURPOSES, CASES
        )
    ]
    assert 0.05 < sum(decisions) / len(decisions) < 0.5


@pytest.mark.parametrize("who", whos(), ids=lambda w: "+".join(sorted(w.roles)) or w.job)
def test_the_purposes_an_actor_may_use_match_the_specification(who: Who) -> None:
    policy = load_policy()
    usable = {
        name
        for name, purpose in load_purposes().items()
        if policy.allowed(
            actor(who, name, None),
            Action.USE_PURPOSE,
            purpose_resource(name, purpose.system),
            {"purpose": name, "case": ""},
        ).allowed
    }
    assert usable == {name for name in load_purposes() if may_use(who, name)}


def test_a_decision_names_the_policies_that_made_it() -> None:
    analyst = Who(frozenset({Role.ANALIST}), "gemeente")
    secret = next(d for d in DATASETS if d.sensitivity is Sensitivity.SECRET)
    context = {"purpose": "riec_casus", "case": ""}
    refused = load_policy().allowed(
        actor(analyst, "riec_casus", None), Action.READ, dataset_resource(secret), context
    )
    assert (refused.allowed, refused.policies) == (False, ("geheim-alleen-met-casus",))
    context["case"] = "C-1"
    allowed = load_policy().allowed(
        actor(analyst, "riec_casus", "C-1"), Action.READ, dataset_resource(secret), context
    )
    assert (allowed.allowed, allowed.policies) == (True, ("casus-lezen",))


def audit_gate(who: Who, action: Action, purpose: str | None, partner: str | None) -> bool:
    """The same two steps for the audit log, as a whole or one partner's part of it."""
    subject = actor(who, purpose, None)
    context = {"purpose": purpose or "", "case": ""}
    target = store_resource() if partner is None else partner_resource(partner)
    return (
        may_state(subject, action, purpose)
        and load_policy().allowed(subject, action, target, context).allowed
    )


@pytest.mark.parametrize("who", whos(), ids=lambda w: "+".join(sorted(w.roles)) or w.job)
def test_reading_and_sealing_the_audit_log_match_the_specification(who: Who) -> None:
    cases = list(
        itertools.product((Action.READ_AUDIT, Action.SEAL_AUDIT), PURPOSES, (None, *PARTNERS))
    )
    wrong = [
        (action.value, purpose, partner, "leak" if got else "wrongful denial")
        for action, purpose, partner in cases
        if (got := audit_gate(who, action, purpose, partner))
        != may_on_audit(who, action, purpose, partner)
    ]
    assert wrong == []


def test_only_the_auditor_reads_the_whole_log_and_every_person_seals_it() -> None:
    readers = {w for w in whos() if may_on_audit(w, Action.READ_AUDIT, "toezicht", None)}
    sealers = {w for w in whos() if may_on_audit(w, Action.SEAL_AUDIT, None, None)}
    assert readers and all(Role.AUDITOR in w.roles for w in readers)
    assert sealers == {w for w in whos() if not w.job}


def case_gate(
    who: Who, action: Action, purpose: str | None, case: str | None, ref: str | None
) -> bool:
    """The same two steps for casework: a case by its reference, or the list of cases."""
    subject = actor(who, purpose, case)
    context = {"purpose": purpose or "", "case": case or ""}
    target = store_resource() if ref is None else case_resource(ref)
    return (
        may_state(subject, action, purpose)
        and load_policy().allowed(subject, action, target, context).allowed
    )


@pytest.mark.parametrize("who", whos(), ids=lambda w: "+".join(sorted(w.roles)) or w.job)
def test_casework_matches_the_specification(who: Who) -> None:
    actions = (Action.CASEWORK, Action.READ_CASE, Action.LIST_CASES, Action.HIT_FEEDBACK)
    on_store = (Action.LIST_CASES, Action.HIT_FEEDBACK)
    cases = [
        (action, purpose, case, ref)
        for action, purpose, case, ref in itertools.product(
            actions, PURPOSES, (None, "C-1", "C-2"), (None, "C-1")
        )
        if (ref is None) == (action in on_store)  # the schema's resource per action
    ]
    wrong = [
        (action.value, purpose, case, ref, "leak" if got else "wrongful denial")
        for action, purpose, case, ref in cases
        if (got := case_gate(who, action, purpose, case, ref))
        != may_on_case(who, action, purpose, case, ref)
    ]
    assert wrong == []


def test_only_the_coordinator_works_a_case_and_only_under_its_reference() -> None:
    workers = {w for w in whos() if may_on_case(w, Action.CASEWORK, "riec_casus", "C-1", "C-1")}
    assert workers and all(Role.CASUSCOORDINATOR in w.roles for w in workers)
    assert not any(may_on_case(w, Action.CASEWORK, "riec_casus", "C-2", "C-1") for w in whos())


def bibob_gate(
    who: Who, action: Action, purpose: str | None, case: str | None, ref: str | None
) -> bool:
    """The same two steps for Bibob files: a file by its reference, or the list of files."""
    subject = actor(who, purpose, case)
    context = {"purpose": purpose or "", "case": case or ""}
    target = store_resource() if ref is None else bibob_file_resource(ref)
    return (
        may_state(subject, action, purpose)
        and load_policy().allowed(subject, action, target, context).allowed
    )


@pytest.mark.parametrize("who", whos(), ids=lambda w: "+".join(sorted(w.roles)) or w.job)
def test_bibob_files_match_the_specification(who: Who) -> None:
    actions = (Action.BIBOB_WORK, Action.READ_BIBOB_FILE, Action.LIST_BIBOB_FILES, Action.PURGE)
    cases = [
        (action, purpose, case, ref)
        for action, purpose, case, ref in itertools.product(
            actions, PURPOSES, (None, "B-1", "B-2"), (None, "B-1")
        )
        if (ref is None) == (action is Action.LIST_BIBOB_FILES)
    ]
    wrong = [
        (action.value, purpose, case, ref, "leak" if got else "wrongful denial")
        for action, purpose, case, ref in cases
        if (got := bibob_gate(who, action, purpose, case, ref))
        != may_on_bibob_file(who, action, purpose, case, ref)
    ]
    assert wrong == []


def test_only_the_bibob_officer_keeps_a_file_and_only_under_its_reference() -> None:
    keepers = {w for w in whos() if may_on_bibob_file(w, Action.BIBOB_WORK, "bibob", "B-1", "B-1")}
    assert keepers and all(Role.BIBOB in w.roles for w in keepers)
    assert not any(may_on_bibob_file(w, Action.BIBOB_WORK, "bibob", "B-2", "B-1") for w in whos())


@pytest.mark.parametrize("who", whos(), ids=lambda w: "+".join(sorted(w.roles)) or w.job)
def test_resolution_settings_match_the_specification(who: Who) -> None:
    for action in (Action.CONFIGURE_RESOLUTION, Action.READ_RESOLUTION_SETTINGS):
        for purpose in PURPOSES:
            subject = actor(who, purpose, None)
            context = {"purpose": purpose or "", "case": ""}
            got = load_policy().allowed(subject, action, store_resource(), context).allowed
            assert got == may_on_resolution_settings(who, action, purpose), (action, purpose)


def test_only_the_operator_or_the_local_user_sets_resolution_settings() -> None:
    setters = {w for w in whos() if may_on_resolution_settings(w, Action.CONFIGURE_RESOLUTION)}
    assert setters and all(Role.BEHEERDER in w.roles or w.local for w in setters)
    assert not any(w.job for w in setters)
