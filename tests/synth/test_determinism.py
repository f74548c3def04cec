"""Same seed, same bytes; another seed, another region."""

import hashlib

from tests.synth.deliveries_reader import Region


def _digests(region: Region) -> dict[str, str]:
    return {
        path.relative_to(region.out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in region.files()
    }


def test_same_seed_gives_identical_bytes_in_every_file(region: Region, region_twin: Region) -> None:
    assert _digests(region) == _digests(region_twin)


def test_every_delivery_differs_with_another_seed(
    region: Region, region_other_seed: Region
) -> None:
    ours, theirs = _digests(region), _digests(region_other_seed)
    deliveries = [name for name in ours if name.startswith("deliveries/")]
    assert deliveries
    assert all(ours[name] != theirs[name] for name in deliveries)


def test_manifest_lists_every_file_with_its_hash(region: Region) -> None:
    listed = {entry["path"]: entry["sha256"] for entry in region.manifest()["files"]}
    on_disk = {name: digest for name, digest in _digests(region).items() if name != "manifest.json"}
    assert listed == on_disk


def test_manifest_holds_no_timestamp(region: Region) -> None:
    text = (region.out / "manifest.json").read_text(encoding="utf-8")
    assert "created" not in text
    assert region.manifest()["reference_date"] == "2026-10-01"
