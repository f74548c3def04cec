"""The whole synthetic region through its mapping files: what is refused is exactly the noise."""

import csv
import re
from pathlib import Path

import pytest

from verweven.ingest import IngestReport, ingest_path, load_mapping
from verweven.ingest.mapper import Mapper
from verweven.ingest.readers import Record
from verweven.store import Store, open_store
from verweven.synth import RegionConfig, generate_region, load_noise_rates

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "region"
INDEX = re.compile(r"\[\d+\]")


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("region") / "r"
    generate_region(RegionConfig(persons=2_000, seed=11, out=out, noise=load_noise_rates()))
    return out


@pytest.fixture(scope="module")
def ingested(
    region: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Store, list[IngestReport]]:
    store = open_store(str(tmp_path_factory.mktemp("store") / "region.duckdb"))
    reports = ingest_path(store, MAPPINGS, store.local_actor(), deliveries=region / "deliveries")
    return store, reports


def planted_invalid_values(region: Path) -> set[tuple[str, str, str]]:
    """(delivery, record id, column) of every noise event that makes a checked value invalid."""
    mappers = [Mapper(load_mapping(path)) for path in sorted(MAPPINGS.glob("*.yml"))]
    expected = set()
    with (region / "truth" / "noise.csv").open(encoding="utf-8") as handle:
        for event in csv.DictReader(handle):
            column = INDEX.sub("", event["field"])
            for mapper in mappers:
                spec = mapper.mapping.columns.get(column)
                if mapper.dataset != event["delivery"] or spec is None or not spec.validate_as:
                    continue
                values = {
                    mapper.mapping.record_id: event["record_id"],
                    column: event["noisy_value"],
                }
                if mapper.map_record(Record(0, values)).problems:
                    expected.add((event["delivery"], event["record_id"], column))
    return expected


def test_quarantine_is_exactly_the_planted_invalid_identifiers(
    region: Path, ingested: tuple[Store, list[IngestReport]]
) -> None:
    store, _ = ingested
    quarantined = {
        (q.dataset, q.record_id, q.field)
        for q in store.list_quarantine(store.local_actor().acting_for("gegevensbeheer"))
    }
    assert quarantined == planted_invalid_values(region)


def test_no_row_of_the_region_is_refused_whole(ingested: tuple[Store, list[IngestReport]]) -> None:
    _, reports = ingested
    assert {r.dataset: r.rows_quarantined for r in reports if r.rows_quarantined} == {}


def test_every_delivery_is_ingested(
    region: Path, ingested: tuple[Store, list[IngestReport]]
) -> None:
    _, reports = ingested
    delivered = {p.stem for p in (region / "deliveries").iterdir()}
    assert {r.dataset for r in reports} == delivered


def test_second_ingest_of_the_region_changes_no_statement(
    region: Path, ingested: tuple[Store, list[IngestReport]]
) -> None:
    store, _ = ingested
    owner = store.local_actor()
    before = store.count_statements(owner.acting_for("gegevensbeheer"))
    again = ingest_path(store, MAPPINGS, owner, deliveries=region / "deliveries")
    assert [r.statements_new for r in again] == [0] * len(again)
    assert store.count_statements(owner.acting_for("gegevensbeheer")) == before
