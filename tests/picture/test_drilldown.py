"""The authorised drill-down behind a number, and the picture per quarter, on both backends."""

from pathlib import Path

import pytest

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register
from tests.picture.test_build import deliver, write_areas
from verweven.access import Role
from verweven.errors import AccessDeniedError, NotFoundError
from verweven.model import Sensitivity
from verweven.picture import load_areas
from verweven.picture.build import build_picture
from verweven.picture.drilldown import drill_down
from verweven.picture.facts import Granularity
from verweven.store import Store


def test_the_records_behind_a_number_are_those_counted_in_that_area_and_year(
    store: Store, tmp_path: Path
) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    behind = drill_down(store, analyst(store), areas, "hennepkwekerij", "BU20010000", "2026")
    assert [f.period for f in behind.facts] == ["2026"]
    [record] = behind.facts[0].records
    assert record.entity_id == "hk.kwekerij.1" and record.visible and record.schema == "Event"
    whole = drill_down(store, analyst(store), areas, "hennepkwekerij", "GM2001", "totaal")
    assert sorted(r.entity_id for f in whole.facts for r in f.records) == [
        "hk.kwekerij.0",
        "hk.kwekerij.1",
        "hk.kwekerij.2",
    ]
    assert not whole.unreadable and whole.hidden_records == 0


def test_the_drill_down_counts_what_the_picture_counts(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    picture = build_picture(store, analyst(store, purpose="ondermijningsbeeld", case=None), areas)
    [farms] = [t for t in picture.tables if t.indicator.id == "hennepkwekerij"]
    for (code, period), count in farms.counts.items():
        behind = drill_down(store, analyst(store), areas, "hennepkwekerij", code, period)
        assert len(behind.facts) == count, (code, period)


def test_the_aggregate_purpose_may_not_drill_down(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    reader = analyst(store, purpose="ondermijningsbeeld", case=None)
    with pytest.raises(AccessDeniedError, match="aggregates only"):
        drill_down(store, reader, areas, "hennepkwekerij", "GM2001", "totaal")


def test_a_secret_delivery_is_drilled_into_only_for_a_named_case(
    store: Store, tmp_path: Path
) -> None:
    beeld = ("riec_casus", "ondermijningsbeeld")
    register(store, make_dataset("bag_adressen", "gemeente_bag", beeld))
    secret = make_dataset("politie_hennepkwekerijen", "politie", beeld, Sensitivity.SECRET)
    register(store, secret)
    load(
        store,
        make_entity("bag.a1", "bag_adressen", "Address", postalCode="5000AA", region="BU20010000"),
        dataset="bag_adressen",
    )
    load(
        store,
        make_entity("hk.adres.0", "politie_hennepkwekerijen", "Address", postalCode="5000AA"),
        make_entity("hk.kwekerij.0", "politie_hennepkwekerijen", "Event", date="2026-04-01",
                    addressEntity="hk.adres.0"),
        dataset="politie_hennepkwekerijen",
    )  # fmt: skip
    areas = load_areas(write_areas(tmp_path / "geo"))
    without_case = drill_down(
        store, analyst(store, case=None), areas, "hennepkwekerij", "GM2001", "totaal"
    )
    assert without_case.facts == () and without_case.unreadable == ("politie_hennepkwekerijen",)
    assert without_case.undelivered == ()  # delivered, only not readable without a case
    with_case = drill_down(store, analyst(store), areas, "hennepkwekerij", "GM2001", "totaal")
    assert [r.entity_id for f in with_case.facts for r in f.records] == ["hk.kwekerij.0"]


def test_a_delivery_never_delivered_is_named_apart_from_one_not_readable(
    store: Store, tmp_path: Path
) -> None:
    # Overcrowding is counted from BRP and BAG; only BAG was delivered. The BRP delivery is
    # not "niet te lezen voor uw doel" (nothing the policy said) but "niet aangeleverd".
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    behind = drill_down(store, analyst(store), areas, "overbewoning", "GM2001", "stand")
    assert behind.undelivered == ("brp_verblijfplaatsen",)
    assert behind.unreadable == () and behind.facts == ()
    # A purpose the BAG delivery does not serve: BAG is not readable, BRP still not delivered.
    officer = make_actor(store, Role.BIBOB, purpose="bibob", case="BIBOB-1")
    other = drill_down(store, officer, areas, "overbewoning", "GM2001", "stand")
    assert other.unreadable == ("bag_adressen",)
    assert other.undelivered == ("brp_verblijfplaatsen",)


def test_every_drill_down_read_is_in_the_audit_log(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    reader = analyst(store)
    drill_down(store, reader, areas, "hennepkwekerij", "BU20010001", "2026")
    auditor = make_actor(store, Role.AUDITOR, purpose="toezicht")
    mine = [e for e in store.list_audit_events(auditor) if e.actor == reader.user]
    assert {e.action for e in mine} >= {"read_bulk", "read"}
    [entity_read] = [e for e in mine if e.target == "entities"]
    assert "hk.kwekerij.2" in store.audit_event_ids(auditor, entity_read.id)


def test_an_unknown_indicator_or_area_is_named(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    with pytest.raises(NotFoundError, match="hennepkwekerij"):
        drill_down(store, analyst(store), areas, "hennep", "GM2001", "totaal")
    with pytest.raises(NotFoundError, match="GM9999"):
        drill_down(store, analyst(store), areas, "hennepkwekerij", "GM9999", "totaal")


def test_the_picture_per_quarter(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    reader = analyst(store, purpose="ondermijningsbeeld", case=None)
    picture = build_picture(store, reader, areas, Granularity.KWARTAAL)
    [farms] = [t for t in picture.tables if t.indicator.id == "hennepkwekerij"]
    assert farms.periods == ("2025-K1", "2026-K1", "totaal")
    assert farms.counts[("GM2001", "2026-K1")] == 2
    assert farms.counts[("regio", "totaal")] == 3


@pytest.mark.parametrize(
    ("day", "quarter"),
    [("2025-01-01", "2025-K1"), ("2025-03-31", "2025-K1"), ("2025-04-01", "2025-K2"),
     ("2025-12-31", "2025-K4"), ("2025", ""), ("", "")],
)  # fmt: skip
def test_a_date_falls_in_its_quarter(day: str, quarter: str) -> None:
    assert Granularity.KWARTAAL.period(day) == quarter
    assert Granularity.JAAR.period(day) == day[:4]
