"""The region's areas: municipalities (GM), districts (WK) and neighbourhoods (BU) with polygons.

Areas are rectangles in Rijksdriehoek metres that tile each other (neighbourhoods tile their
district, districts their municipality), laid out as a treemap so their sizes follow population.
GeoJSON files carry them in WGS84, as CBS's "wijk- en buurtkaart" does.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verweven.synth.reference import load_yaml
from verweven.synth.streams import make_rng

Box = tuple[float, float, float, float]  # x_min, y_min, x_max, y_max (RD metres)


@dataclass(frozen=True)
class Municipality:
    """A municipality: 4-digit code, name, cadastral municipality code and its places."""

    code4: str
    name: str
    cadastral: str
    places: tuple[str, ...]
    box: Box

    @property
    def code(self) -> str:
        """The CBS code, ``GM2001``."""
        return f"GM{self.code4}"


@dataclass(frozen=True)
class District:
    """A district (wijk)."""

    code: str
    name: str
    municipality: Municipality
    box: Box


@dataclass(frozen=True)
class Neighbourhood:
    """A neighbourhood (buurt): the unit the region is generated in, one chunk at a time."""

    index: int
    code: str
    name: str
    district: District
    place: str
    box: Box
    persons: int
    postcode4: int
    section: str  # cadastral section

    @property
    def municipality(self) -> Municipality:
        """The municipality the neighbourhood lies in."""
        return self.district.municipality


@dataclass(frozen=True)
class Geography:
    """All areas of a region, in code order."""

    year: int
    municipalities: tuple[Municipality, ...]
    districts: tuple[District, ...]
    neighbourhoods: tuple[Neighbourhood, ...]


def split_box(box: Box, weights: list[float]) -> list[Box]:
    """Tile ``box`` with one rectangle per weight, areas proportional to the weights."""
    if len(weights) == 1:
        return [box]
    total, running, cut = sum(weights), 0.0, 1
    for cut in range(1, len(weights)):
        running += weights[cut - 1]
        if running >= total / 2:
            break
    share = sum(weights[:cut]) / total
    x0, y0, x1, y1 = box
    if x1 - x0 >= y1 - y0:
        middle = x0 + (x1 - x0) * share
        first, second = (x0, y0, middle, y1), (middle, y0, x1, y1)
    else:
        middle = y0 + (y1 - y0) * share
        first, second = (x0, y0, x1, middle), (x0, middle, x1, y1)
    return split_box(first, weights[:cut]) + split_box(second, weights[cut:])


def allocate(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to ``weights`` that sum exactly to ``total`` (largest remainder)."""
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    counts = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def section_letters(index: int) -> str:
    """Cadastral section letters: A..Z, then AA, AB, ..."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def build_geography(persons: int, seed: int) -> Geography:
    """The areas of a region of ``persons`` inhabitants."""
    data = load_yaml("geography.yml")
    region = data["region"]
    rng = make_rng(seed, "geography")
    count = max(region["min_municipalities"], -(-persons // region["persons_per_municipality"]))
    rows = data["municipalities"][:count]
    boxes = split_box(tuple(region["rd_box"]), [float(row["weight"]) for row in rows])
    people = allocate(persons, [float(row["weight"]) for row in rows])
    municipalities: list[Municipality] = []
    districts: list[District] = []
    hoods: list[Neighbourhood] = []
    for number, (row, box) in enumerate(zip(rows, boxes, strict=True), start=1):
        code4 = f"{2000 + number:04d}"
        town = Municipality(code4, row["name"], row["cadastral"], tuple(row["places"]), box)
        municipalities.append(town)
        _build_districts(
            town, people[number - 1], region, data["area_names"], rng, districts, hoods
        )
    return Geography(region["year"], tuple(municipalities), tuple(districts), tuple(hoods))


def _build_districts(
    town: Municipality,
    persons: int,
    region: dict[str, Any],
    names: list[str],
    rng: random.Random,
    districts: list[District],
    hoods: list[Neighbourhood],
) -> None:
    n_hoods = max(2, round(persons / region["persons_per_neighbourhood"]))
    n_districts = max(1, -(-n_hoods // region["neighbourhoods_per_district"]))
    hood_weights = [rng.uniform(0.6, 1.4) for _ in range(n_hoods)]
    hood_people = allocate(persons, hood_weights)
    per_district = allocate(n_hoods, [1.0] * n_districts)
    district_boxes = split_box(town.box, [float(n) for n in per_district])
    first = 0
    for d, (size, dbox) in enumerate(zip(per_district, district_boxes, strict=True)):
        name = names[d % len(names)] if d else town.name
        district = District(f"WK{town.code4}{d:02d}", f"Wijk {d:02d} {name}", town, dbox)
        districts.append(district)
        weights = hood_weights[first : first + size]
        for h, hbox in enumerate(split_box(dbox, weights)):
            local = first + h
            place = town.places[0] if local < 0.7 * n_hoods else town.places[-1]
            hoods.append(
                Neighbourhood(
                    index=len(hoods),
                    code=f"BU{town.code4}{d:02d}{h:02d}",
                    name=names[(d * 7 + h * 3) % len(names)],
                    district=district,
                    place=place,
                    box=hbox,
                    persons=hood_people[local],
                    postcode4=region["first_postcode"] + len(hoods),
                    section=section_letters(local),
                )
            )
        first += size


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """Rijksdriehoek (EPSG:28992) to WGS84 (lon, lat), with the usual polynomial approximation."""
    dx, dy = (x - 155000) * 1e-5, (y - 463000) * 1e-5
    lat_terms: tuple[tuple[int, int, float], ...] = (
        (0, 1, 3235.65389),
        (2, 0, -32.58297),
        (0, 2, -0.24750),
        (2, 1, -0.84978),
    )
    lat_terms += ((0, 3, -0.06550), (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530))
    lat_terms += ((2, 3, -0.00039), (4, 1, 0.00033), (1, 1, -0.00012))
    lon_terms: tuple[tuple[int, int, float], ...] = (
        (1, 0, 5260.52916),
        (1, 1, 105.94684),
        (1, 2, 2.45656),
        (3, 0, -0.81885),
    )
    lon_terms += ((1, 3, 0.05594), (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256))
    lon_terms += ((1, 4, 0.00128), (0, 2, 0.00022), (2, 0, -0.00022), (5, 0, 0.00026))
    lat = 52.15517440 + sum(c * dx**p * dy**q for p, q, c in lat_terms) / 3600
    lon = 5.38720621 + sum(c * dx**p * dy**q for p, q, c in lon_terms) / 3600
    return lon, lat


def _polygon(box: Box) -> list[list[list[float]]]:
    x0, y0, x1, y1 = box
    ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    points = [rd_to_wgs84(x, y) for x, y in ring]
    return [[[round(lon, 6), round(lat, 6)] for lon, lat in points]]


def _feature(properties: dict[str, Any], box: Box) -> dict[str, Any]:
    geometry = {"type": "Polygon", "coordinates": _polygon(box)}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write_geojson(geography: Geography, folder: Path) -> list[Path]:
    """Write gemeenten, wijken and buurten as GeoJSON FeatureCollections; return the paths."""
    year = geography.year
    layers = {
        "gemeenten": [
            _feature({"gemeentecode": m.code, "gemeentenaam": m.name, "jaar": year}, m.box)
            for m in geography.municipalities
        ],
        "wijken": [
            _feature(
                {
                    "wijkcode": d.code,
                    "wijknaam": d.name,
                    "gemeentecode": d.municipality.code,
                    "jaar": year,
                },
                d.box,
            )
            for d in geography.districts
        ],
        "buurten": [
            _feature(
                {
                    "buurtcode": n.code,
                    "buurtnaam": n.name,
                    "wijkcode": n.district.code,
                    "gemeentecode": n.municipality.code,
                    "jaar": year,
                },
                n.box,
            )
            for n in geography.neighbourhoods
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, features in layers.items():
        path = folder / f"{name}.geojson"
        collection = {"type": "FeatureCollection", "name": name, "features": features}
        path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
