"""Every typology and decoy is planted several times, and its evidence is in the deliveries."""

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.synth.conftest import make_region
from tests.synth.deliveries_reader import Region
from verweven.synth.typologies import decoy_names, definitions, typology_names


def _members(region: Region) -> list[dict[str, str]]:
    return region.truth("typologies.csv")


def _kind(instance: str) -> str:
    return instance.rsplit("-", 1)[0]


def _role_spec(kind: str, role: str) -> dict[str, Any]:
    defs = definitions()
    group = defs["typologies"] if kind in defs["typologies"] else defs["decoys"]
    spec: dict[str, Any] = group[kind]["roles"][role]
    return spec


def _mentioned_in(region: Region) -> dict[str, set[str]]:
    deliveries: dict[str, set[str]] = defaultdict(set)
    for row in region.truth("records.csv"):
        deliveries[row["true_id"]].add(row["delivery"])
    return deliveries


def test_there_are_ten_typologies_and_four_decoys() -> None:
    assert len(typology_names()) == 10
    assert decoy_names() == ["big_family", "legit_landlord", "honest_barber", "property_developer"]


@pytest.mark.parametrize("kind", typology_names() + decoy_names())
def test_each_typology_and_decoy_has_at_least_three_instances(region: Region, kind: str) -> None:
    instances = {m["instance"] for m in _members(region) if _kind(m["instance"]) == kind}
    assert len(instances) >= 3


@pytest.mark.parametrize("kind", typology_names() + decoy_names())
def test_each_instance_has_every_role_of_its_definition(region: Region, kind: str) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for member in _members(region):
        if _kind(member["instance"]) == kind:
            roles[member["instance"]].add(member["role"])
    group = "typologies" if kind in typology_names() else "decoys"
    expected = set(definitions()[group][kind]["roles"])
    assert roles
    assert all(found == expected for found in roles.values())


def test_decoys_are_marked_and_name_the_typology_they_resemble(region: Region) -> None:
    for member in _members(region):
        kind = _kind(member["instance"])
        if kind in decoy_names():
            assert member["decoy"] == "true"
            assert member["typology"] == definitions()["decoys"][kind]["looks_like"]
        else:
            assert member["decoy"] == "false"
            assert member["typology"] == kind


def _missing_evidence(region: Region, kinds: list[str]) -> list[tuple[str, ...]]:
    mentioned = _mentioned_in(region)
    missing = []
    for member in _members(region):
        kind = _kind(member["instance"])
        if kind not in kinds:
            continue
        spec = _role_spec(kind, member["role"])
        for delivery in spec["evidence"]:
            if delivery not in mentioned[member["true_id"]]:
                missing.append((member["instance"], member["role"], member["true_id"], delivery))
        for delivery in spec.get("absent_from", []):
            if delivery in mentioned[member["true_id"]]:
                missing.append((member["instance"], member["role"], "named in", delivery))
    return missing


@pytest.mark.parametrize("kind", typology_names() + decoy_names())
def test_planted_evidence_is_in_the_deliveries(region: Region, kind: str) -> None:
    assert _missing_evidence(region, [kind]) == []


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_planted_evidence_holds_for_other_seeds(tmp_path: Path, seed: int) -> None:
    region = make_region(tmp_path, seed=seed, persons=1_000)
    assert _missing_evidence(region, typology_names() + decoy_names()) == []


def test_overcrowded_addresses_have_ten_or_more_current_residents(region: Region) -> None:
    members = _members(region)
    addresses = {
        m["true_id"]
        for m in members
        if m["typology"] == "overcrowded_address" and m["role"] == "address"
    }
    current: dict[str, int] = defaultdict(int)
    records = {r["adreshistorie_id"]: r for r in region.rows_named("brp_verblijfplaatsen")}
    for mention in region.truth("records.csv"):
        at_address = (
            mention["delivery"] == "brp_verblijfplaatsen" and mention["true_id"] in addresses
        )
        if at_address and not records[mention["record_id"]]["datum_einde"]:
            current[mention["true_id"]] += 1
    assert addresses
    assert all(current[address] >= 10 for address in addresses)


def test_schema_of_each_member_matches_its_role(region: Region) -> None:
    for member in _members(region):
        assert member["schema"] == _role_spec(_kind(member["instance"]), member["role"])["schema"]
