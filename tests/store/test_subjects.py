"""A data subject's request: everything held on one person, with source, basis, retention,
the signals that flagged it and who read it; restriction and rectification enforced."""

from datetime import datetime

import pytest

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register
from verweven.access import Role
from verweven.errors import AccessDeniedError, NotFoundError
from verweven.store import HitQuestion, SignalHitRecord, Store

BSN = "111222333"


@pytest.fixture
def held(store: Store) -> Store:
    register(store, make_dataset("brp", "gemeente", ("riec_casus", "bibob")))
    register(store, make_dataset("kvk", "kvk", ("riec_casus",)))
    load(store, make_entity("brp-1", "brp", name="Jan de Vries", idNumber=BSN,
                            birthDate="1970-03-12"), dataset="brp")  # fmt: skip
    load(store, make_entity("brp-2", "brp", name="Piet Bakker"), dataset="brp")
    load(store, make_entity("kvk-1", "kvk", "Company", name="Jan BV"), dataset="kvk")
    return store


def fg(store: Store) -> object:
    return make_actor(store, Role.AUDITOR, purpose="rechten_betrokkene")


def test_the_export_holds_every_value_with_source_basis_and_retention(held: Store) -> None:
    report = held.export_subject(fg(held), "brp-1")
    names = [v for v in report.values if v["property"] == "name"]
    assert [(v["value"], v["dataset"], v["partner"]) for v in names] == [
        ("Jan de Vries", "brp", "gemeente")
    ]
    assert names[0]["legal_basis"] == "art. 2:7 WGS" and names[0]["kept_until"] > "2030"
    assert all(v["record"] == "brp-1" for v in report.values)  # nobody else's data


def test_the_export_names_who_read_the_person_for_which_purpose(held: Store) -> None:
    reader = analyst(held)
    held.get_entity(reader, "brp-1")
    held.get_entity(reader, "brp-2")  # another person: not in brp-1's report
    held.read_statement_table(reader, ["Person"])  # a bulk read that held brp-1
    held.ask_hit(reader, HitQuestion(bsn=BSN))
    report = held.export_subject(fg(held), "brp-1")
    reads = [(r["who"], r["action"], r["purpose"], r["case"]) for r in report.reads]
    assert (reader.user, "read", "riec_casus", "CASE-1") in reads
    assert (reader.user, "read_bulk", "riec_casus", "CASE-1") in reads
    assert [q["asker"] for q in report.questions] == [reader.user]
    other = held.export_subject(fg(held), "kvk-1")
    assert all(r["action"] != "read" for r in other.reads)


def test_the_export_lists_the_signals_that_flagged_the_person(held: Store) -> None:
    reader = analyst(held)
    sentence = "Jan de Vries is bestuurder van 4 bedrijven"
    hit = SignalHitRecord("straw_man", 2, "brp-1", 4.0, sentence, ("s1",), ("brp",))
    held.record_signal_hits(reader, [hit], datetime(2026, 10, 1))
    [found] = held.export_subject(fg(held), "brp-1").signal_hits
    assert (found["signal_id"], found["sentence"]) == ("straw_man", hit.sentence)


def test_only_the_privacy_officer_exports_a_subject(held: Store) -> None:
    with pytest.raises(AccessDeniedError):
        held.export_subject(analyst(held), "brp-1")
    with pytest.raises(NotFoundError):
        held.export_subject(fg(held), "nobody")


def test_a_restriction_takes_the_person_out_of_every_read_until_lifted(held: Store) -> None:
    reader = analyst(held)
    held.decide_subject(fg(held), "brp-1", "restrict", "juistheid betwist (art. 18 AVG)")
    assert held.get_statements(reader, "brp-1") == []
    assert held.find_entities(reader, BSN) == []
    assert held.export_subject(fg(held), "brp-1").values  # the subject still sees its data
    held.decide_subject(fg(held), "brp-1", "lift", "onderzoek afgerond")
    assert held.get_statements(reader, "brp-1")


def test_a_rectification_replaces_the_value_in_every_read(held: Store) -> None:
    [wrong] = [s for s in held.get_statements(analyst(held), "brp-1") if s.prop == "birthDate"]
    held.decide_subject(fg(held), "brp-1", "rectify", "akte toont 13 maart", wrong.id, "1970-03-13")
    assert [s for s in held.get_statements(analyst(held), "brp-1") if s.prop == "birthDate"] == []
    [decision] = held.export_subject(fg(held), "brp-1").decisions
    assert (decision["kind"], decision["corrected_value"]) == ("rectify", "1970-03-13")
