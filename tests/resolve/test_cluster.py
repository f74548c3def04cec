"""Clustering under constraints: each conflicted component is rebuilt on its own."""

import pyarrow as pa

from verweven.resolve.cluster import KEY, MODEL, Constraints, Links, cluster_records


def test_every_conflicted_component_is_rebuilt_apart_from_the_others() -> None:
    # Two components, each chaining two records that hold different BSNs through a third: the
    # strongest links win, the link that would join two BSNs is refused, in both components.
    ids = pa.array(["a", "b", "c", "d", "e", "f", "g"])
    links = Links.concat(
        [
            Links.make(["b", "e"], ["a", "d"], KEY, 1e9),
            Links.make(["c", "f"], ["b", "e"], MODEL, 5.0),
        ]
    )
    exclusive = pa.table(
        {
            "unique_id": ["a", "c", "d", "f"],
            "key": ["bsn"] * 4,
            "value": ["111222333", "123456782", "999999990", "100000009"],
        }
    )
    clustering = cluster_records(ids, links, Constraints(exclusive=exclusive))
    canonical = clustering.canonical_ids("person").to_pylist()
    groups = {record: canonical[i] for i, record in enumerate(ids.to_pylist())}
    assert groups["a"] == groups["b"] and groups["d"] == groups["e"]
    assert len({groups["a"], groups["c"], groups["d"], groups["f"], groups["g"]}) == 5
    assert clustering.refused_links == 2
