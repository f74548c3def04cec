"""Each delivery is written the way its partner writes it: format, encoding, dates, quirks."""

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.synth.deliveries_reader import Region
from verweven.synth.catalog import DeliverySpec, delivery_specs, spec_named

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"
DATE_PATTERNS = {
    "jjjjmmdd": r"\d{8}",
    "dd-mm-jjjj": r"\d{2}-\d{2}-\d{4}",
    "jjjj-mm-dd": r"\d{4}-\d{2}-\d{2}",
    "dd/mm/jjjj": r"\d{2}/\d{2}/\d{4}",
}
TEXT_DATE_DELIVERIES = [
    s.name for s in delivery_specs() if s.format == "csv" and s.date_format in DATE_PATTERNS
]


@pytest.mark.parametrize("spec", delivery_specs(), ids=lambda spec: spec.name)
def test_docs_describe_every_delivery_and_column(spec: DeliverySpec) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"`{spec.filename}`" in text
    for column in spec.column_names:
        assert f"`{column}`" in text


def test_docs_describe_the_truth_files_and_manifest() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in ("records.csv", "typologies.csv", "protected.csv", "noise.csv", "manifest.json"):
        assert name in text


@pytest.mark.parametrize("delivery", TEXT_DATE_DELIVERIES)
def test_dates_are_in_the_delivery_format(region: Region, delivery: str) -> None:
    spec = spec_named(delivery)
    pattern = re.compile(DATE_PATTERNS[spec.date_format])
    date_columns = [c.name for c in spec.columns if c.type == "date"]
    for row in region.rows(spec):
        for column in date_columns:
            assert row[column] == "" or pattern.fullmatch(row[column]), (column, row[column])


def test_cp1252_deliveries_are_not_utf8(region: Region) -> None:
    path = region.path(spec_named("om_veroordelingen"))
    raw = path.read_bytes()
    assert b"\r\n" in raw
    raw.decode("cp1252")


def test_brp_starts_with_a_byte_order_mark(region: Region) -> None:
    assert region.path(spec_named("brp_personen")).read_bytes().startswith(b"\xef\xbb\xbf")


def test_rdw_is_comma_separated_without_dashes_in_plates(region: Region) -> None:
    path = region.path(spec_named("rdw_voertuigen"))
    assert (
        path.read_text(encoding="utf-8").splitlines()[0].startswith("tenaamstelling_id,kenteken,")
    )
    assert all("-" not in row["kenteken"] for row in region.rows_named("rdw_voertuigen"))


def test_kadaster_dates_are_date_cells(region: Region) -> None:
    rows = region.rows_named("kadaster_transacties")
    assert rows
    assert all(isinstance(row["datum_transactie"], datetime) for row in rows)
    assert all(isinstance(row["koopsom"], int) for row in rows)


def test_municipal_permits_have_text_dates_and_numeric_kvk_numbers(region: Region) -> None:
    rows = region.rows_named("gemeente_vergunningen")
    assert rows
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4}", row["datum_aanvraag"]) for row in rows)
    assert all(isinstance(row["kvk_nummer"], int) for row in rows if row["kvk_nummer"] is not None)


def test_xlsx_files_carry_no_timestamp_of_today(region: Region) -> None:
    with zipfile.ZipFile(region.path(spec_named("kadaster_eigendom"))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-10-01T00:00:00Z" in core


def test_json_lines_hold_nested_objects(region: Region) -> None:
    incident = region.rows_named("politie_incidenten")[0]
    assert set(incident["locatie"]) == {"straat", "huisnummer", "toevoeging", "postcode", "plaats"}
    assert all({"rol", "naam", "geboortedatum", "bsn"} == set(p) for p in incident["betrokkenen"])


def test_holiday_park_chalets_share_the_main_address(region: Region) -> None:
    rows = [r for r in region.rows_named("bag_adressen") if r["gebruiksdoel"] == "logiesfunctie"]
    per_address: dict[str, int] = {}
    for row in rows:
        per_address[row["nummeraanduiding_id"]] = per_address.get(row["nummeraanduiding_id"], 0) + 1
    assert per_address
    assert all(count >= 20 for count in per_address.values())


def test_geo_files_are_feature_collections_with_cbs_codes(region: Region) -> None:
    codes = {"gemeenten": r"GM\d{4}", "wijken": r"WK\d{6}", "buurten": r"BU\d{8}"}
    for layer, pattern in codes.items():
        data = json.loads((region.out / "geo" / f"{layer}.geojson").read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection"
        key = {"gemeenten": "gemeentecode", "wijken": "wijkcode", "buurten": "buurtcode"}[layer]
        for feature in data["features"]:
            assert re.fullmatch(pattern, feature["properties"][key])
            ring = feature["geometry"]["coordinates"][0]
            assert ring[0] == ring[-1]
            assert all(4.9 < lon < 6.0 and 51.2 < lat < 51.9 for lon, lat in ring)


def test_bag_buurtcodes_are_neighbourhoods_of_the_geo_file(region: Region) -> None:
    data = json.loads((region.out / "geo" / "buurten.geojson").read_text(encoding="utf-8"))
    codes = {feature["properties"]["buurtcode"] for feature in data["features"]}
    assert {row["buurtcode"] for row in region.rows_named("bag_adressen")} <= codes
