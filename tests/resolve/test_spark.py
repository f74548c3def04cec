"""The same settings on Splink's Spark backend (local mode) give the same clusters as DuckDB."""

import shutil
from pathlib import Path

import pytest

from tests.resolve.conftest import RESOLVER
from tests.resolve.test_run import clusters
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.linkage import make_local_spark
from verweven.store import Store

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]


@pytest.fixture(scope="module")
def spark() -> object:
    pytest.importorskip("pyspark.sql")
    session = make_local_spark(cores=1, partitions=1)
    yield session
    session.stop()


def test_spark_gives_the_same_clusters_as_duckdb(
    people: Store, tmp_path: Path, spark: object
) -> None:
    if people.dialect != "duckdb":
        pytest.skip("the backend of Splink, not of the store, is under test")
    kinds = ("person",)
    resolve(people, RESOLVER, ResolveOptions(state_dir=tmp_path / "d", kinds=kinds))
    on_duckdb = clusters(people)
    spark_options = ResolveOptions(
        state_dir=tmp_path / "s", kinds=kinds, backend="spark", spark=spark
    )
    resolve(people, RESOLVER, spark_options)
    assert clusters(people) == on_duckdb
