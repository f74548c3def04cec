"""A small generated region whose BRP and tax records the match tests link."""

from pathlib import Path

import pytest

from verweven.evaluation.pprl_region import LinkageTask, load_linkage_task
from verweven.synth import RegionConfig, generate_region, load_noise_rates


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1,000-person region, seed 21, default noise."""
    folder = tmp_path_factory.mktemp("pprl-region")
    generate_region(RegionConfig(persons=1_000, seed=21, out=folder,
                                 noise=load_noise_rates("default")))  # fmt: skip
    return folder


@pytest.fixture(scope="session")
def task(region: Path) -> LinkageTask:
    """BRP persons against the tax office's records of that region, with the true pairs."""
    return load_linkage_task(region)
