"""What a signal finds: a hit on one canonical entity, with its score, sentence and evidence."""

from dataclasses import asdict, dataclass
from typing import Any

from verweven.store import SignalHitRecord


@dataclass(frozen=True)
class Evidence:
    """One statement a hit rests on, and the partner delivery it came from."""

    statement_id: str
    dataset: str
    prop: str
    value: str
    entity_id: str = ""  # the record the statement belongs to (to date the fact)


@dataclass(frozen=True)
class Hit:
    """A ground for a human to look — never a verdict."""

    signal_id: str
    signal_version: int
    entity_id: str
    schema: str
    caption: str
    score: float
    sentence: str
    evidence: tuple[Evidence, ...]
    # The day the latest dated fact of the evidence became known: the earliest moment this hit
    # could have been raised (None when no evidence fact carries a date).
    known_on: str | None = None

    @property
    def datasets(self) -> list[str]:
        """The deliveries the evidence comes from, sorted."""
        return sorted({e.dataset for e in self.evidence})

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (evidence as a list of dicts)."""
        data = asdict(self)
        data["evidence"] = [asdict(e) for e in self.evidence]
        data["datasets"] = self.datasets
        return data


def sort_hits(hits: list[Hit]) -> list[Hit]:
    """Signal by signal (by id), strongest first, then by entity id: the same order every run."""
    return sorted(hits, key=lambda h: (h.signal_id, -h.score, h.entity_id))


@dataclass(frozen=True)
class RankedEntity:
    """An entity with hits of one or more signals, and their summed weights."""

    entity_id: str
    caption: str
    weight: float
    signal_ids: tuple[str, ...]


def rank_entities(hits: list[Hit], weights: dict[str, float]) -> list[RankedEntity]:
    """Entities by the summed weight of the distinct signals that hit them (then by id).

    The weight says how much a signal counts when hits on one entity are combined; it changes
    the order in which a human looks, never whether a hit is shown.
    """
    signals: dict[str, set[str]] = {}
    captions: dict[str, str] = {}
    for hit in hits:
        signals.setdefault(hit.entity_id, set()).add(hit.signal_id)
        captions[hit.entity_id] = hit.caption
    ranked = [
        RankedEntity(eid, captions[eid], sum(weights.get(s, 1.0) for s in ids), tuple(sorted(ids)))
        for eid, ids in signals.items()
    ]
    return sorted(ranked, key=lambda r: (-r.weight, r.entity_id))


def hit_record(hit: Hit) -> SignalHitRecord:
    """A hit as the store keeps it."""
    return SignalHitRecord(
        signal_id=hit.signal_id,
        signal_version=hit.signal_version,
        entity_id=hit.entity_id,
        score=hit.score,
        sentence=hit.sentence,
        evidence=tuple(e.statement_id for e in hit.evidence),
        datasets=tuple(hit.datasets),
    )
