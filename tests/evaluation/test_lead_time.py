"""Lead time: a signal's moment against the first police/OM fact it did not itself rest on."""

from verweven.evaluation.lead_time import first_other_fact, lead_days, record_key

FACTS = [
    ("2021-03-01", ("om_veroordelingen", "7")),
    ("2025-05-27", ("politie_hennepkwekerijen", "HK-1")),
]


def test_the_signals_own_evidence_is_no_police_discovery() -> None:
    evidence = {record_key("om_veroordelingen", "om_veroordelingen.case.7")}
    assert first_other_fact(FACTS, evidence) == "2025-05-27"


def test_an_older_police_record_the_signal_did_not_use_comes_first() -> None:
    assert first_other_fact(FACTS, set()) == "2021-03-01"


def test_lead_days_are_positive_before_and_negative_after_the_police() -> None:
    assert lead_days("2025-05-27", "2025-03-28") == 60
    assert lead_days("2025-05-27", "2025-06-01") == -5


def test_the_record_key_drops_role_and_list_index() -> None:
    assert record_key("politie_incidenten", "politie_incidenten.involved.PL-1/2") == (
        "politie_incidenten",
        "PL-1",
    )
