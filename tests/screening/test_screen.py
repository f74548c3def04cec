"""Screening an applicant: its circle under art. 3 lid 4 with the paths that prove it, the
questionnaire against the registers, the facts, and what a report file may hold."""

import pytest

from tests.factories import load, make_actor, make_dataset, make_entity, register
from verweven.access import Action, Actor, Role
from verweven.model import Sensitivity
from verweven.screening import (
    Category,
    Finding,
    Questionnaire,
    find_questionnaire,
    screen_applicant,
)
from verweven.store import Store

BIBOB = ("bibob", "riec_casus")


@pytest.fixture
def applied(store: Store) -> Store:
    """Horeca BV applies; its director is declared; a holding owns it, and the convicted man
    behind the holding is declared nowhere; a bank finances it by the applicant's word (on
    questionnaire Q-1)."""
    register(store, make_dataset("kvk", "kvk", BIBOB))
    register(store, make_dataset("bibob", "gemeente", BIBOB))
    register(store, make_dataset("om", "openbaar_ministerie", BIBOB, Sensitivity.SECRET))
    load(store,
         make_entity("a", "kvk", "Company", name="Horeca BV", registrationNumber="12345678"),
         make_entity("h", "kvk", "Company", name="Holding BV"),
         make_entity("d", "kvk", name="Dirk Voorman"),
         make_entity("f", "kvk", name="Frits Geldschieter"),
         make_entity("dir", "kvk", "Directorship", director="d", organization="a"),
         make_entity("own", "kvk", "Ownership", owner="h", asset="a", role="aandeelhouder"),
         make_entity("lead", "kvk", "Directorship", director="f", organization="h"),
         dataset="kvk")  # fmt: skip
    load(store,
         make_entity("b", "bibob", "LegalEntity", name="Bank NV"),
         make_entity("decl", "bibob", "Directorship", director="d", organization="a",
                     recordId="Q-1"),
         make_entity("loan", "bibob", "Debt", debtor="a", creditor="b", amount="80000",
                     recordId="Q-1"),
         dataset="bibob")  # fmt: skip
    load(store,
         make_entity("zaak", "om", "CourtCase", name="Witwassen"),
         make_entity("party", "om", "CourtCaseParty", party="f", case="zaak", role="veroordeelde"),
         dataset="om")  # fmt: skip
    return store


def officer(store: Store) -> Actor:
    return make_actor(store, Role.BIBOB, partner="gemeente", purpose="bibob", case="BIBOB-1")


def answers(store: Store, reference: str = "Q-1") -> Questionnaire:
    return find_questionnaire(store, officer(store), reference, ("bibob",))


def test_the_circle_holds_each_relation_with_its_path(applied: Store) -> None:
    result = screen_applicant(applied, officer(applied), "12345678", questionnaire=answers(applied))
    found = {(r.category, r.member.id, len(r.edges)) for r in result.circle}
    assert {
        (Category.LEIDINGGEVENDE, "d", 1),
        (Category.ZEGGENSCHAP, "h", 1),
        (Category.ZEGGENSCHAP, "f", 2),  # through the holding
        (Category.VERMOGENSVERSCHAFFER, "b", 1),
    } <= found
    [behind] = [r for r in result.circle if r.member.id == "f"]
    assert [e.kind for e in behind.edges] == ["Ownership", "Directorship"]
    assert behind.datasets == ("kvk",)


def test_the_registers_against_what_the_applicant_declared(applied: Store) -> None:
    result = screen_applicant(applied, officer(applied), "a", questionnaire=answers(applied))
    findings = {(c.member, c.category): c.finding for c in result.comparison}
    assert findings[("d", Category.LEIDINGGEVENDE)] is Finding.CONFIRMED
    assert findings[("f", Category.ZEGGENSCHAP)] is Finding.UNDECLARED
    assert findings[("h", Category.ZEGGENSCHAP)] is Finding.UNDECLARED
    assert findings[("b", Category.VERMOGENSVERSCHAFFER)] is Finding.UNSUPPORTED
    assert result.comparison[0].finding is Finding.UNDECLARED  # what matters comes first


