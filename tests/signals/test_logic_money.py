"""Money and real-estate signals: a hit and a non-hit each, on hand-made statements."""

from tests.signals.statements import (
    Rows,
    address,
    company,
    hits_of,
    person,
    record,
    residence,
)


def fiu_report(number: str, kind: str, day: str, amount: float, who: str, **accounts: str) -> Rows:
    payment = record(
        f"pay{number}",
        "Payment",
        "fiu",
        purpose=f"{kind} (objectief): x",
        date=day,
        amount=amount,
        transactionNumber=number,
        **accounts,
    )
    report = record(f"rep{number}", "Event", "fiu", recordId=number, date=day)
    named = record(f"named{number}", "UnknownLink", "fiu", subject=who, object=f"rep{number}")
    return payment + report + named


def deposits(count: int) -> list[Rows]:
    records = [person("p1")]
    for i in range(count):
        day = f"2026-0{i + 1}-15"
        records.append(fiu_report(f"F{i}", "Contante storting", day, 12000.0, "p1"))
    return records


def test_repeated_cash_deposits_are_flagged() -> None:
    [hit] = hits_of("repeated_cash_deposits", *deposits(3))
    assert (hit.entity_id, hit.score) == ("p1", 3)
    assert "€ 36.000" in hit.sentence


def test_a_single_cash_deposit_is_not_flagged() -> None:
    assert hits_of("repeated_cash_deposits", *deposits(1)) == []


def mule(share: float) -> list[Rows]:
    records = [person("p1"), record("acc", "BankAccount", "fiu", iban="NL00BANK0123456789")]
    for i, day in enumerate(("2026-02-10", "2026-05-20")):
        records.append(
            fiu_report(f"in{i}", "Overboeking", day, 5000.0, "p1", beneficiaryAccount="acc")
        )
        records.append(
            fiu_report(f"out{i}", "Contante opname", day, 5000.0 * share, "p1", payerAccount="acc")
        )
    return records


def test_transfers_withdrawn_in_cash_at_once_make_a_money_mule() -> None:
    [hit] = hits_of("money_mule", *mule(share=0.9))
    assert (hit.entity_id, hit.score) == ("p1", 2)


def test_small_withdrawals_after_transfers_are_no_mule_pattern() -> None:
    assert hits_of("money_mule", *mule(share=0.2)) == []


def sale(number: str, day: str, price: int, buyer: str) -> Rows:
    estate = record(
        f"re{number}",
        "RealEstate",
        "kadaster",
        titleNumber="OBJ-1",
        address="Kerkstraat 12, 5006AC Lindenbroek",
    )
    title = record(
        f"t{number}",
        "Ownership",
        "kadaster",
        owner=buyer,
        asset=f"re{number}",
        startDate=day,
        sharesValue=price,
    )
    return estate + title


def test_resale_within_months_at_a_sharp_rise_is_an_abc_transaction() -> None:
    records = [
        person("b"),
        person("c"),
        sale("1", "2026-01-10", 300000, "b"),
        sale("2", "2026-04-10", 450000, "c"),
    ]
    [hit] = hits_of("abc_transaction", *records)
    assert (hit.entity_id, hit.score) == ("re2", 1.5)
    assert "90 dagen" in hit.sentence


def test_a_resale_after_years_is_no_abc_transaction() -> None:
    records = [
        person("b"),
        person("c"),
        sale("1", "2021-01-10", 300000, "b"),
        sale("2", "2026-04-10", 450000, "c"),
    ]
    assert hits_of("abc_transaction", *records) == []


def purchase(buyer: str, price: int, mortgage: int, day: str = "2025-03-01") -> Rows:
    return record(
        f"koop-{buyer}",
        "Payment",
        "kadaster",
        payer=buyer,
        amount=price,
        date=day,
        purpose=f"koopsom X 1 (hypotheek {mortgage})",
    )


def income(who: str, amount: int, assets: int) -> Rows:
    return record(
        f"ib-{who}",
        "Payment",
        "belastingdienst",
        beneficiary=who,
        amount=amount,
        date="2025",
        purpose=f"verzamelinkomen 2025; vermogen box 3: {assets}.00",
    )


def household(price: int, mortgage: int, earnings: int) -> list[Rows]:
    return [
        person("p1"),
        person("p2"),
        address("a1", "Laan 1, 5000AA Dorp"),
        residence("w1", "p1", "a1"),
        residence("w2", "p2", "a1"),
        purchase("p1", price, mortgage),
        income("p1", 20000, 0),
        income("p2", earnings, 0),
    ]


def test_a_cash_purchase_the_household_cannot_explain_is_flagged() -> None:
    [hit] = hits_of("unexplained_purchase", *household(400000, 0, earnings=10000))
    assert (hit.entity_id, round(hit.score, 1)) == ("p1", 13.3)
    assert "2 personen" in hit.sentence


def test_a_purchase_the_partners_income_explains_is_not_flagged() -> None:
    assert hits_of("unexplained_purchase", *household(400000, 0, earnings=60000)) == []


def company_purchase(founded: str) -> list[Rows]:
    return [company("c1", incorporationDate=founded), purchase("c1", 500000, 0, "2026-03-01")]


def test_a_company_buying_property_weeks_after_founding_is_flagged() -> None:
    [hit] = hits_of("fresh_company_buys_property", *company_purchase("2026-01-15"))
    assert hit.entity_id == "c1"
    assert "45 dagen later" in hit.sentence


def test_an_established_company_buying_property_is_not_flagged() -> None:
    assert hits_of("fresh_company_buys_property", *company_purchase("2005-01-15")) == []
