"""A small generated region run through the whole pipeline once per test session:
synth → ingest → resolve, so that signals can be checked against planted typologies."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from verweven.ingest import ingest_path
from verweven.resolve import ResolveOptions, resolve
from verweven.store import Store, open_store
from verweven.synth import MIN_PERSONS, RegionConfig, generate_region, load_noise_rates

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "region"
SEED = 7


@dataclass
class PipelineRegion:
    """A generated region and its store after ingest and resolution."""

    folder: Path
    store: Store


@pytest.fixture(scope="session")
def pipeline_region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PipelineRegion]:
    """The smallest region the generator makes (every typology planted 3 times), resolved."""
    folder = tmp_path_factory.mktemp("signals-region")
    generate_region(
        RegionConfig(persons=MIN_PERSONS, seed=SEED, out=folder, noise=load_noise_rates())
    )
    store = open_store(str(folder / "store.duckdb"))
    local = store.local_actor()
    ingest_path(store, MAPPINGS, local, deliveries=folder / "deliveries")
    resolve(store, local, ResolveOptions(state_dir=folder / "state"))
    yield PipelineRegion(folder, store)
    store.close()
