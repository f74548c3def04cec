"""Resolution errors injected into a resolved region, to see how each signal moves with them.

Entity resolution is never perfect: it misses merges (two records of one person stay two
entities) and makes false ones (two people become one). Both change what a signal sees — a
count split over two entities can fall below its threshold; a merged entity can gather another
person's record. ``perturb_resolution`` takes the statement table the signals read and changes
its canonical ids deterministically: a share of the entities with several records loses one
record to an entity of its own (missed merge), and a share of persons, companies and addresses
is merged with another entity of the same schema (false merge). The evaluation then scores the
signals against the truth regrouped by the perturbed ids.
"""

import random
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from verweven.access import Actor
from verweven.signals import SignalDefinition, SignalRun, run_on_table
from verweven.signals.context import record_table
from verweven.signals.engine import read_inputs
from verweven.store import Store

MERGEABLE = ("Person", "Company", "Address")


@dataclass(frozen=True)
class ResolutionErrors:
    """How many errors to inject: shares of entities, and the seed of the draw."""

    missed: float = 0.0  # share of multi-record entities that lose one record
    false: float = 0.0  # share of persons, companies and addresses merged with another
    seed: int = 0

    @property
    def label(self) -> str:
        """A short name for tables."""
        return f"missed {self.missed:.0%}, false {self.false:.0%}"


def perturb_resolution(table: pa.Table, errors: ResolutionErrors) -> dict[str, str]:
    """entity id → its canonical id after injecting the errors (deterministic for a seed)."""
    rng = random.Random(f"resolution-errors/{errors.seed}")
    records = record_table(table)
    mapping = dict(
        zip(
            records.column("entity_id").to_pylist(),
            records.column("canonical_id").to_pylist(),
            strict=True,
        )
    )
    schemata = dict(
        zip(
            records.column("canonical_id").to_pylist(),
            records.column("schema").to_pylist(),
            strict=False,
        )
    )
    clusters: dict[str, list[str]] = {}
    for entity_id in sorted(mapping):
        clusters.setdefault(mapping[entity_id], []).append(entity_id)
    for canonical_id in sorted(clusters):
        members = clusters[canonical_id]
        if len(members) > 1 and rng.random() < errors.missed:
            lost = members[rng.randrange(len(members))]
            mapping[lost] = f"{canonical_id}~missed~{lost}"
    for schema in MERGEABLE:
        ids = sorted(c for c in clusters if schemata.get(c) == schema)
        merged = {c: c for c in ids}
        for canonical_id in ids:
            if len(ids) > 1 and rng.random() < errors.false:
                other = ids[rng.randrange(len(ids))]
                if other != canonical_id:
                    merged[other] = merged[canonical_id]
        for entity_id, canonical_id in list(mapping.items()):
            if canonical_id in merged:
                mapping[entity_id] = merged[canonical_id]
    return mapping


def with_canonical_ids(table: pa.Table, mapping: dict[str, str]) -> pa.Table:
    """The statement table with each record's canonical id replaced."""
    ids = [
        mapping.get(e, c)
        for e, c in zip(
            table.column("entity_id").to_pylist(),
            table.column("canonical_id").to_pylist(),
            strict=True,
        )
    ]
    position = table.schema.get_field_index("canonical_id")
    return table.set_column(position, "canonical_id", pa.array(ids, pa.string()))


def run_with_errors(
    store: Store,
    reader: Actor,
    definitions: list[SignalDefinition],
    as_of: date,
    errors: ResolutionErrors,
) -> tuple[SignalRun, dict[str, str]]:
    """The signals' run on the region with the errors injected, and the perturbed mapping."""
    table = read_inputs(store, reader, definitions)
    mapping = perturb_resolution(table, errors)
    return run_on_table(with_canonical_ids(table, mapping), definitions, as_of), mapping
