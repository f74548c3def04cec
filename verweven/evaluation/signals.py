"""Score the signals against a synthetic region's planted typologies and protected attributes.

Per signal: a hit is a true positive when one of its entity's records is a planted target of
the signal's typology (the roles its definition names, ``evaluation.target_roles``); precision
is true positives / hits; recall is planted targets found / planted targets; the decoy
false-positive rate is decoy targets flagged / decoy targets. Fairness: for every person flagged
wrongly by any signal (planted in no case at all), the false-positive rate per group of each
protected attribute (which the generator draws independently of everything else) and the
max/min ratio between groups.

Several regions (seeds) can be pooled: their counts are added before rates are taken.
"""

import csv
import json
import re
import statistics
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from verweven.access import Actor
from verweven.evaluation.fingerprint import definitions_fingerprint
from verweven.evaluation.lead_time import (
    Fact,
    first_other_fact,
    lead_days,
    police_facts,
    police_record_dates,
    record_key,
)
from verweven.evaluation.resolution_errors import ResolutionErrors, run_with_errors
from verweven.evaluation.signal_fairness import (
    PROTECTED_ATTRIBUTES,
    age_band,
    fairness_checks,
    reach,
)
from verweven.evaluation.truth import load_record_truth, truth_entity_id
from verweven.signals import Hit, SignalDefinition, SignalRun, load_definitions, run_signals
from verweven.signals.measured import (
    MEASURED_PATH,
    Measurement,
    ResolutionScenario,
    SignalQuality,
    TypologyQuality,
    load_notes,
    save_measurement,
)
from verweven.signals.quality import measurement_markdown
from verweven.signals.register import write_register
from verweven.store import Store, open_store

SECTION_TITLE = "## Signals: precision, recall and fairness on the synthetic region"


@dataclass(frozen=True)
class Planted:
    """One row of truth/typologies.csv."""

    typology: str
    instance: str
    true_id: str
    role: str
    decoy: bool


@dataclass
class RegionTruth:
    """What the generator knows about one region, keyed so that regions can be pooled."""

    label: str
    planted: list[Planted]
    members: dict[str, set[str]]
    protected: dict[str, dict[str, str]]
    as_of: date
    seed: int
    persons: int
    # true id → the police and OM facts that mention it, earliest first
    police: dict[str, list[Fact]] = field(default_factory=dict)
    # canonical entity → the persons tied to it (directors, owners, holders, residents)
    reach: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Counts:
    """One signal's counts in one or more regions."""

    hits: int = 0
    true_positives: int = 0
    other_planted: int = 0
    targets: set[str] = field(default_factory=set)
    found: set[str] = field(default_factory=set)
    instances: dict[str, set[str]] = field(default_factory=dict)
    decoys: set[str] = field(default_factory=set)
    decoys_flagged: set[str] = field(default_factory=set)
    seconds: float = 0.0
    # case key → (the earliest day a true hit on its targets could have been raised, the first
    # police/OM fact outside that hit's evidence, or None when the police never met the case)
    fired: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    @property
    def lead_times(self) -> list[int]:
        """Days from each found case's signal moment to its first police/OM fact."""
        return sorted(lead_days(p, day) for day, p in self.fired.values() if p is not None)

    @property
    def found_instances(self) -> set[str]:
        """The planted cases of which at least one target was flagged."""
        return {i for i, targets in self.instances.items() if targets & self.found}


def load_planted(region: Path) -> list[Planted]:
    """Every planted typology member and decoy member of a region."""
    with (region / "truth" / "typologies.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Planted(r["typology"], r["instance"], r["true_id"], r["role"], r["decoy"] == "true")
            for r in csv.DictReader(handle)
        ]


def load_protected(region: Path) -> dict[str, dict[str, str]]:
    """true person id → {attribute: value} from truth/protected.csv."""
    with (region / "truth" / "protected.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["true_id"]: {a: r[a] for a in PROTECTED_ATTRIBUTES if a in r}
            for r in csv.DictReader(handle)
        }


def canonical_members(store: Store, reader: Actor, region: Path) -> dict[str, set[str]]:
    """canonical id → the true ids of its records (records the truth does not know are left out)."""
    return group_members(record_true_ids(store, reader, region))


