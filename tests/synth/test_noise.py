"""Noise: applied at the configured rates, logged truthfully, absent when switched off."""

import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.synth.conftest import make_region
from tests.synth.deliveries_reader import Region
from verweven.synth import noise_kinds
from verweven.synth.catalog import delivery_specs, spec_named

TOLERANCE_SIGMAS = 4.0


@pytest.mark.parametrize("kind", noise_kinds())
def test_noise_rate_is_within_tolerance_of_its_setting(noisy_region: Region, kind: str) -> None:
    manifest = noisy_region.manifest()
    expected = variance = 0.0
    observed = opportunities = 0
    for kinds in manifest["noise_statistics"].values():
        if kind in kinds:
            stats = kinds[kind]
            opportunities += stats["opportunities"]
            observed += stats["events"]
            expected += stats["opportunities"] * stats["rate"]
            variance += stats["opportunities"] * stats["rate"] * (1 - stats["rate"])
    assert opportunities >= 100
    assert abs(observed - expected) <= TOLERANCE_SIGMAS * math.sqrt(variance) + 1


def test_rates_in_the_manifest_are_the_setting_times_the_delivery_weight(
    noisy_region: Region,
) -> None:
    manifest = noisy_region.manifest()
    for delivery, kinds in manifest["noise_statistics"].items():
        weight = spec_named(delivery).noise_weight
        for kind, stats in kinds.items():
            assert stats["rate"] == pytest.approx(
                min(1.0, manifest["noise"]["rates"][kind] * weight)
            )


def test_noise_log_matches_the_counts_in_the_manifest(noisy_region: Region) -> None:
    logged = Counter((e["delivery"], e["kind"]) for e in noisy_region.truth("noise.csv"))
    counted = {
        (delivery, kind): stats["events"]
        for delivery, kinds in noisy_region.manifest()["noise_statistics"].items()
        for kind, stats in kinds.items()
        if stats["events"]
    }
    assert dict(logged) == counted


def test_duplicate_row_opportunities_are_the_delivered_records(noisy_region: Region) -> None:
    for spec in delivery_specs():
        stats = noisy_region.manifest()["noise_statistics"][spec.name]
        if spec.noise_weight == 0:
            assert stats == {}
            continue
        distinct = {str(row[spec.record_id]) for row in noisy_region.rows(spec)}
        assert stats["duplicate_row"]["opportunities"] == len(distinct)


CSV_DELIVERIES = [spec.name for spec in delivery_specs() if spec.format == "csv"]


@pytest.mark.parametrize("delivery", CSV_DELIVERIES)
def test_logged_noisy_values_are_what_was_delivered(noisy_region: Region, delivery: str) -> None:
    spec = spec_named(delivery)
    last: dict[tuple[str, str], str] = {}
    for event in noisy_region.truth("noise.csv"):
        in_column = event["delivery"] == delivery and event["field"] in spec.column_names
        if in_column and event["kind"] != "outdated_address":
            last[(event["record_id"], event["field"])] = event["noisy_value"]
    rows = {str(row[spec.record_id]): row for row in noisy_region.rows(spec)}

    def as_encoded(text: str) -> str:  # cp1252 deliveries write '?' for what they cannot encode
        return text.encode(spec.encoding, "replace").decode(spec.encoding)

    mismatches = [
        (record_id, field, value, rows[record_id][field])
        for (record_id, field), value in last.items()
        if rows[record_id][field] != as_encoded(value)
    ]
    assert mismatches == []


def test_outdated_addresses_are_earlier_addresses_of_the_person(noisy_region: Region) -> None:
    events = [
        e
        for e in noisy_region.truth("noise.csv")
        if e["kind"] == "outdated_address" and e["delivery"] == "belastingdienst_inkomen_schulden"
    ]
    assert events
    delivered = noisy_region.rows_named("belastingdienst_inkomen_schulden")
    rows = {row["dossiernummer"]: row for row in delivered}
    for event in events:
        row = rows[event["record_id"]]
        assert event["noisy_value"].startswith(row["adres"])
        assert event["noisy_value"] != event["clean_value"]


def test_no_noise_profile_plants_no_noise(tmp_path: Path) -> None:
    region = make_region(tmp_path, seed=5, noise="none")
    assert region.truth("noise.csv") == []
    by_delivery: dict[str, int] = defaultdict(int)
    for kinds in region.manifest()["noise_statistics"].values():
        for stats in kinds.values():
            by_delivery["events"] += stats["events"]
    assert by_delivery["events"] == 0
