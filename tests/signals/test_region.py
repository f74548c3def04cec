"""Signals on a generated region: each planted typology is hit, and runs repeat exactly."""

from datetime import date

import pytest

from tests.signals.conftest import PipelineRegion
from tests.signals.statements import AS_OF
from verweven.access import Actor
from verweven.evaluation.early_warning import run_snapshots
from verweven.evaluation.signals import load_region_truth, measure
from verweven.signals import SignalRun, load_definitions, run_signals
from verweven.signals.engine import read_inputs
from verweven.signals.measured import Measurement
from verweven.signals.timeline import fact_dates
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


def test_snapshot_runs_see_nothing_dated_after_their_as_of(
    pipeline_region: PipelineRegion, first_run: SignalRun
) -> None:
    store = pipeline_region.store
    definitions = list(load_definitions())
    statements = read_inputs(store, reader(store), definitions)
    dates = fact_dates(statements)
    early, now = run_snapshots(statements, definitions, [date(2024, 10, 1), AS_OF])
    later = [
        (h.signal_id, e.entity_id)
        for h in early.hits
        for e in h.evidence
        if dates.get(e.entity_id, "") > early.as_of.isoformat()
    ]
    assert early.hits and later == []
    assert {(h.signal_id, h.entity_id) for h in now.hits} == {
        (h.signal_id, h.entity_id) for h in first_run.hits
    }