def group_members(records: dict[str, tuple[str, str]]) -> dict[str, set[str]]:
    """canonical id → true ids, from entity id → (canonical id, true id)."""
    members: dict[str, set[str]] = {}
    for canonical_id, true_id in records.values():
        members.setdefault(canonical_id, set()).add(true_id)
    return members


def record_true_ids(store: Store, reader: Actor, region: Path) -> dict[str, tuple[str, str]]:
    """entity id → (its canonical id, its true id) for every record the truth knows."""
    truth = load_record_truth(region)
    by_key = _truth_by_key(region)
    table = store.read_statement_table(reader, sorted(_schemata(region)), ["id"])
    records: dict[str, tuple[str, str]] = {}
    for entity_id, canonical_id, schema in zip(
        table.column("entity_id").to_pylist(),
        table.column("canonical_id").to_pylist(),
        table.column("schema").to_pylist(),
        strict=True,
    ):
        dataset, _, rest = entity_id.partition(".")
        true_id = truth.get(entity_id) or by_key.get((dataset, rest.partition(".")[2], schema))
        if true_id is not None:
            records[entity_id] = (canonical_id, true_id)
    return records


def _truth_by_key(region: Path) -> dict[tuple[str, str, str], str]:
    """(delivery, record key, schema) → true id, where exactly one truth row has them.

    A fallback for mappings that name an entity differently from the truth's role (e.g.
    ``veroordeelde`` for ``convicted``): the record key and schema still say who it is.
    """
    seen: dict[tuple[str, str, str], set[str]] = {}
    with (region / "truth" / "records.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entity_id = truth_entity_id(row["delivery"], row["record_id"], row["role"])
            key = entity_id.split(".", 2)[2]
            seen.setdefault((row["delivery"], key, row["schema"]), set()).add(row["true_id"])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _schemata(region: Path) -> set[str]:
    with (region / "truth" / "records.csv").open(encoding="utf-8", newline="") as handle:
        return {row["schema"] for row in csv.DictReader(handle)} | {"LegalEntity"}


def load_region_truth(store: Store, reader: Actor, region: Path) -> RegionTruth:
    """Planted cases, record membership, protected attributes and reference date of a region."""
    manifest = json.loads((region / "manifest.json").read_text(encoding="utf-8"))
    return RegionTruth(
        label=region.name,
        planted=load_planted(region),
        members=canonical_members(store, reader, region),
        protected=load_protected(region),
        as_of=date.fromisoformat(manifest["reference_date"]),
        seed=int(manifest["seed"]),
        persons=int(manifest["persons_requested"]),
        police=police_facts(region, police_record_dates(store, reader)),
        reach=reach(store, reader, date.fromisoformat(manifest["reference_date"])),
    )


def score_hits(
    definition: SignalDefinition, hits: list[Hit], truth: RegionTruth, counts: Counts
) -> set[str]:
    """Add one signal's hits in one region to ``counts``; return the wrongly flagged person ids."""
    target = definition.evaluation
    key = f"{truth.seed}/"
    planted = {p.true_id for p in truth.planted if not p.decoy}
    cases = case_targets(definition, truth)
    targets = set().union(*cases.values())
    decoys = {
        p.true_id
        for p in truth.planted
        if p.typology == target.typology and p.decoy and p.role in target.decoy_roles
    }
    counts.targets |= {key + t for t in targets}
    case_of: dict[str, str] = {}
    for instance, ids in cases.items():
        counts.instances.setdefault(key + instance, set()).update(key + t for t in ids)
        case_of |= dict.fromkeys(ids, instance)
    counts.decoys |= {key + t for t in decoys}
    wrong: set[str] = set()
    for hit in hits:
        members = truth.members.get(hit.entity_id, set())
        counts.hits += 1
        counts.found |= {key + t for t in members & targets}
        counts.decoys_flagged |= {key + t for t in members & decoys}
        if members & targets:
            counts.true_positives += 1
            if hit.known_on is not None:
                _fired(counts, truth, hit, {case_of[t] for t in members & targets})
            continue
        if members & planted:
            counts.other_planted += 1
        elif hit.schema == "Person":
            wrong |= {m for m in members if m in truth.protected}
    return wrong


def case_targets(definition: SignalDefinition, truth: RegionTruth) -> dict[str, set[str]]:
    """Planted case (instance) of the signal's typology → the true ids of its targets."""
    target = definition.evaluation
    cases: dict[str, set[str]] = {}
    for p in truth.planted:
        if p.typology == target.typology and not p.decoy and p.role in target.target_roles:
            cases.setdefault(p.instance, set()).add(p.true_id)
    return cases


def innocent_persons(truth: RegionTruth) -> dict[str, dict[str, str]]:
    """true id → protected attributes (age banded) of every person planted in no case."""
    planted = {p.true_id for p in truth.planted if not p.decoy}
    return {
        true_id: {**attributes, "age": age_band(attributes.get("birth_year", ""), truth.as_of)}
        for true_id, attributes in truth.protected.items()
        if true_id not in planted
    }


def innocent_reached(hits: list[Hit], truth: RegionTruth) -> set[str]:
    """True ids of the persons planted in no case that any hit falls on: the entity itself, or
    the persons tied to it (directors and owners of a company, holders of a vehicle, owners of
    a property, residents of an address)."""
    planted = {p.true_id for p in truth.planted if not p.decoy}
    reached: set[str] = set()
    for hit in hits:
        for entity in {hit.entity_id} | truth.reach.get(hit.entity_id, set()):
            reached |= truth.members.get(entity, set())
    return {p for p in reached if p in truth.protected and p not in planted}


def _fired(counts: Counts, truth: RegionTruth, hit: Hit, cases: set[str]) -> None:
    """Keep, per case, the earliest moment a true hit could have been raised."""
    assert hit.known_on is not None
    evidence = {record_key(e.dataset, e.entity_id) for e in hit.evidence}
    for case in cases:
        key = f"{truth.seed}/{case}"
        if key in counts.fired and counts.fired[key][0] <= hit.known_on:
            continue
        targets = [t.partition("/")[2] for t in counts.instances[key]]
        facts = sorted(f for t in targets for f in truth.police.get(t, []))
        counts.fired[key] = (hit.known_on, first_other_fact(facts, evidence))


def evaluate_signals(
    regions: list[tuple[Store | str, Path]],
    purpose: str,
    case: str,
    definitions: list[SignalDefinition] | None = None,
    tuned_on: str = "",
) -> Measurement:
    """Run the signals on each region's embedded store (pipeline already run), as its local
    user reading for ``purpose`` and ``case``, and pool the scores."""
    chosen = list(definitions) if definitions is not None else list(load_definitions())
    runs = [_run_region(given, region, purpose, case, chosen) for given, region in regions]
    return measure(chosen, runs, tuned_on)


def measure(
    definitions: list[SignalDefinition],
    runs: list[tuple[RegionTruth, SignalRun]],
    tuned_on: str = "",
) -> Measurement:
    """Score the hits of runs on regions with a known truth, pooling the regions' counts."""
    counts = {d.id: Counts() for d in definitions}
    wrong: set[str] = set()
    by_signal: dict[str, set[str]] = {d.id: set() for d in definitions}
    population: dict[str, dict[str, str]] = {}
    for truth, run in runs:
        for definition in definitions:
            hits = [h for h in run.hits if h.signal_id == definition.id]
            score_hits(definition, hits, truth, counts[definition.id])
            counts[definition.id].seconds += run.seconds.get(definition.id, 0.0)
            reached = {f"{truth.seed}/{p}" for p in innocent_reached(hits, truth)}
            by_signal[definition.id] |= reached
            wrong |= reached
        population |= {f"{truth.seed}/{p}": v for p, v in innocent_persons(truth).items()}
    truths = [truth for truth, _ in runs]
    return Measurement(
        fingerprint=definitions_fingerprint(),
        region=", ".join(t.label for t in truths),
        seeds=[t.seed for t in truths],
        persons=[t.persons for t in truths],
        as_of=", ".join(sorted({t.as_of.isoformat() for t in truths})),
        tuned_on=tuned_on,
        signals=[_quality(d, counts[d.id]) for d in definitions],
        typologies=_typologies(definitions, counts),
        fairness=fairness_checks(wrong, population, by_signal),
        wrongly_flagged_persons=len(wrong),
    )


def _run_region(
    given: Store | str,
    region: Path,
    purpose: str,
    case: str,
    definitions: list[SignalDefinition],
) -> tuple[RegionTruth, SignalRun]:
    """The region's truth and the signals' hits on its store (a Store, or a URL to open)."""
    store = open_store(given) if isinstance(given, str) else given
    try:
        reader = store.local_actor().acting_for(purpose, case)
        truth = load_region_truth(store, reader, region)
        return truth, run_signals(store, reader, definitions, truth.as_of)
    finally:
        if isinstance(given, str):
            store.close()


def write_results(measurement: Measurement, benchmarks: Path | None = None) -> list[Path]:
    """Store the evaluation, regenerate the register, and update BENCHMARKS.md's section."""
    save_measurement(measurement)
    written = [MEASURED_PATH, write_register()]
    if benchmarks is not None:
        command = "Command: `verweven evaluate signals --region DIR ...` (pipeline run first)."
        replace_section(
            benchmarks,
            "signals",
            f"{SECTION_TITLE}\n\n{command}\n\n"
            + measurement_markdown(measurement, level="###", notes=load_notes()),
        )
        written.append(benchmarks)
    return written


def replace_section(path: Path, name: str, markdown: str) -> None:
    """Replace (or append) the ``<!-- bench:name -->`` section of a Markdown file."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    path.write_text(text, encoding="utf-8")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _quality(definition: SignalDefinition, counts: Counts) -> SignalQuality:
    return SignalQuality(
        signal_id=definition.id,
        signal_version=definition.version,
        typology=definition.evaluation.typology,
        target_roles=list(definition.evaluation.target_roles),
        hits=counts.hits,
        true_positives=counts.true_positives,
        precision=_rate(counts.true_positives, counts.hits),
        other_planted=counts.other_planted,
        targets=len(counts.targets),
        targets_found=len(counts.found),
        recall=_rate(len(counts.found), len(counts.targets)),
        instances=len(counts.instances),
        instances_found=len(counts.found_instances),
        instance_recall=_rate(len(counts.found_instances), len(counts.instances)),
        decoys=len(counts.decoys),
        decoys_flagged=len(counts.decoys_flagged),
        decoy_fp_rate=_rate(len(counts.decoys_flagged), len(counts.decoys)),
        seconds=round(counts.seconds, 3),
        lead_days_median=statistics.median(leads) if (leads := counts.lead_times) else None,
        cases_with_police=len([p for _, p in counts.fired.values() if p is not None]),
        warned_before_police=len([d for d in leads if d > 0]),
        fired_after_police=len([d for d in leads if d <= 0]),
    )


def _typologies(
    definitions: list[SignalDefinition], counts: dict[str, Counts]
) -> list[TypologyQuality]:
    """Per typology, its signals together."""
    result = []
    for typology in sorted({d.evaluation.typology for d in definitions}):
        ids = sorted(d.id for d in definitions if d.evaluation.typology == typology)
        instances = set().union(*(counts[i].instances for i in ids))
        found = set().union(*(counts[i].found_instances for i in ids))
        hits = sum(counts[i].hits for i in ids)
        true = sum(counts[i].true_positives for i in ids)
        result.append(
            TypologyQuality(
                typology=typology,
                signals=ids,
                hits=hits,
                true_positives=true,
                precision=_rate(true, hits),
                instances=len(instances),
                instances_found=len(found),
                instance_recall=_rate(len(found), len(instances)),
            )
        )
    return result


def evaluate_resolution_errors(
    regions: list[Path],
    purpose: str,
    case: str,
    errors: ResolutionErrors,
    definitions: list[SignalDefinition] | None = None,
) -> ResolutionScenario:
    """The signals' figures on resolved regions (embedded stores in each folder) after injecting
    missed and false merges, scored against the truth regrouped by the changed ids."""
    chosen = list(definitions) if definitions is not None else list(load_definitions())
    runs: list[tuple[RegionTruth, SignalRun]] = []
    for region in regions:
        with open_store(str(region / "store.duckdb")) as store:
            reader = store.local_actor().acting_for(purpose, case)
            truth = load_region_truth(store, reader, region)
            records = record_true_ids(store, reader, region)
            run, mapping = run_with_errors(store, reader, chosen, truth.as_of, errors)
        moved = {e: (mapping.get(e, c), t) for e, (c, t) in records.items()}
        runs.append((replace(truth, members=group_members(moved), reach={}), run))
    signals = measure(chosen, runs).signals
    return ResolutionScenario(
        label=errors.label, missed=errors.missed, false=errors.false, signals=signals
    )