def test_the_facts_and_the_first_reading(applied: Store) -> None:
    result = screen_applicant(applied, officer(applied), "a", questionnaire=answers(applied))
    [facts] = result.facts
    assert (facts.member, [e.kind for e in facts.facts]) == ("f", ["CourtCaseParty"])
    assert result.indication.startswith("aanwijzingen voor ernstig gevaar")


def test_a_report_file_leaves_out_what_may_not_leave_verweven(applied: Store) -> None:
    actor = officer(applied)
    result = screen_applicant(applied, actor, "a", questionnaire=answers(applied))
    written = result.for_export(applied.permitted_datasets(actor, Action.EXPORT))
    assert written.facts == () and written.withheld == {"om": 1}
    assert "om" not in written.consulted
    assert {r.member.id for r in written.circle} == {r.member.id for r in result.circle}


def test_a_clean_applicant_has_nothing_adverse(applied: Store) -> None:
    load(applied, make_entity("c", "kvk", "Company", name="Schoon BV"),
         make_entity("e", "kvk", name="Eerlijk"),
         make_entity("dir2", "kvk", "Directorship", director="e", organization="c"),
         dataset="kvk")  # fmt: skip
    result = screen_applicant(applied, officer(applied), "c", questionnaire=answers(applied))
    assert result.facts == ()
    assert (
        result.indication == "geen feiten gevonden, wel niet opgegeven relaties: vraag de aanvrager"
    )


@pytest.fixture
def applied_twice(applied: Store) -> Store:
    """Horeca BV applies again (questionnaire Q-2): now it declares Frits behind the holding
    and a new financier, but neither its director nor the bank."""
    load(applied,
         make_entity("g", "bibob", "LegalEntity", name="Geldbron BV"),
         make_entity("decl2", "bibob", "Ownership", owner="f", asset="a", role="aandeelhouder",
                     recordId="Q-2"),
         make_entity("loan2", "bibob", "Debt", debtor="a", creditor="g", amount="50000",
                     recordId="Q-2"),
         dataset="bibob")  # fmt: skip
    return applied


def test_each_file_is_compared_with_its_own_questionnaire(applied_twice: Store) -> None:
    first = screen_applicant(applied_twice, officer(applied_twice), "a",
                             questionnaire=answers(applied_twice, "Q-1"))  # fmt: skip
    second = screen_applicant(applied_twice, officer(applied_twice), "a",
                              questionnaire=answers(applied_twice, "Q-2"))  # fmt: skip
    found = [{(c.member, c.category): c.finding for c in s.comparison} for s in (first, second)]
    assert found[0][("d", Category.LEIDINGGEVENDE)] is Finding.CONFIRMED
    assert found[1][("d", Category.LEIDINGGEVENDE)] is Finding.UNDECLARED
    assert found[0][("b", Category.VERMOGENSVERSCHAFFER)] is Finding.UNSUPPORTED
    assert found[1][("g", Category.VERMOGENSVERSCHAFFER)] is Finding.UNSUPPORTED
    assert found[1][("f", Category.ZEGGENSCHAP)] is Finding.CONFIRMED  # declared and the KvK
    # Another file's answers are neither a declaration nor a register: not in this circle.
    assert "g" not in {r.member.id for r in first.circle}
    assert "b" not in {r.member.id for r in second.circle}
    assert ("g", Category.VERMOGENSVERSCHAFFER) not in found[0]


def test_without_a_delivered_questionnaire_nothing_is_compared(applied: Store) -> None:
    result = screen_applicant(applied, officer(applied), "a", questionnaire=answers(applied, "Q-9"))
    assert (result.questionnaire.reference, result.questionnaire.delivered) == ("Q-9", False)
    assert result.comparison == ()
    assert {r.member.id for r in result.circle} == {"d", "h", "f"}  # the registers only
