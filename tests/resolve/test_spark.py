"""The same settings on Splink's Spark backend (local mode) give the same clusters as DuckDB."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import admin
from tests.resolve.conftest import add_people
from tests.resolve.test_run import clusters
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.linkage import make_local_spark
from verweven.store import Store, open_store

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


@pytest.fixture
def people_store(tmp_path: Path) -> Iterator[Store]:
    """The people of conftest in one DuckDB store (Splink's backend is under test here)."""
    with open_store(str(tmp_path / "spark.duckdb")) as store:
        yield add_people(store)


def test_spark_gives_the_same_clusters_as_duckdb(
    people_store: Store, tmp_path: Path, spark: object
) -> None:
    people = people_store
    kinds = ("person",)
    resolve(people, admin(people), ResolveOptions(state_dir=tmp_path / "d", kinds=kinds))
    on_duckdb = clusters(people)
    spark_options = ResolveOptions(
        state_dir=tmp_path / "s", kinds=kinds, backend="spark", spark=spark
    )
    resolve(people, admin(people), spark_options)
    assert clusters(people) == on_duckdb
