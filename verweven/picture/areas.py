"""The areas of a picture: gemeenten, wijken and buurten from CBS-style GeoJSON files.

The files are those of the CBS wijk- en buurtkaart (or the synthetic region's, which follow
them): ``gemeenten.geojson``, ``wijken.geojson`` and ``buurten.geojson`` with the properties
``gemeentecode``/``gemeentenaam``, ``wijkcode``/``wijknaam`` and ``buurtcode``/``buurtnaam``.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verweven.errors import InputError

REGION = "regio"
LEVELS = ("regio", "gemeente", "wijk", "buurt")
_FILES = {
    "gemeente": ("gemeenten.geojson", "gemeentecode", "gemeentenaam", None),
    "wijk": ("wijken.geojson", "wijkcode", "wijknaam", "gemeentecode"),
    "buurt": ("buurten.geojson", "buurtcode", "buurtnaam", "wijkcode"),
}
Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Area:
    """One area: its CBS code, name, level, the code of the area it lies in, and its outline
    (polygons of rings of lon/lat points; empty for the region itself)."""

    code: str
    name: str
    level: str
    parent: str | None
    polygons: tuple[tuple[Ring, ...], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Areas:
    """Every area of a region, the region itself first, then gemeenten, wijken, buurten."""

    region_name: str
    areas: tuple[Area, ...]

    def by_code(self) -> dict[str, Area]:
        """Code → area."""
        return {area.code: area for area in self.areas}

    def at(self, level: str) -> list[Area]:
        """The areas of one level, in code order."""
        return [area for area in self.areas if area.level == level]

    def within(self, gemeente: str) -> "Areas":
        """The region (for comparison), one gemeente and the wijken and buurten in it."""
        by_code = self.by_code()
        if by_code.get(gemeente, Area("", "", "", None)).level != "gemeente":
            raise InputError(f"no gemeente {gemeente!r} among the areas")
        wijken = {a.code for a in self.areas if a.parent == gemeente}
        kept = tuple(
            a for a in self.areas
            if a.level == REGION or a.code == gemeente or a.code in wijken or a.parent in wijken
        )  # fmt: skip
        return Areas(f"{by_code[gemeente].name} ({self.region_name})", kept)

    def children(self) -> dict[str, list[str]]:
        """Code → codes of the areas directly inside it (the sums the tables must respect)."""
        inside: dict[str, list[str]] = {area.code: [] for area in self.areas}
        for area in self.areas:
            if area.parent is not None:
                inside[area.parent].append(area.code)
        return inside


def _polygons(geometry: dict[str, Any]) -> tuple[tuple[Ring, ...], ...]:
    kind, coordinates = geometry["type"], geometry["coordinates"]
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    if not polygons:
        raise InputError(f"an area's geometry is a {kind}; only (Multi)Polygon can be drawn")
    return tuple(
        tuple([(float(x), float(y)) for x, y, *_ in ring] for ring in polygon)
        for polygon in polygons
    )


def load_areas(folder: Path, region_name: str = "Regio") -> Areas:
    """The areas in ``folder``'s three GeoJSON files; every wijk and buurt must lie in an
    area of the level above that the files also hold."""
    areas = [Area(REGION, region_name, REGION, None)]
    for level, (name, code_key, name_key, parent_key) in _FILES.items():
        path = folder / name
        if not path.exists():
            raise InputError(f"no {name} in {folder}: the picture needs the area boundaries")
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        for feature in sorted(features, key=lambda f: f["properties"][code_key]):
            props = feature["properties"]
            parent = props[parent_key] if parent_key else REGION
            areas.append(
                Area(
                    props[code_key], props[name_key], level, parent, _polygons(feature["geometry"])
                )
            )
    known = {area.code for area in areas}
    orphans = sorted(area.code for area in areas if area.parent and area.parent not in known)
    if orphans:
        raise InputError(f"areas outside any known area: {', '.join(orphans[:5])}")
    return Areas(region_name, tuple(areas))
