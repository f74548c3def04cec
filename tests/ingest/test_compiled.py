"""The compiled mapper writes exactly what the row-by-row mapper writes.

Both mappers map the same rows; their outcomes are compared record for record (refusals, value
problems, entity ids) and statement for statement, in order — which is what the import run
writes and quarantines, so equal outcomes are equal stores. The store-level comparison of a
whole region (statements and quarantine as stored, about 6 s) is the test at the end.
"""

from pathlib import Path

import pyarrow as pa
import pytest

from tests.ingest.corpus.cases import CASES, Case
from tests.ingest.corpus.generate import write_case
from verweven.errors import InputError
from verweven.ingest import compiled, ingest_path, load_mapping
from verweven.ingest.archive import unpacked
from verweven.ingest.compiled import CompiledMapper
from verweven.ingest.mapper import MappedRecord, Mapper
from verweven.ingest.mapping import MappingFile
from verweven.ingest.parallel import CHUNK_ROWS
from verweven.ingest.readers import iter_rows
from verweven.settings import get_settings
from verweven.store import open_store
from verweven.synth import RegionConfig, generate_region, load_noise_rates

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "region"
Outcome = list[tuple[list[MappedRecord], pa.Table]]


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("region") / "r"
    generate_region(RegionConfig(persons=1_000, seed=7, out=out, noise=load_noise_rates()))
    return out / "deliveries"


def outcomes(mapper: Mapper, mapping: MappingFile, base: Path | None = None) -> Outcome:
    """What ``mapper`` makes of every file of the mapping, chunk by chunk as an ingest maps."""
    mapped = []
    for path in mapping.source_paths(base):
        with unpacked(path, mapping.source) as delivery:
            for delivered in delivery.files:
                rows = list(iter_rows(delivered.path, mapping.source, mapping.source_columns()))
                for start in range(0, len(rows), CHUNK_ROWS):
                    mapped.append(mapper.map_chunk(rows[start : start + CHUNK_ROWS]))
    return mapped


def assert_same(expected: Outcome, found: Outcome) -> None:
    assert len(found) == len(expected)
    for (records, table), (want_records, want_table) in zip(found, expected, strict=True):
        assert records == want_records
        assert table.equals(want_table), "the statements differ (values, ids or order)"


@pytest.mark.parametrize("mapping_file", sorted(MAPPINGS.glob("*.yml")), ids=lambda p: p.stem)
def test_compiled_mapper_maps_the_region_as_the_row_mapper_does(
    mapping_file: Path, region: Path
) -> None:
    mapping = load_mapping(mapping_file)
    expected = outcomes(Mapper(mapping), mapping, region)
    assert_same(expected, outcomes(CompiledMapper(mapping), mapping, region))


def test_forgetting_a_full_cache_changes_nothing(
    region: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled, "CACHE_LIMIT", 3)
    mapping = load_mapping(MAPPINGS / "kvk_functionarissen.yml")
    expected = outcomes(Mapper(mapping), mapping, region)
    assert_same(expected, outcomes(CompiledMapper(mapping), mapping, region))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_compiled_mapper_maps_every_hostile_delivery_as_the_row_mapper_does(
    case: Case, tmp_path: Path
) -> None:
    mapping = load_mapping(write_case(case, tmp_path))
    try:
        expected = outcomes(Mapper(mapping), mapping)
    except InputError as refused:  # unreadable: refused before any mapper sees a row
        with pytest.raises(InputError, match="^" + str(refused)[:60].replace("(", r"\(")):
            outcomes(CompiledMapper(mapping), mapping)
        return
    assert_same(expected, outcomes(CompiledMapper(mapping), mapping))


STATEMENTS = (
    "SELECT id, entity_id, canonical_id, schema, prop, prop_type, value, original_value, "
    "dataset FROM statements ORDER BY ALL"
)
QUARANTINE = (
    "SELECT id, dataset, file, line, field, value, reason, raw, record_id FROM quarantine "
    "ORDER BY ALL"
)


def test_both_mappers_store_the_same_region(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = []
    for row_by_row in ("1", "0"):
        monkeypatch.setenv("VERWEVEN_INGEST_ROW_BY_ROW", row_by_row)
        monkeypatch.setenv("VERWEVEN_INGEST_WORKERS", "2")
        get_settings.cache_clear()
        store = open_store(str(tmp_path / f"{row_by_row}.duckdb"))
        ingest_path(store, MAPPINGS, store.local_actor(), deliveries=region)
        stored.append((store._fetchall(STATEMENTS), store._fetchall(QUARANTINE)))
        store.close()
    get_settings.cache_clear()
    (statements, quarantine), (found_statements, found_quarantine) = stored
    assert len(statements) > 50_000 and quarantine
    assert found_statements == statements
    assert found_quarantine == quarantine
