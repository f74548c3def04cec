"""The measured quality of each signal, as the last evaluation wrote it (``evaluation.json``).

The evaluation (``verweven.evaluation.signals``) measures; the register (``register.py``)
publishes. This module is the file format between them, so the register needs no ground truth.
"""

import json
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

WEAK_PRECISION = 0.5  # below: most hits are wrong
WEAK_CASE_RECALL = 0.5  # below: most planted cases are missed
MEASURED_PATH = Path(__file__).resolve().parent / "evaluation.json"
LEAD_TIME_PATH = Path(__file__).resolve().parent / "lead_time.json"
NOTES_PATH = Path(__file__).resolve().parent / "notes.yml"


class SignalQuality(BaseModel):
    """How one signal did against the planted cases of its typology."""

    signal_id: str
    signal_version: int
    typology: str
    target_roles: list[str]
    hits: int
    true_positives: int
    precision: float | None
    other_planted: int = 0
    targets: int
    targets_found: int
    recall: float | None
    instances: int = 0
    instances_found: int = 0
    instance_recall: float | None = None
    decoys: int
    decoys_flagged: int
    decoy_fp_rate: float | None
    seconds: float = 0.0
    # Early warning: days from the signal's moment on a found case to the case's first police
    # or OM fact (median over found cases the police met); how many were warned before / after.
    lead_days_median: float | None = None
    cases_with_police: int = 0
    warned_before_police: int = 0
    fired_after_police: int = 0


class TypologyQuality(BaseModel):
    """All signals of one typology together: a planted case is found when any of them flags
    any of its targets."""

    typology: str
    signals: list[str]
    hits: int
    true_positives: int
    precision: float | None
    instances: int
    instances_found: int
    instance_recall: float | None


class GroupRate(BaseModel):
    """The false-positive rate of one group of a protected attribute."""

    group: str
    persons: int
    flagged_wrongly: int
    rate: float
    # Against the largest group: rate ratio, its 95 % interval, and where the interval lies
    # against the 0.8-1.25 band (within, crosses, outside); None for the reference group and
    # groups too small to compare.
    ratio: float | None = None
    low: float | None = None
    high: float | None = None
    status: str | None = None


class FairnessCheck(BaseModel):
    """False-positive rates per group of one protected attribute, and their max/min ratio."""

    attribute: str
    groups: list[GroupRate]
    ratio: float | None  # the ratio furthest from 1 (as >= 1) among the compared groups
    note: str
    reference: str = ""
    warning: bool = False
    # signal id → group → persons planted in no case that its hits reached (who drives it)
    by_signal: dict[str, dict[str, int]] = Field(default_factory=dict)


class Baseline(BaseModel):
    """A signal's figures before this measurement (what the register said), for the change."""

    precision: float | None
    recall: float | None
    decoy_fp_rate: float | None = None


class ResolutionScenario(BaseModel):
    """The signals' figures with resolution errors injected (missed and false merges)."""

    label: str
    missed: float
    false: float
    signals: list[SignalQuality]

    def quality(self, signal_id: str) -> SignalQuality | None:
        """The figures of one signal in this scenario."""
        return next((q for q in self.signals if q.signal_id == signal_id), None)


