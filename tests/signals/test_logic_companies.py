"""Company and straw-man signals: a hit and a non-hit each, on hand-made statements."""

from tests.signals.statements import (
    Rows,
    company,
    conviction,
    hits_of,
    officer,
    person,
    record,
    vehicle,
)


def straw_man_records(companies: int, vehicles: int) -> list[Rows]:
    records: list[Rows] = [person("p1", name="Jan de Vries")]
    for i in range(companies):
        records += [company(f"c{i}"), officer(f"d{i}", "p1", f"c{i}", startDate="2024-01-01")]
    records += [vehicle(f"V{i}", "p1") for i in range(vehicles)]
    return records


def test_straw_man_flags_a_person_with_many_companies_and_vehicles() -> None:
    [hit] = hits_of("straw_man", *straw_man_records(companies=4, vehicles=5))
    assert (hit.entity_id, hit.score) == ("p1", 9)
    assert hit.sentence.startswith("Jan de Vries is bestuurder, eigenaar of aandeelhouder van 4")


def test_straw_man_ignores_ended_roles() -> None:
    records = straw_man_records(companies=0, vehicles=5)
    for i in range(4):
        records += [company(f"c{i}"), officer(f"d{i}", "p1", f"c{i}", endDate="2025-01-01")]
    assert hits_of("straw_man", *records) == []


def facade(sector: str, category: str) -> list[Rows]:
    return [
        company("c1", sector=sector, name="Kapsalon Zon"),
        person("p1"),
        officer("d1", "p1", "c1", startDate="2023-01-01"),
        conviction("p1", "1", category, "Handel in harddrugs"),
    ]


def test_cash_business_with_convicted_owner_is_flagged() -> None:
    [hit] = hits_of("cash_business_convicted_owner", *facade("96021", "Opiumwet"))
    assert hit.entity_id == "c1"
    assert "handel in harddrugs" in hit.sentence


def test_cash_business_with_traffic_conviction_is_not_flagged() -> None:
    assert hits_of("cash_business_convicted_owner", *facade("96021", "verkeer")) == []


def test_care_company_with_fraud_conviction_is_flagged() -> None:
    [hit] = hits_of("care_company_convicted_owner", *facade("88101", "fraude"))
    assert hit.entity_id == "c1"


def test_non_care_company_is_not_a_care_hit() -> None:
    assert hits_of("care_company_convicted_owner", *facade("96021", "fraude")) == []


def directors(starts: list[str]) -> list[Rows]:
    records: list[Rows] = [company("c1")]
    for i, start in enumerate(starts):
        records += [person(f"p{i}"), officer(f"d{i}", f"p{i}", "c1", startDate=start)]
    return records


def test_rapid_director_changes_are_flagged() -> None:
    starts = ["2025-01-01", "2025-04-01", "2025-08-01", "2026-01-01", "2026-05-01"]
    [hit] = hits_of("rapid_director_changes", *directors(starts))
    assert (hit.entity_id, hit.score) == ("c1", 5)


def test_directors_appointed_over_many_years_are_not_flagged() -> None:
    starts = ["2010-01-01", "2014-04-01", "2018-08-01", "2022-01-01", "2026-05-01"]
    assert hits_of("rapid_director_changes", *directors(starts)) == []


def bibob_case(declare_holding: bool) -> list[Rows]:
    records: list[Rows] = [
        company("app", name="Restaurant Waal B.V."),
        company("hold", name="Waal Investments B.V."),
        person("dir"),
        person("fin"),
        record("lic", "License", "gemeente_bibob_aanvragen", type="Exploitatievergunning horeca"),
        record(
            "ask",
            "UnknownLink",
            "gemeente_bibob_aanvragen",
            subject="app",
            object="lic",
            date="2026-08-01",
        ),
        record(
            "decl", "Directorship", "gemeente_bibob_aanvragen", director="dir", organization="app"
        ),
        officer("kvk-d", "dir", "app", startDate="2026-01-01"),
        officer("kvk-o", "hold", "app", schema="Ownership", startDate="2026-01-01"),
        officer("kvk-h", "fin", "hold", startDate="2015-01-01"),
        conviction("fin", "9", "witwassen", "Witwassen"),
    ]
    if declare_holding:
        records.append(
            record("fin-decl", "Debt", "gemeente_bibob_aanvragen", debtor="app", creditor="hold")
        )
    return records


def test_applicant_two_ties_from_a_convicted_person_is_flagged() -> None:
    [hit] = hits_of("proximity_to_convicted", *bibob_case(declare_holding=False))
    assert (hit.entity_id, hit.score) == ("app", 0.5)
    assert "veroordeeld" in hit.sentence


def test_applicant_far_from_convicted_persons_is_not_flagged() -> None:
    records: list[Rows] = [
        r for r in bibob_case(declare_holding=False) if r[0]["entity_id"] != "kvk-h"
    ]
    assert hits_of("proximity_to_convicted", *records) == []


def test_shareholder_missing_from_the_questionnaire_is_flagged() -> None:
    [hit] = hits_of("undeclared_controller", *bibob_case(declare_holding=False))
    assert (hit.entity_id, hit.score) == ("app", 1)


def test_questionnaire_naming_everyone_is_not_flagged() -> None:
    assert hits_of("undeclared_controller", *bibob_case(declare_holding=True)) == []
