"""When a fact became known: own dates, dates inherited from the delivery row, and as_of."""

from datetime import date

from tests.signals.statements import record, table
from verweven.signals.timeline import fact_dates, known_at


def police_incident() -> list[list[dict[str, str]]]:
    return [
        record("pol-addr", "Address", "politie", full="Kerkstraat 12"),
        record("pol-p", "Person", "politie", name="X", birthDate="1980-02-03"),
        record(
            "inc", "Event", "politie", date="2025-05-27", addressEntity="pol-addr", involved="pol-p"
        ),
        record("bag-addr", "Address", "bag", full="Kerkstraat 12"),
    ]


def test_a_record_of_a_dated_delivery_row_is_known_from_that_row() -> None:
    dates = fact_dates(table(*police_incident()))
    assert dates["inc"] == dates["pol-addr"] == dates["pol-p"] == "2025-05-27"
    assert "bag-addr" not in dates


def test_a_year_alone_counts_from_its_first_day() -> None:
    rows = record("c1", "CourtCase", "om", name="x", closeDate="2021")
    assert fact_dates(table(rows)) == {"c1": "2021-01-01"}


def test_before_the_incident_only_the_register_address_exists() -> None:
    seen = known_at(table(*police_incident()), date(2025, 5, 1))
    assert set(seen.column("entity_id").to_pylist()) == {"bag-addr"}
    after = known_at(table(*police_incident()), date(2025, 6, 1))
    assert len(set(after.column("entity_id").to_pylist())) == 4
