"""Fuzzing: deliveries mutated by hypothesis never crash ingest, always reconcile, and lose no
row that survived intact (see tests/ingest/corpus/mutate.py; benchmarks/ingest_fuzz.py runs
the same at 10,000 files)."""

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ingest.corpus.mutate import judge, mutate
from verweven.store import Store

FOLDERS = itertools.count()


class HypothesisDraw:
    """Mutation choices drawn by hypothesis, so it can shrink a failing file."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_delivery_is_refused_or_reconciled(
    store: Store, tmp_path: Path, data: st.DataObject
) -> None:
    mutant = mutate(HypothesisDraw(data))
    verdict = judge(store, tmp_path / str(next(FOLDERS)), mutant)
    assert verdict.problems == (), (mutant.steps, mutant.data[:300], verdict)
