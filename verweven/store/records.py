"""Plain records the store returns besides entities: import runs, quarantined input, and the
questions and answers of hit/no-hit."""

import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class QuarantineRecord:
    """Input that was refused, kept whole with where it came from and what was expected."""

    file: str
    reason: str
    line: int | None = None
    field: str | None = None
    value: str | None = None
    raw: str | None = None
    id: str = ""
    import_run: str = ""
    dataset: str = ""
    record_id: str | None = None  # the partner's own id of the row, when it could be read


@dataclass(frozen=True)
class ImportRunSummary:
    """What one completed import run wrote."""

    id: str
    dataset: str
    source: str
    started_at: datetime
    finished_at: datetime
    statements_written: int
    statements_new: int
    quarantined: int


@dataclass(frozen=True)
class HitQuestion:
    """What a hit/no-hit question asks about one person, company or address: identifiers, or
    name and date of birth, or an address. Never stored in clear (the log keeps a digest)."""

    bsn: str | None = None
    kvk: str | None = None
    name: str | None = None
    birth_date: str | None = None
    address: str | None = None

    def canonical(self) -> str:
        """One text per question, for its digest (same question, same digest)."""
        values = {k: v.strip().casefold() for k, v in self.__dict__.items() if v and v.strip()}
        return json.dumps(values, sort_keys=True)

    def is_complete(self) -> bool:
        """An identifier, a name with a date of birth, or an address: enough to match on."""
        return bool(self.bsn or self.kvk or self.address or (self.name and self.birth_date))


@dataclass(frozen=True)
class PartnerAnswer:
    """One partner's answer: known or not known, and whom to contact. Never content."""

    partner: str
    hit: bool
    contact: str


@dataclass(frozen=True)
class HitAnswer:
    """The answers of every partner source the question could be put to."""

    question_id: str
    asked_at: datetime
    answers: list[PartnerAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class SignalHitRecord:
    """A signal hit as the store keeps it: which signal said what about which entity, on
    which evidence (statement ids) from which deliveries."""

    signal_id: str
    signal_version: int
    entity_id: str
    score: float
    sentence: str
    evidence: tuple[str, ...]
    datasets: tuple[str, ...]
    run_id: str = ""
    as_of: datetime | None = None
    recorded_by: str = ""
    purpose: str = ""
    case_ref: str = ""
    id: str = ""  # given by the store when it records the hit


@dataclass(frozen=True)
class SubjectDecision:
    """A decision on a data subject's request (AVG art. 16, 18): restrict, lift, rectify."""

    id: str
    canonical_id: str
    kind: str
    reason: str
    decided_by: str
    decided_at: datetime
    statement_id: str | None = None
    corrected_value: str | None = None
    lifts: str | None = None
