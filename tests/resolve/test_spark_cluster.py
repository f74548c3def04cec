"""Resolution on a real Spark standalone cluster — a master and a worker, each a process of its
own — gives the clusters the DuckDB path gives."""

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import admin
from tests.resolve.conftest import add_people
from tests.resolve.test_run import clusters
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.linkage import make_spark
from verweven.resolve.spark_cluster import running_cluster
from verweven.store import Store, open_store

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def people_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "cluster.duckdb")) as store:
        yield add_people(store)


def test_a_standalone_cluster_gives_the_same_clusters_as_duckdb(
    people_store: Store, tmp_path: Path
) -> None:
    pytest.importorskip("pyspark.sql")
    kinds = ("person",)
    resolve(
        people_store, admin(people_store), ResolveOptions(state_dir=tmp_path / "d", kinds=kinds)
    )
    on_duckdb = clusters(people_store)
    with running_cluster(tmp_path / "spark", free_port(), cores=1, memory="1g") as url:
        session = make_spark(url, partitions=2, executor_memory="1g")
        try:
            assert session.sparkContext.master == url
            options = ResolveOptions(state_dir=tmp_path / "s", kinds=kinds, backend="spark",
                                     spark=session)  # fmt: skip
            resolve(people_store, admin(people_store), options)
        finally:
            session.stop()
    assert clusters(people_store) == on_duckdb
    assert (tmp_path / "spark" / "worker.log").read_text().count("Asked to launch executor") >= 1
