"""Signals on a generated region: each planted typology is hit, and runs repeat exactly."""

import pytest

from tests.signals.conftest import PipelineRegion
from tests.signals.statements import AS_OF
from verweven.access import Actor
from verweven.evaluation.signals import load_region_truth, measure
from verweven.signals import SignalRun, load_definitions, run_signals
from verweven.signals.measured import Measurement
from verweven.store import Store


def reader(store: Store) -> Actor:
    """The region's local user, reading for an integral case's analysis."""
    return store.local_actor().acting_for("riec_casus", "ANALYSE-1")


@pytest.fixture(scope="module")
def first_run(pipeline_region: PipelineRegion) -> SignalRun:
    return run_signals(pipeline_region.store, reader(pipeline_region.store), None, AS_OF)


@pytest.fixture(scope="module")
def measurement(pipeline_region: PipelineRegion, first_run: SignalRun) -> Measurement:
    truth = load_region_truth(
        pipeline_region.store, reader(pipeline_region.store), pipeline_region.folder
    )
    return measure(list(load_definitions()), [(truth, first_run)])


def test_every_planted_typology_gets_a_hit_on_a_target(measurement: Measurement) -> None:
    present = {t.typology for t in measurement.typologies if t.instances}
    found = {t.typology for t in measurement.typologies if t.instances_found}
    assert present and found == present


def test_every_signal_hits_a_target_where_its_typology_is_planted(
    measurement: Measurement,
) -> None:
    missed = [q.signal_id for q in measurement.signals if q.targets and not q.targets_found]
    assert missed == []


def test_the_same_store_gives_the_same_hits_twice(
    pipeline_region: PipelineRegion, first_run: SignalRun
) -> None:
    again = run_signals(pipeline_region.store, reader(pipeline_region.store), None, AS_OF)
    assert first_run.hits and again.hits == first_run.hits


def test_every_hit_cites_evidence_from_a_delivery_the_purpose_may_see(
    pipeline_region: PipelineRegion, first_run: SignalRun
) -> None:
    store = pipeline_region.store
    visible = {d.name for d in store.list_datasets(reader(store)) if d.serves("riec_casus")}
    assert all(h.evidence and set(h.datasets) <= visible for h in first_run.hits)
