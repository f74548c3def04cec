"""Canonical ids for life: naming a run's clusters after the clusters before them."""

import pyarrow as pa

from verweven.resolve.identity import assign_canonical_ids


def name(
    clusters: dict[str, str], prior: dict[str, str] | None = None, retired: tuple[str, ...] = ()
):  # type: ignore[no-untyped-def]
    """Assign ids to ``clusters`` (record -> label) after ``prior`` (record -> earlier id)."""
    records = pa.table({"entity_id": list(clusters), "cluster": list(clusters.values())})
    rows = [(r, c) for r, c in (prior or {}).items()] + [(None, r) for r in retired]
    table = pa.table(
        {
            "entity_id": pa.array([r for r, _ in rows], pa.string()),
            "canonical_id": pa.array([c for _, c in rows], pa.string()),
            "since": pa.array([None] * len(rows), pa.timestamp("us")),
        }
    )
    identities = assign_canonical_ids("person", records, table, "run-1", "test")
    ids = dict(zip(clusters, identities.canonical.to_pylist(), strict=True))
    return ids, identities.events.to_pylist(), identities.redirects.to_pylist()


def test_a_first_run_names_clusters_by_their_label() -> None:
    ids, events, redirects = name({"b": "nl-person-b", "c": "nl-person-b", "d": "nl-person-d"})
    assert ids == {"b": "nl-person-b", "c": "nl-person-b", "d": "nl-person-d"}
    assert sorted((e["event"], e["canonical_id"], e["records"]) for e in events) == [
        ("new", "nl-person-b", 2), ("new", "nl-person-d", 1)]  # fmt: skip
    assert redirects == []


def test_a_record_sorting_first_does_not_rename_its_cluster() -> None:
    prior = {"b": "nl-person-b", "c": "nl-person-b"}
    ids, events, _ = name({"a": "nl-person-a", "b": "nl-person-a", "c": "nl-person-a"}, prior)
    assert set(ids.values()) == {"nl-person-b"}
    assert events == []


def test_a_merge_keeps_the_larger_clusters_id_and_redirects_the_other() -> None:
    prior = {"a": "nl-person-a", "b": "nl-person-b", "c": "nl-person-b"}
    ids, events, redirects = name(dict.fromkeys("abc", "nl-person-a"), prior)
    assert set(ids.values()) == {"nl-person-b"}
    assert [(e["event"], e["canonical_id"], e["other_id"]) for e in events] == [
        ("merge", "nl-person-b", "nl-person-a")]  # fmt: skip
    assert [(r["retired_id"], r["target_id"]) for r in redirects] == [
        ("nl-person-a", "nl-person-b")]  # fmt: skip


def test_a_split_keeps_the_id_for_the_largest_part_and_never_reuses_an_id() -> None:
    prior = dict.fromkeys("abc", "nl-person-a")
    ids, events, redirects = name(
        {"a": "nl-person-a", "b": "nl-person-b", "c": "nl-person-b"}, prior
    )
    assert ids["b"] == ids["c"] == "nl-person-a"
    assert ids["a"] not in ("nl-person-a", "nl-person-b")
    assert ids["a"].startswith("nl-person-") and len(ids["a"]) == len("nl-person-") + 16
    assert [(e["event"], e["other_id"]) for e in events] == [("split", "nl-person-a")]
    assert redirects == []


def test_an_equal_split_keeps_the_id_with_the_smallest_record() -> None:
    prior = dict.fromkeys("ab", "nl-person-x")
    ids, _, _ = name({"a": "nl-person-a", "b": "nl-person-b"}, prior)
    assert ids["a"] == "nl-person-x"
    assert ids["b"] == "nl-person-b"


def test_a_retired_id_is_never_given_again() -> None:
    ids, events, _ = name({"a": "nl-person-a"}, retired=("nl-person-a",))
    assert ids["a"] != "nl-person-a"
    assert events[0]["event"] == "new"


def test_an_id_whose_records_are_gone_is_retired_without_a_target() -> None:
    _, events, redirects = name({"b": "nl-person-b"}, {"a": "nl-person-a", "b": "nl-person-b"})
    assert [(e["event"], e["canonical_id"]) for e in events] == [("retire", "nl-person-a")]
    assert [(r["retired_id"], r["target_id"]) for r in redirects] == [("nl-person-a", None)]
