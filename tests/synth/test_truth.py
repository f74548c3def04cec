"""truth/records.csv names the real entity behind every delivered record."""

from collections import Counter, defaultdict

import pytest

from tests.synth.deliveries_reader import Region
from verweven.synth.catalog import delivery_specs

DELIVERIES = [spec.name for spec in delivery_specs()]
SCHEMA_PREFIX = {"Person": "P", "Company": "C", "Address": "A", "RealEstate": "R"}
SCHEMA_PREFIX |= {"Vehicle": "V", "BankAccount": "B"}


@pytest.mark.parametrize("delivery", DELIVERIES)
def test_truth_covers_every_record_of_every_delivery(region: Region, delivery: str) -> None:
    spec = next(s for s in delivery_specs() if s.name == delivery)
    delivered = {str(row[spec.record_id]) for row in region.rows(spec)}
    known = {row["record_id"] for row in region.truth("records.csv") if row["delivery"] == delivery}
    assert delivered
    assert delivered == known


@pytest.mark.parametrize("delivery", DELIVERIES)
def test_record_ids_repeat_only_as_planted_duplicate_rows(region: Region, delivery: str) -> None:
    spec = next(s for s in delivery_specs() if s.name == delivery)
    counts = Counter(str(row[spec.record_id]) for row in region.rows(spec))
    repeated = {record_id: n - 1 for record_id, n in counts.items() if n > 1}
    planted = Counter(
        e["record_id"]
        for e in region.truth("noise.csv")
        if e["delivery"] == delivery and e["kind"] == "duplicate_row"
    )
    assert repeated == dict(planted)


def test_true_ids_have_the_prefix_of_their_schema(region: Region) -> None:
    wrong = [
        row
        for row in region.truth("records.csv")
        if not row["true_id"].startswith(SCHEMA_PREFIX[row["schema"]])
    ]
    assert wrong == []


def test_mentions_of_one_record_have_distinct_roles(region: Region) -> None:
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in region.truth("records.csv"):
        roles[(row["delivery"], row["record_id"])][row["role"]] += 1
    assert all(count == 1 for counter in roles.values() for count in counter.values())


def test_every_person_has_protected_attributes(region: Region) -> None:
    persons = {
        row["true_id"] for row in region.truth("records.csv") if row["delivery"] == "brp_personen"
    }
    protected = {row["true_id"] for row in region.truth("protected.csv")}
    assert persons == protected
    assert len(persons) == region.manifest()["counts"]["persons"]
