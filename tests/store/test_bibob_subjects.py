"""Bibob files reach data-subject requests and retention (on both backends): the applicant
and the members of its circle find the file in their report, in the form art. 28 Wet Bibob
allows; a purge of their records is noted on the file; a file past its own retention period
is removed."""

import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from tests.cases.test_retention import deliver, own_store
from tests.factories import admin, make_actor, make_dataset, register
from tests.factories import make_entity as entity
from verweven.access import Actor, Role
from verweven.errors import AccessDeniedError, NotFoundError
from verweven.model import DateKind, Instrument, Outcome
from verweven.reports.subject import subject_html, subject_json
from verweven.store import Store
from verweven.store.rows import utc_now

REF = "BIBOB-2026-21"
LONG_AGO = utc_now() - timedelta(days=800)
__all__ = ["own_store"]  # the fixture: a database of its own, since a purge compacts


def officer(store: Store) -> Actor:
    return make_actor(store, Role.BIBOB, partner="gemeente", purpose="bibob", case=REF)


def fg(store: Store) -> Actor:
    return make_actor(store, Role.AUDITOR, purpose="rechten_betrokkene")


def open_file(store: Store, applicant: str, members: list[tuple[str, str]]) -> Actor:
    actor = officer(store)
    store.open_bibob_file(
        actor,
        "burgemeester van Venlo",
        Instrument.VERGUNNING,
        "exploitatievergunning horeca",
        applicant,
        date(2026, 9, 1),
        "VL-1",
    )
    store.record_bibob_circle(actor, members)
    store.record_lbb_answer(actor, "p-fin", True, date(2026, 9, 2), date(2026, 9, 3))
    return actor  # fmt: skip


@pytest.fixture
def kept(store: Store) -> Store:
    """Horeca BV applies; Frits finances it; Piet is in no file."""
    register(store, make_dataset("kvk", "kvk", ("bibob", "riec_casus")))
    deliver(store, "kvk", utc_now(), entity("c-app", "kvk", "Company", name="Horeca BV"),
            entity("p-fin", "kvk", name="Frits Geldschieter"),
            entity("p-other", "kvk", name="Piet Bakker"))  # fmt: skip
    actor = open_file(store, "c-app", [("p-fin", "vermogensverschaffer")])
    store.decide_bibob_file(actor, Outcome.WEIGEREN, "ernstig gevaar (grond a): verzwegen")
    return store


def test_the_applicant_sees_its_request_and_the_decision_not_the_findings(kept: Store) -> None:
    report = kept.export_subject(fg(kept), "c-app")
    [entry] = report.bibob_files
    assert (entry["file"], entry["role"], entry["instrument"]) == (REF, "aanvrager", "vergunning")
    assert [d["outcome"] for d in entry["decisions"]] == ["weigeren"]
    text = subject_json(report)
    assert "verzwegen" not in text and "Frits" not in text  # no reasons, no circle
    assert "art. 28 Wet Bibob" in entry["withheld"]
    assert 'id="bibob"' in subject_html(report) and REF in subject_html(report)


def test_a_member_learns_only_that_a_body_processed_its_data(kept: Store) -> None:
    report = kept.export_subject(fg(kept), "p-fin")
    [entry] = report.bibob_files
    assert entry["role"] == "kring" and entry["authority"] == "burgemeester van Venlo"
    assert set(entry) == {"file", "authority", "legal_basis", "opened_at", "role", "withheld"}
    text = json.dumps(report.bibob_files, default=str)
    for secret in ("Horeca", "c-app", "vermogensverschaffer", "weigeren", "hit", "horeca"):
        assert secret not in text  # the applicant, the role, the decision, the LBB's answer


def test_a_person_in_no_file_has_none(kept: Store) -> None:
    assert kept.export_subject(fg(kept), "p-other").bibob_files == []


def test_the_circle_is_recorded_once_per_member_and_category(kept: Store) -> None:
    actor = officer(kept)
    assert kept.record_bibob_circle(actor, [("p-fin", "vermogensverschaffer")]) == 0
    assert kept.record_bibob_circle(actor, [("p-fin", "zeggenschap")]) == 1
    members = kept.get_bibob_file(actor).members
    assert [(m.entity_id, m.category) for m in members] == [
        ("p-fin", "vermogensverschaffer"), ("p-fin", "zeggenschap")
    ]  # fmt: skip


@pytest.fixture
def expiring(own_store: Store) -> Iterator[Store]:
    """The applicant and its financier were delivered 800 days ago by a delivery kept 730."""
    store = own_store
    kvk = make_dataset("kvk", "kvk", ("bibob", "riec_casus"))
    register(store, kvk.model_copy(update={"retention_days": 730}))
    register(store, make_dataset("brp", "gemeente", ("bibob", "riec_casus")))
    deliver(store, "kvk", LONG_AGO, entity("c-app", "kvk", "Company", name="Horeca BV"),
            entity("p-fin", "kvk", name="Frits Geldschieter"))  # fmt: skip
    deliver(store, "brp", utc_now(), entity("p-brp", "brp", name="Dirk Voorman"))
    open_file(store, "c-app", [("p-fin", "vermogensverschaffer"), ("p-brp", "leidinggevende")])
    yield store


def test_a_purge_of_the_applicants_records_is_noted_on_the_file(expiring: Store) -> None:
    [report] = [r for r in expiring.purge_expired(admin(expiring)) if r.dataset == "kvk"]
    assert report.bibob_subjects == 2  # the applicant; the financier (member and LBB answer)
    file = expiring.get_bibob_file(officer(expiring))
    assert file.current_applicant is None and file.applicant.startswith("#")
    assert {(p.dataset, p.records, p.removed) for p in file.purges} == {("kvk", 1, True)}
    assert [m.entity_id for m in file.members] == ["p-brp"]  # the removed member left
    held = expiring._fetchall(
        "SELECT applicant FROM bibob_files UNION ALL SELECT entity_id FROM bibob_file_members "
        "UNION ALL SELECT entity_id FROM bibob_lbb_answers "
        "UNION ALL SELECT subject FROM bibob_file_purges"
    )
    assert not {"c-app", "p-fin"} & {row[0] for row in held}  # named by digest only
    assert [d.kind for d in file.dates] == [DateKind.ONTVANGEN]  # the file itself stays
    with pytest.raises(NotFoundError, match="retention removed"):
        from verweven.services.bibob import screen_file

        screen_file(expiring, officer(expiring))


def test_a_file_past_its_own_period_is_removed_and_audited(kept: Store) -> None:
    assert kept.purge_expired_bibob_files(admin(kept)) == []  # written to today
    later = utc_now() + timedelta(days=5 * 365 + 1)
    assert kept.purge_expired_bibob_files(admin(kept), later) == [REF]
    with pytest.raises(NotFoundError):
        kept.get_bibob_file(officer(kept))
    assert kept._fetchall("SELECT count(*) FROM bibob_file_members")[0][0] == 0
    auditor = make_actor(kept, Role.AUDITOR, purpose="toezicht")
    [event] = [e for e in kept.list_audit_events(auditor) if e.action == "purge"]
    assert event.target == f"bibob file {REF}" and "bewaartermijn" in event.detail
    assert kept.export_subject(fg(kept), "c-app").bibob_files == []


def test_only_the_operator_removes_expired_files(kept: Store) -> None:
    with pytest.raises(AccessDeniedError):
        kept.purge_expired_bibob_files(officer(kept))
