"""The picture is counted from what the purpose ondermijningsbeeld may read, on both backends."""

import json
from pathlib import Path

import pytest

from tests.factories import analyst, load, make_actor, make_dataset, make_entity, register
from verweven.access import Role
from verweven.errors import AccessDeniedError, InputError
from verweven.picture import load_areas
from verweven.picture.build import build_picture
from verweven.store import Store


def write_areas(folder: Path) -> Path:
    """One gemeente, one wijk, two buurten side by side."""

    def square(x: float) -> dict[str, object]:
        ring = [[x, 51.0], [x + 0.1, 51.0], [x + 0.1, 51.1], [x, 51.1], [x, 51.0]]
        return {"type": "Polygon", "coordinates": [ring]}

    files = {
        "gemeenten": [({"gemeentecode": "GM2001", "gemeentenaam": "Brakelveen"}, 5.0)],
        "wijken": [({"wijkcode": "WK200100", "wijknaam": "Wijk 00", "gemeentecode": "GM2001"},
                    5.0)],
        "buurten": [
            ({"buurtcode": "BU20010000", "buurtnaam": "Centrum", "wijkcode": "WK200100"}, 5.0),
            ({"buurtcode": "BU20010001", "buurtnaam": "Oost", "wijkcode": "WK200100"}, 5.1),
        ],
    }  # fmt: skip
    folder.mkdir(exist_ok=True)
    for name, features in files.items():
        collection = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": p, "geometry": square(x)} for p, x in features
            ],
        }
        (folder / f"{name}.geojson").write_text(json.dumps(collection), encoding="utf-8")
    return folder


def deliver(store: Store, farms_purposes: tuple[str, ...]) -> None:
    beeld = ("riec_casus", "ondermijningsbeeld")
    register(store, make_dataset("bag_adressen", "gemeente_bag", beeld))
    register(store, make_dataset("politie_hennepkwekerijen", "politie", farms_purposes))
    load(
        store,
        make_entity("bag.a1", "bag_adressen", "Address", postalCode="5000AA", region="BU20010000"),
        make_entity("bag.a2", "bag_adressen", "Address", postalCode="5001BB", region="BU20010001"),
        dataset="bag_adressen",
    )
    farms = []
    for i, (postcode, day) in enumerate(
        [("5000AA", "2025-03-01"), ("5000AA", "2026-01-09"), ("5001 BB", "2026-02-02")]
    ):
        farms.append(make_entity(f"hk.adres.{i}", "politie_hennepkwekerijen", "Address",
                                 postalCode=postcode))  # fmt: skip
        farms.append(make_entity(f"hk.kwekerij.{i}", "politie_hennepkwekerijen", "Event",
                                 date=day, addressEntity=f"hk.adres.{i}"))  # fmt: skip
    load(store, *farms, dataset="politie_hennepkwekerijen")


def test_farms_are_counted_per_buurt_wijk_gemeente_and_year(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"), "Testregio")
    reader = analyst(store, purpose="ondermijningsbeeld", case=None)
    picture = build_picture(store, reader, areas)
    [farms] = [t for t in picture.tables if t.indicator.id == "hennepkwekerij"]
    assert farms.periods == ("2025", "2026", "totaal")
    assert farms.counts[("BU20010000", "2026")] == 1
    assert farms.counts[("BU20010001", "2026")] == 1
    assert farms.counts[("WK200100", "2026")] == farms.counts[("GM2001", "2026")] == 2
    assert farms.counts[("regio", "totaal")] == 3


def test_a_delivery_not_shared_for_the_picture_is_not_counted(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus",))
    areas = load_areas(write_areas(tmp_path / "geo"))
    picture = build_picture(store, analyst(store, purpose="ondermijningsbeeld", case=None), areas)
    [farms] = [t for t in picture.tables if t.indicator.id == "hennepkwekerij"]
    assert sum(farms.counts.values()) == 0


def test_the_picture_is_read_only_for_its_purpose(store: Store, tmp_path: Path) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    with pytest.raises(InputError, match="ondermijningsbeeld"):
        build_picture(store, analyst(store), areas)


def test_a_role_that_may_not_draw_the_picture_is_refused_by_the_store(
    store: Store, tmp_path: Path
) -> None:
    deliver(store, ("riec_casus", "ondermijningsbeeld"))
    areas = load_areas(write_areas(tmp_path / "geo"))
    officer = make_actor(store, Role.BIBOB, purpose="ondermijningsbeeld")
    with pytest.raises(AccessDeniedError, match="ondermijningsbeeld"):
        build_picture(store, officer, areas)