class Measurement(BaseModel):
    """One evaluation: where it ran, the quality of every signal, and the fairness checks."""

    region: str
    seeds: list[int]
    persons: list[int]
    as_of: str
    tuned_on: str
    signals: list[SignalQuality]
    typologies: list[TypologyQuality] = Field(default_factory=list)
    fairness: list[FairnessCheck] = Field(default_factory=list)
    wrongly_flagged_persons: int = 0
    # The same regions generated with the high noise profile (figures per signal).
    high_noise: list[SignalQuality] = Field(default_factory=list)
    # signal id → its figures before (``baseline_source`` says which), for the change.
    baseline: dict[str, Baseline] = Field(default_factory=dict)
    baseline_source: str = ""
    # What the figures were measured with (``verweven.evaluation.fingerprint``).
    fingerprint: str = ""
    # The same default-noise regions with resolution errors injected.
    resolution_errors: list[ResolutionScenario] = Field(default_factory=list)

    def high(self, signal_id: str) -> SignalQuality | None:
        """The figures of one signal at high noise, if measured."""
        return next((q for q in self.high_noise if q.signal_id == signal_id), None)

    def weak(self, signal_id: str) -> bool:
        """A signal is weak when most of its hits are wrong or it misses most planted cases."""
        quality = self.quality(signal_id)
        if quality is None:
            return False
        precision, cases = quality.precision or 0.0, quality.instance_recall or 0.0
        return precision < WEAK_PRECISION or cases < WEAK_CASE_RECALL

    def quality(self, signal_id: str) -> SignalQuality | None:
        """The figures of one signal, if it was measured."""
        return next((q for q in self.signals if q.signal_id == signal_id), None)


class LeadTime(BaseModel):
    """When one signal first flagged each planted case of its typology in runs at a series of
    ``as_of`` dates (facts dated later invisible), against the case's first police/OM fact."""

    signal_id: str
    signal_version: int
    typology: str
    cases: int
    flagged: int  # cases flagged at some snapshot
    with_police: int  # cases whose targets a police/OM record names
    before_police: int  # first flagged at a snapshot before that record's day
    after_police: int  # first flagged on or after it
    never_flagged: int  # met by the police, flagged at no snapshot before the reference date
    at_first_snapshot: int = 0  # flagged already at the first snapshot: a lower bound
    # Lead days (police day - first snapshot that flagged it) of the flagged cases the police
    # met, ascending; negative: flagged only after the police.
    days: list[int] = Field(default_factory=list)
    median_days: float | None = None
    # Flagged cases no police/OM record names: days from the first snapshot that flagged each
    # to the reference date (how long the signal has been saying it), ascending.
    unmet_days: list[int] = Field(default_factory=list)


class LeadTimes(BaseModel):
    """Lead times per signal at default and at high noise (``benchmarks.lead_time_bench``)."""

    fingerprint: str
    seeds: list[int]
    persons: list[int]
    snapshots: list[str]  # the as_of dates of the runs, oldest first
    months: int  # months between snapshots
    default: list[LeadTime]
    high: list[LeadTime] = Field(default_factory=list)

    def signal(self, signal_id: str, noise: str = "default") -> LeadTime | None:
        """The lead time of one signal at one noise level, if measured."""
        found = self.default if noise == "default" else self.high
        return next((q for q in found if q.signal_id == signal_id), None)


def load_lead_times(path: Path = LEAD_TIME_PATH) -> LeadTimes | None:
    """The last lead-time measurement, or None when none was written yet."""
    if not path.exists():
        return None
    return LeadTimes.model_validate(json.loads(path.read_text(encoding="utf-8")))


def save_lead_times(lead_times: LeadTimes, path: Path = LEAD_TIME_PATH) -> None:
    """Write the lead times (stable order and formatting, so diffs stay small)."""
    text = json.dumps(lead_times.model_dump(mode="json"), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def load_measurement(path: Path = MEASURED_PATH) -> Measurement | None:
    """The last evaluation, or None when none was written yet."""
    if not path.exists():
        return None
    return Measurement.model_validate(json.loads(path.read_text(encoding="utf-8")))


def save_measurement(measurement: Measurement, path: Path = MEASURED_PATH) -> None:
    """Write the evaluation (stable order and formatting, so diffs stay small)."""
    text = json.dumps(measurement.model_dump(mode="json"), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def load_notes(path: Path = NOTES_PATH) -> dict[str, str]:
    """signal id → where it falls short in the last evaluation, and why (``notes.yml``)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): " ".join(str(v).split()) for k, v in data.items()}
