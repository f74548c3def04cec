"""No store path skips the decision point: every public method refuses an actor the store did
not authenticate, and one the policy does not allow. A new method fails here until it is
given a recipe below (and so is shown to pass the gate) or an exemption with its reason."""

import inspect
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pyarrow as pa
import pytest

from tests.factories import admin, load, make_actor, make_dataset, make_entity, register
from verweven.access import Account, Action, Actor, Job, Role
from verweven.errors import AccessDeniedError, NotAuthenticatedError
from verweven.model import (
    CaseState,
    DateKind,
    HitVerdict,
    Instrument,
    InterventionStatus,
    Outcome,
    Verdict,
)
from verweven.store import HitQuestion, SignalHitRecord, Store

# Methods that do not act for an account, and why.
EXEMPT = {
    "delivery": "one transaction around import runs, each of which passes the gate",
    "authenticate_password": "makes an actor: refused logins are audited",
    "authenticate_token": "makes an actor: refused logins are audited",
    "login_token": "makes an actor by password, then a token for it",
    "local_actor": "makes the embedded store's one actor; refused on a multi-user store",
    "bootstrap_admin": "the first operator of an empty store; refused once accounts exist",
    "migrate": "the database owner's step (its credentials), before any account exists",
    "ensure_local_account": "part of the owner's migration of an embedded store",
    "grant_application_role": "the database owner's step (PostgreSQL credentials)",
    "check_schema": "reads the schema version only",
    "schema_version": "reads the schema version only",
    "describe": "names the store; no data",
    "close": "closes the connection",
    "refresh_registry": "drops the connection's cached registry; reads nothing",
    "end_session": "forgets an actor this store made: it can only take access away",
}

Call = Callable[[Store, Actor], Any]
MAPPING = pa.table({"entity_id": ["p1"], "canonical_id": ["nl-1"]})
HIT = SignalHitRecord("straw_man", 1, "p1", 1.0, "Jan", ("s1",), ("brp",))


def person() -> Account:
    return Account(username="nieuw.account", partner="gemeente", roles=(Role.ANALIST,))


RECIPES: dict[str, Call] = {
    "add_account": lambda s, a: s.add_account(a, person()),
    "add_case_subject": lambda s, a: s.add_case_subject(a, "p1", "x"),
    "advise_intervention": lambda s, a: s.advise_intervention(a, "bibob", "huisvesting", "g", "x"),
    "get_case": lambda s, a: s.get_case(a),
    "list_cases": lambda s, a: s.list_cases(a),
    "move_case": lambda s, a: s.move_case(a, CaseState.WEGING, "x"),
    "open_case": lambda s, a: s.open_case(a, "Casus", "hennep", "signaal"),
    "record_hit_feedback": lambda s, a: s.record_hit_feedback(a, "h1", HitVerdict.RELEVANT, "x"),
    "report_intervention": lambda s, a: s.report_intervention(
        a, "i1", InterventionStatus.ACCEPTED, "x"
    ),
    "signal_feedback": lambda s, a: s.signal_feedback(a),
    "open_bibob_file": lambda s, a: s.open_bibob_file(
        a, "burgemeester", Instrument.VERGUNNING, "exploitatievergunning", "p1", date(2026, 9, 1)
    ),
    "record_bibob_date": lambda s, a: s.record_bibob_date(
        a, DateKind.LBB_GEVRAAGD, date(2026, 9, 8), "x"
    ),
    "record_lbb_answer": lambda s, a: s.record_lbb_answer(
        a, "p1", False, date(2026, 9, 2), date(2026, 9, 3)
    ),
    "decide_bibob_file": lambda s, a: s.decide_bibob_file(a, Outcome.VERLENEN, "x"),
    "get_bibob_file": lambda s, a: s.get_bibob_file(a),
    "list_bibob_files": lambda s, a: s.list_bibob_files(a),
    "add_judgement": lambda s, a: s.add_judgement("p1", "p2", Verdict.SAME, "x", a),
    "apply_canonical_ids": lambda s, a: s.apply_canonical_ids(MAPPING, a),
    "ask_hit": lambda s, a: s.ask_hit(a, HitQuestion(bsn="111222333")),
    "audit_checkpoint": lambda s, a: s.audit_checkpoint(a),
    "audit_event_ids": lambda s, a: s.audit_event_ids(a, "e1"),
    "count_statements": lambda s, a: s.count_statements(a),
    "dataset_versions": lambda s, a: s.dataset_versions(a, "brp"),
    "decide_subject": lambda s, a: s.decide_subject(a, "p1", "restrict", "verzoek"),
    "delete_dataset": lambda s, a: s.delete_dataset("brp", a),
    "disable_account": lambda s, a: s.disable_account(a, "nieuw.account"),
    "expired_statements": lambda s, a: s.expired_statements(a),
    "export_entities": lambda s, a: list(s.export_entities(a, "out.jsonl")),
    "export_subject": lambda s, a: s.export_subject(a, "p1"),
    "find_entities": lambda s, a: s.find_entities(a, "Jan"),
    "find_similar_names": lambda s, a: s.find_similar_names(a, "Jna"),
    "follow_canonical_id": lambda s, a: s.follow_canonical_id(a, "nl-person-1"),
    "get_dataset": lambda s, a: s.get_dataset(a, "brp"),
    "get_entities": lambda s, a: s.get_entities(a, ["p1"]),
    "get_entity": lambda s, a: s.get_entity(a, "p1"),
    "get_statements": lambda s, a: s.get_statements(a, "p1"),
    "import_run": lambda s, a: s.import_run("brp", "x", a).__enter__(),
    "judge_signal_hit": lambda s, a: s.judge_signal_hit(a, "h1", HitVerdict.RELEVANT, "x"),
    "list_hit_feedback": lambda s, a: s.list_hit_feedback(a),
    "issue_token": lambda s, a: s.issue_token(a, "x", 1, "nieuw.account"),
    "list_accounts": lambda s, a: s.list_accounts(a),
    "list_audit_events": lambda s, a: s.list_audit_events(a),
    "list_datasets": lambda s, a: s.list_datasets(a),
    "list_hit_questions": lambda s, a: s.list_hit_questions(a),
    "list_import_runs": lambda s, a: s.list_import_runs(a),
    "list_judgements": lambda s, a: s.list_judgements(a),
    "list_quarantine": lambda s, a: s.list_quarantine(a),
    "list_resolution_events": lambda s, a: s.list_resolution_events(a, "nl-person-1"),
    "list_signal_hits": lambda s, a: s.list_signal_hits(a),
    "list_tokens": lambda s, a: s.list_tokens(a, "nieuw.account"),
    "permitted_datasets": lambda s, a: s.permitted_datasets(a, Action.EXPORT),
    "prove_audit_event": lambda s, a: s.prove_audit_event(a, "e1"),
    "purge_expired": lambda s, a: s.purge_expired(a),
    "purge_expired_bibob_files": lambda s, a: s.purge_expired_bibob_files(a),
    "read_canonical_ids": lambda s, a: s.read_canonical_ids(a),
    "read_around": lambda s, a: s.read_around(a, ["p1"], 2),
    "walk": lambda s, a: _walked(s, a),
    "resolution_settings": lambda s, a: s.resolution_settings(a),
    "set_resolution_settings": lambda s, a: s.set_resolution_settings(a, "person", None, "test"),
    "read_statement_batches": lambda s, a: s.read_statement_batches(a, ["Person"]),
    "read_statement_table": lambda s, a: s.read_statement_table(a, ["Person"]),
    "record_bibob_circle": lambda s, a: s.record_bibob_circle(a, [("p1", "leidinggevende")]),
    "record_export": lambda s, a: s.record_export(a, "out.gexf", ["brp"], ["p1"]),
    "record_signal_hits": lambda s, a: s.record_signal_hits(a, [HIT], datetime(2026, 1, 1)),
    "register_dataset": lambda s, a: s.register_dataset(make_dataset("brp"), a),
    "require_purpose": lambda s, a: s.require_purpose(a, Action.READ),
    "revoke_token": lambda s, a: s.revoke_token(a, "t-of-another"),
    "seal_audit": lambda s, a: s.seal_audit(a),
    "set_password": lambda s, a: s.set_password(a, "nieuw.account", "een lang wachtwoord"),
    "system_actor": lambda s, a: s.system_actor(Job.RESOLVE, a),
    "usable_purposes": lambda s, a: s.usable_purposes(a),
    "verify_audit": lambda s, a: s.verify_audit(a),
    "withdraw_judgement": lambda s, a: s.withdraw_judgement("j1", "x", a),
}


