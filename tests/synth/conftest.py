"""Small generated regions shared by the synth tests (made once per test session)."""

from pathlib import Path

import pytest

from tests.synth.deliveries_reader import Region
from verweven.synth import RegionConfig, generate_region, load_noise_rates

PERSONS = 2_000


def make_region(folder: Path, seed: int, noise: str = "default", persons: int = PERSONS) -> Region:
    """Generate a region of ``persons`` persons into ``folder``."""
    config = RegionConfig(persons=persons, seed=seed, out=folder, noise=load_noise_rates(noise))
    generate_region(config)
    return Region(folder)


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory) -> Region:
    """A 2,000-person region, seed 11, default noise."""
    return make_region(tmp_path_factory.mktemp("region"), seed=11)


@pytest.fixture(scope="session")
def region_twin(tmp_path_factory: pytest.TempPathFactory) -> Region:
    """The same region again (same seed), in another folder."""
    return make_region(tmp_path_factory.mktemp("twin"), seed=11)


@pytest.fixture(scope="session")
def region_other_seed(tmp_path_factory: pytest.TempPathFactory) -> Region:
    """A region from another seed."""
    return make_region(tmp_path_factory.mktemp("other"), seed=12)


@pytest.fixture(scope="session")
def noisy_region(tmp_path_factory: pytest.TempPathFactory) -> Region:
    """A region with the high noise profile (enough events to measure rates)."""
    return make_region(tmp_path_factory.mktemp("noisy"), seed=13, noise="high")
