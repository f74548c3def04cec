"""Address and drugs signals: a hit and a non-hit each, on hand-made statements."""

from tests.signals.statements import (
    Rows,
    address,
    conviction,
    hits_of,
    person,
    record,
    residence,
)


def home(residents: int, area: int, use: str = "verblijfsobject: woonfunctie") -> list[Rows]:
    records = [
        address("a1", "Kerkstraat 12 , 5006AC Lindenbroek"),
        record("o1", "RealEstate", "bag", addressEntity="a1", area=area, propertyType=use),
    ]
    for i in range(residents):
        records += [person(f"p{i}"), residence(f"w{i}", f"p{i}", "a1", startDate="2026-01-01")]
    return records


def test_many_residents_on_a_small_floor_area_is_overcrowding() -> None:
    [hit] = hits_of("overcrowded_address", *home(residents=10, area=60))
    assert hit.entity_id == "a1"
    assert "10 personen ingeschreven op 60 m²" in hit.sentence
    assert hit.caption == "Kerkstraat 12, 5006AC Lindenbroek"


def test_a_big_family_in_a_big_house_is_not_overcrowding() -> None:
    assert hits_of("overcrowded_address", *home(residents=10, area=220)) == []


def park(residents: int) -> list[Rows]:
    records = home(residents, 40, "verblijfsobject: logiesfunctie")
    records += [
        record(
            f"chalet{i}",
            "RealEstate",
            "bag",
            addressEntity="a1",
            propertyType="verblijfsobject: logiesfunctie",
        )
        for i in range(5)
    ]
    return records


def test_permanent_residents_on_a_holiday_park_are_flagged() -> None:
    [hit] = hits_of("holiday_park_residence", *park(residents=8))
    assert (hit.entity_id, hit.score) == ("a1", 8)


def test_a_park_with_two_caretakers_is_not_flagged() -> None:
    assert hits_of("holiday_park_residence", *park(residents=2)) == []


def test_a_holiday_park_is_no_overcrowded_home() -> None:
    assert hits_of("overcrowded_address", *park(residents=8)) == []


def anomaly(category: str) -> list[Rows]:
    return [
        address("a1", "Kerkstraat 12 , 5006AC Lindenbroek"),
        address("grid-a", "Kerkstraat 12, 5006AC Lindenbroek", "netbeheerder"),
        record(
            "e1",
            "Event",
            "netbeheerder",
            name="Verbruik meer dan 3x verwacht",
            date="2026-03-01",
            addressEntity="grid-a",
        ),
        person("p1"),
        residence("w1", "p1", "a1", startDate="2025-01-01"),
        conviction("p1", "1", category, "Telen van hennep"),
    ]


def test_energy_anomaly_where_a_resident_has_a_drugs_conviction_is_flagged() -> None:
    [hit] = hits_of("energy_anomaly_drugs_record", *anomaly("Opiumwet"))
    assert hit.entity_id == "a1"
    assert "veroordeeld voor telen van hennep" in hit.sentence


def test_energy_anomaly_without_a_drugs_record_is_not_flagged() -> None:
    assert hits_of("energy_anomaly_drugs_record", *anomaly("verkeer")) == []


def dismantled_farm(on: str) -> list[Rows]:
    """The anomaly's address with a police record of a dismantled farm whose resident was p1."""
    records = anomaly("verkeer")
    farm = record(
        "farm1", "Event", "politie", name="Ontmanteling hennepkwekerij", date=on, involved="p1"
    )
    return [*records, farm]


def test_a_dismantling_after_the_anomaly_is_no_early_warning() -> None:
    assert hits_of("energy_anomaly_drugs_record", *dismantled_farm("2026-06-01")) == []


def test_a_dismantling_before_the_anomaly_is_a_drugs_record() -> None:
    [hit] = hits_of("energy_anomaly_drugs_record", *dismantled_farm("2025-06-01"))
    assert "bewoner van een Ontmanteling hennepkwekerij" in hit.sentence
    assert hit.known_on == "2026-03-01"


def test_a_resident_who_moves_in_after_the_anomaly_does_not_count() -> None:
    records = anomaly("Opiumwet")
    records[-2] = residence("w1", "p1", "a1", startDate="2026-05-01")
    assert hits_of("energy_anomaly_drugs_record", *records) == []
