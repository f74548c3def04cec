"""RegionConfig and noise settings: validated, with messages that name the argument."""

from pathlib import Path

import pytest

from verweven.errors import UsageError
from verweven.synth import RegionConfig, load_noise_rates, noise_kinds, parse_noise_overrides


def make_config(tmp_path: Path, persons: int = 2000, seed: int = 1) -> RegionConfig:
    return RegionConfig(persons=persons, seed=seed, out=tmp_path, noise=load_noise_rates())


def test_valid_config_passes(tmp_path: Path) -> None:
    make_config(tmp_path).validate()


@pytest.mark.parametrize("persons", [-1, 0, 999, 5_000_001])
def test_persons_out_of_range_is_refused(tmp_path: Path, persons: int) -> None:
    with pytest.raises(UsageError, match="--persons"):
        make_config(tmp_path, persons=persons).validate()


def test_negative_seed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--seed"):
        make_config(tmp_path, seed=-3).validate()


def test_instances_scale_with_size_but_never_below_three(tmp_path: Path) -> None:
    assert make_config(tmp_path, persons=2000).instances_per_typology == 3
    assert make_config(tmp_path, persons=1_000_000).instances_per_typology == 100


def test_every_profile_sets_every_kind() -> None:
    for profile in ("none", "default", "high"):
        assert set(load_noise_rates(profile).rates) == set(noise_kinds())


def test_override_replaces_one_rate() -> None:
    rates = load_noise_rates("default", {"typo": 0.5})
    assert rates.rate("typo") == 0.5
    assert rates.rate("missing") == load_noise_rates("default").rate("missing")
    assert rates.profile == "default+overrides"


def test_unknown_noise_kind_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown noise kind"):
        load_noise_rates("default", {"smudge": 0.1})


def test_parse_overrides_reads_kind_equals_rate() -> None:
    assert parse_noise_overrides(["typo=0.1", " missing = 0.2"]) == {"typo": 0.1, "missing": 0.2}


@pytest.mark.parametrize("item", ["typo", "typo=lots", "=0.1x"])
def test_parse_overrides_refuses_malformed_items(item: str) -> None:
    with pytest.raises(UsageError, match="KIND=RATE"):
        parse_noise_overrides([item])