def _walked(store: Store, actor: Actor) -> Any:
    """A walk decides when it starts: one step of it, as a caller takes them."""
    with store.walk(actor, ["p1"]) as walk:
        return walk.fetch({"p1"})


def public_methods() -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(Store)
        if not name.startswith("_") and callable(member)
    }


def test_every_public_method_has_a_recipe_or_a_stated_exemption() -> None:
    assert public_methods() - set(EXEMPT) == set(RECIPES)


@pytest.fixture
def prepared(store: Store) -> Store:
    register(store, make_dataset("brp", purposes=("riec_casus",)))
    load(store, make_entity("p1", "brp", name="Jan"), dataset="brp")
    store._execute(
        "INSERT INTO api_tokens (id, username, digest, label, created_at, created_by, "
        "expires_at) VALUES ('t-of-another', ?, 'x', 'x', now(), 'x', now())",
        (admin(store).user,),
    )
    store.add_account(admin(store), person())
    return store


@pytest.mark.parametrize("method", sorted(RECIPES))
def test_an_actor_the_store_did_not_authenticate_is_refused(prepared: Store, method: str) -> None:
    real = make_actor(prepared, *Role, purpose="riec_casus", case="C-1")
    forged = Actor(**real.model_dump(exclude={"session"}), session="forged")
    with pytest.raises(NotAuthenticatedError):
        RECIPES[method](prepared, forged)


# Methods that every authenticated actor may call: which purposes it may use (perhaps none),
# and the resolution settings in force (every person, and the resolution job, may read them).
OPEN_TO_EVERY_ACCOUNT = {"usable_purposes", "resolution_settings"}
WRITTEN_BY_THE_JOB = {"apply_canonical_ids", "read_canonical_ids"}


@pytest.mark.parametrize("method", sorted(set(RECIPES) - OPEN_TO_EVERY_ACCOUNT))
def test_an_actor_the_policy_does_not_allow_is_refused(prepared: Store, method: str) -> None:
    # A system job stating no purpose holds no role: no policy lets it do any of these, but
    # write (and read back) canonical ids — which no person may do.
    job = prepared.system_actor(Job.RESOLVE, admin(prepared))
    refused = admin(prepared) if method in WRITTEN_BY_THE_JOB else job
    with pytest.raises(AccessDeniedError):
        RECIPES[method](prepared, refused)
