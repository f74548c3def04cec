"""The next period: a mutation in the first period's formats that plants displacement after
the planted cannabis farms and straw men, beside ordinary moves and new companies — and leaves
the first period's files exactly as they were."""

import hashlib
from pathlib import Path

import pytest

from tests.synth.conftest import make_region
from tests.synth.deliveries_reader import Region, read_rows
from verweven.synth import next_period
from verweven.synth.next_period import next_specs


def planted(region: Region) -> list[dict[str, str]]:
    rows = list(Region(region.out / "next").truth("displacements.csv"))
    return [row for row in rows if row["planted"] == "true"]


def test_every_cannabis_farm_and_straw_man_carries_on_in_the_next_period(region: Region) -> None:
    instances = {
        (row["typology"], row["instance"])
        for row in region.truth("typologies.csv")
        if row["typology"] in ("cannabis_farm", "straw_man")
    }
    rows = planted(region)
    assert {(row["typology"], row["instance"]) for row in rows} == instances
    kinds = {row["typology"]: row["kind"] for row in rows}
    assert kinds == {"cannabis_farm": "address", "straw_man": "company"}


def test_the_planted_person_is_the_tenant_or_the_straw_man_of_the_instance(region: Region) -> None:
    roles = {
        (row["instance"], row["true_id"]): row["role"] for row in region.truth("typologies.csv")
    }
    assert {roles[(row["instance"], row["true_id"])] for row in planted(region)} == {
        "tenant",
        "straw_man",
    }


def test_the_delivered_records_of_a_displacement_name_the_person(region: Region) -> None:
    mentions = Region(region.out / "next").truth("records.csv")
    named: dict[tuple[str, str], set[str]] = {}
    for row in mentions:
        named.setdefault((row["delivery"], row["record_id"]), set()).add(row["true_id"])
    for row in planted(region):
        records = [tuple(r.split(":", 1)) for r in row["record_ids"].split()]
        assert records
        assert all({row["true_id"], row["new_true_id"]} & named[r] for r in records)


def test_a_move_names_a_person_the_first_period_registered(region: Region) -> None:
    [spec] = [s for s in next_specs() if s.name == "brp_verblijfplaatsen"]
    moved = read_rows(region.out / "next" / "deliveries" / spec.filename, spec)
    known = {row["a_nummer"] for row in region.rows_named("brp_personen")}
    assert moved
    assert {row["a_nummer"] for row in moved} <= known


def test_ordinary_life_goes_on_beside_the_planted_displacement(region: Region) -> None:
    rows = list(Region(region.out / "next").truth("displacements.csv"))
    background = [row for row in rows if row["planted"] == "false"]
    assert {row["kind"] for row in background} == {"address", "company"}
    assert not {row["true_id"] for row in background} & {row["true_id"] for row in planted(region)}


def test_the_next_period_has_the_first_periods_columns(region: Region) -> None:
    for spec in next_specs():
        first = (region.out / "deliveries" / spec.filename).read_bytes().splitlines()[0]
        later = (region.out / "next" / "deliveries" / spec.filename).read_bytes().splitlines()[0]
        assert later == first


def test_the_first_period_is_the_same_bytes_without_the_next(
    region: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(next_period.NextPeriod, "write", lambda self, region, config: [])
    alone = make_region(tmp_path, seed=11)

    def digests(out: Path) -> dict[str, str]:
        return {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "manifest.json" and "next" not in p.parts
        }

    assert digests(alone.out) == digests(region.out)
