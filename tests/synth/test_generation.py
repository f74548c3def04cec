"""Building blocks of the region: areas, identifiers, writers."""

import random
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from verweven.model.identifiers import (
    is_valid_bsn,
    is_valid_ean18,
    is_valid_iban,
    is_valid_kenteken,
    is_valid_kvk,
    is_valid_rsin,
    is_valid_vestigingsnummer,
)
from verweven.synth.catalog import spec_named
from verweven.synth.geography import allocate, build_geography, rd_to_wgs84, split_box
from verweven.synth.idgen import Identifiers
from verweven.synth.streams import Permutation
from verweven.synth.writers import XlsxWriter


def test_permutation_is_a_bijection() -> None:
    permutation = Permutation(random.Random(3), 100, 997)
    assert sorted(permutation(i) for i in range(997)) == list(range(100, 1097))


def test_generated_identifiers_are_valid_and_unique() -> None:
    ids = Identifiers(seed=9)
    bsns = [ids.bsn() for _ in range(5000)]
    assert len(set(bsns)) == 5000 and all(map(is_valid_bsn, bsns))
    assert all(is_valid_rsin(ids.rsin()) for _ in range(200))
    assert all(is_valid_kvk(ids.kvk()) for _ in range(200))
    assert all(is_valid_vestigingsnummer(ids.vestigingsnummer()) for _ in range(200))
    assert all(is_valid_iban(ids.iban("RABO")) for _ in range(200))
    assert all(is_valid_ean18(ids.ean()) for _ in range(200))


def test_kentekens_are_valid_in_every_sidecode() -> None:
    ids = Identifiers(seed=9)
    plates = [ids.kenteken(sidecode) for sidecode in range(1, 15) for _ in range(300)]
    assert len(set(plates)) == len(plates)
    assert all(map(is_valid_kenteken, plates))


def test_bag_ids_start_with_the_municipality_and_type() -> None:
    ids = Identifiers(seed=9)
    first, second = ids.bag("2001", "01"), ids.bag("2001", "01")
    assert first[:6] == "200101" and len(first) == 16
    assert int(second) == int(first) + 1


def test_split_box_tiles_the_box_by_weight() -> None:
    boxes = split_box((0.0, 0.0, 100.0, 50.0), [1.0, 1.0, 2.0])
    areas = [(x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes]
    assert sum(areas) == 5000.0
    assert areas[2] == 2500.0


def test_allocate_sums_exactly() -> None:
    assert sum(allocate(1001, [0.3, 0.3, 0.4])) == 1001


def test_rd_to_wgs84_puts_amersfoort_at_its_origin() -> None:
    lon, lat = rd_to_wgs84(155000, 463000)
    assert (round(lon, 5), round(lat, 5)) == (5.38721, 52.15517)


def test_geography_has_cbs_codes_and_all_persons() -> None:
    geography = build_geography(50_000, seed=1)
    assert all(m.code.startswith("GM") and len(m.code) == 6 for m in geography.municipalities)
    assert all(n.code.startswith("BU") and len(n.code) == 10 for n in geography.neighbourhoods)
    assert sum(n.persons for n in geography.neighbourhoods) == 50_000
    assert len({n.postcode4 for n in geography.neighbourhoods}) == len(geography.neighbourhoods)


def test_xlsx_writer_output_opens_in_openpyxl(tmp_path: Path) -> None:
    spec = spec_named("gemeente_vergunningen")
    path = tmp_path / spec.filename
    writer = XlsxWriter(path, spec, date(2026, 10, 1), text_dates="dd-mm-jjjj")
    row = dict.fromkeys(spec.column_names)
    row.update(zaaknummer="Z/2026/000001", aanvrager="Café <De Brug> & Co", kvk_nummer=1234567)
    row.update(datum_aanvraag=date(2026, 3, 4), bibob_toets=True)
    writer.write(row)
    writer.close()
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [cell.value for cell in sheet[2]]
    assert values[0] == "Z/2026/000001"
    assert values[3] == "Café <De Brug> & Co"
    assert "04-03-2026" in values and "ja" in values and 1234567 in values
    with zipfile.ZipFile(path) as archive:
        assert "xl/worksheets/sheet1.xml" in archive.namelist()
