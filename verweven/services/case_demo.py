"""`verweven case demo`: the RIEC work process scripted end to end on a synthetic region.

A region is generated, ingested, resolved and its signals run (as `verweven demo` does). From
the strongest hits of the signals that lead to the planted cannabis farms and straw men, cases
are opened; each goes through weging, the hit/no-hit round with the partners, the case meeting
and an integral advice on the intervention ladder; partners report execution, and monitoring
starts. Then the next period's deliveries (``region/next``) come in, resolution runs again
(incrementally) and so do the signals, and ``case monitor`` is asked what changed: the figures
say how many planted displacements it caught and how many other changes it reported.

The truth files are read only to score the run, never by the work process itself.
"""

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from verweven.access import Actor
from verweven.cases import MonitoringReport, case_network
from verweven.errors import UsageError
from verweven.ingest import ingest_path
from verweven.model import CaseState, HitVerdict, InterventionStatus, Statement
from verweven.resolve import ResolveOptions, resolve
from verweven.services import cases as services
from verweven.services.demo import MAPPINGS, ingest_region, resolve_region
from verweven.signals import hit_record, load_definitions, run_signals
from verweven.store import SignalHitRecord, Store, open_store
from verweven.store.records import HitQuestion
from verweven.synth import RegionConfig, generate_region, load_noise_rates
from verweven.synth.next_period import FOLDER as NEXT
from verweven.synth.next_period import PERIOD_DAYS, next_specs

# The signal that leads to each planted typology, and the advice the case meeting agrees on:
# (instrument, barrier) pairs of the ladder, the first of which the partner carries out.
LEADS = {"cannabis_farm": "energy_anomaly_drugs_record", "straw_man": "straw_man"}
ADVICE = {
    "cannabis_farm": (
        ("sluiting_13b", "pand_sluiten"),
        ("huurovereenkomst_ontbinden", "huurcontract"),
        ("fiscale_aanslag", "contant_geld"),
    ),
    "straw_man": (
        ("kenteken_blokkade", "katvanger_kenteken"),
        ("bestuurlijke_rapportage", "inschrijving_kvk"),
        ("fiscale_aanslag", "contant_geld"),
    ),
}
PURPOSE = "riec_casus"
T = TypeVar("T")


@dataclass
class CaseDemoFigures:
    """What the scripted run did and found, and how long each step took (seconds)."""

    persons: int
    seed: int
    cases: int = 0
    subjects: int = 0
    hit_questions: int = 0
    partner_hits: int = 0
    interventions: int = 0
    executed: int = 0
    planted: int = 0
    """Planted displacements in the next period."""
    planted_in_cases: int = 0
    """Of those, the ones whose person is a subject of an opened case."""
    caught: int = 0
    """Of those, the ones monitoring reported."""
    reported: int = 0
    """Distinct (subject, new entity) displacements monitoring reported."""
    false_alarms: int = 0
    """Reported displacements that are no planted displacement."""
    new_facts: int = 0
    new_hits: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def run_case_demo(
    folder: Path, persons: int, seed: int, per_typology: int = 3, say: Callable[[str], None] = print
) -> CaseDemoFigures:
    """Run the scripted casework on a fresh region in ``folder`` (which must not exist)."""
    if folder.exists():
        raise UsageError(f"--out {folder} exists; the case demo writes into a new folder")
    figures = CaseDemoFigures(persons, seed)

    def step(title: str, action: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = action()
        figures.seconds[title] = round(time.perf_counter() - started, 1)
        say(f"- {title}: {figures.seconds[title]} s")
        return result

    folder.mkdir(parents=True)
    region = folder / "region"
    config = RegionConfig(persons=persons, seed=seed, out=region, noise=load_noise_rates())
    step("synthesise", lambda: generate_region(config))
    with open_store(str(folder / "verweven.duckdb")) as store:
        local = store.local_actor()
        step("ingest", lambda: ingest_region(store, local, region))
        step("resolve", lambda: resolve_region(store, local, folder))
        analyst = local.acting_for(PURPOSE, "DEMO-ANALYSE")
        hits = step("signals", lambda: record_signals(store, analyst, config.reference_date))
        refs = step("casework", lambda: work_cases(store, local, hits, per_typology, figures))
        step("next period", lambda: deliver_next_period(store, local, folder))
        next_date = config.reference_date + timedelta(days=PERIOD_DAYS)
        step("signals again", lambda: record_signals(store, analyst, next_date))
        reports = step(
            "monitor", lambda: [services.monitor(store, coordinator(local, r)) for r in refs]
        )
        score_monitoring(store, local, reports, region, figures)
    return figures


def coordinator(local: Actor, ref: str) -> Actor:
    """The case coordinator working on one case (the embedded store's local user has every
    role; a server deployment logs in a casuscoördinator instead)."""
    return local.acting_for(PURPOSE, ref)


def record_signals(store: Store, analyst: Actor, as_of: date) -> list[SignalHitRecord]:
    """Run every signal as of a date and record the hits (so cases can cite them)."""
    run = run_signals(store, analyst, list(load_definitions()), as_of=as_of)
    moment = datetime.combine(run.as_of, datetime.min.time())
    store.record_signal_hits(analyst, [hit_record(hit) for hit in run.hits], moment)
    recorded = store.list_signal_hits(analyst)
    return [h for h in recorded if h.as_of == moment]


def work_cases(
    store: Store,
    local: Actor,
    hits: list[SignalHitRecord],
    per_typology: int,
    figures: CaseDemoFigures,
) -> list[str]:
    """Open a case on each of the strongest hits of each lead signal and take it through the
    work process into monitoring; the references of the cases opened."""
    refs = []
    for typology, signal in LEADS.items():
        ranked = sorted(
            (h for h in hits if h.signal_id == signal), key=lambda h: (-h.score, h.entity_id)
        )
        for number, hit in enumerate(ranked[:per_typology], start=1):
            ref = f"RIEC-DEMO-{typology.upper()}-{number:02d}"
            work_case(store, coordinator(local, ref), typology, hit, figures)
            refs.append(ref)
    figures.cases = len(refs)
    return refs


def work_case(
    store: Store, actor: Actor, typology: str, hit: SignalHitRecord, figures: CaseDemoFigures
) -> None:
    """One case from signal to monitoring, each step a decision with its reason."""
    until = (datetime.now() + timedelta(days=PERIOD_DAYS + 30)).date()
    services.open_case(store, actor, hit.sentence[:80], typology, hit.sentence, [hit.id], until)
    subjects = subjects_of(store, actor, hit.entity_id)
    for subject in subjects:
        services.add_subject(store, actor, subject, f"genoemd in signaal {hit.signal_id}")
    figures.subjects += len(subjects)
    services.move_case(store, actor, CaseState.WEGING, "concreet en recent", [hit.id])
    services.move_case(store, actor, CaseState.HIT_NO_HIT, "FG: alle partners van het convenant")
    known = ask_partners(store, actor, subjects, figures)
    services.move_case(
        store, actor, CaseState.CASUSOVERLEG, f"hits bij {', '.join(sorted(known)) or 'geen'}"
    )
    services.give_feedback(store, actor, hit.id, HitVerdict.RELEVANT, "casus geopend")
    services.move_case(store, actor, CaseState.INTERVENTIEADVIES, "casusoverleg: integraal advies")
    steps = [
        services.advise(store, actor, instrument, barrier, f"barrière {barrier}")
        for instrument, barrier in ADVICE[typology]
    ]
    figures.interventions += len(steps)
    services.move_case(store, actor, CaseState.UITVOERING, "advies vastgesteld")
    planned = datetime.now().date() + timedelta(days=14)
    for number, advised in enumerate(steps):
        services.report(
            store, actor, advised.intervention_id, InterventionStatus.ACCEPTED, "akkoord"
        )
        services.report(
            store, actor, advised.intervention_id, InterventionStatus.PLANNED, "ingepland",
            planned + timedelta(days=30 * number),
        )  # fmt: skip
    services.report(
        store, actor, steps[0].intervention_id, InterventionStatus.EXECUTED, "uitgevoerd"
    )
    figures.executed += 1
    services.move_case(store, actor, CaseState.MONITORING, "eerste interventie uitgevoerd")


def subjects_of(store: Store, actor: Actor, entity_id: str) -> list[str]:
    """A hit on a person makes the person the subject; a hit on an address or company makes
    it and the persons tied to it in the case's network subjects (residents, officers)."""
    network = case_network(store, actor, [entity_id])
    persons = sorted(v["name"] for v in network.vs if v["schema"] == "Person")
    return [entity_id] if entity_id in persons else [entity_id, *persons]


def ask_partners(
    store: Store, actor: Actor, subjects: Iterable[str], figures: CaseDemoFigures
) -> set[str]:
    """The hit/no-hit round: per subject, every partner answers known or not known."""
    known = set()
    for subject in subjects:
        question = question_for(store.get_statements(actor, subject))
        if question is None:
            continue
        answer = store.ask_hit(actor, question)
        figures.hit_questions += 1
        figures.partner_hits += sum(a.hit for a in answer.answers)
        known |= {a.partner for a in answer.answers if a.hit}
    return known


def question_for(statements: list[Statement]) -> HitQuestion | None:
    """What a question about an entity names: its BSN or KvK number, else its address text."""
    values: dict[str, str] = {}
    for s in statements:
        values.setdefault(s.prop, s.value)
    if "idNumber" in values:
        return HitQuestion(bsn=values["idNumber"])
    if values.get("registrationNumber", "").isdigit():
        return HitQuestion(kvk=values["registrationNumber"])
    if "full" in values:
        return HitQuestion(address=values["full"])
    return None


def deliver_next_period(store: Store, local: Actor, folder: Path) -> None:
    """The next period's mutations through the same mappings, then resolution again (only the
    new records are scored against the trained model)."""
    deliveries = folder / "region" / NEXT / "deliveries"
    for spec in next_specs():
        ingest_path(store, MAPPINGS / f"{spec.name}.yml", local, deliveries=deliveries)
    resolve(store, local, ResolveOptions(state_dir=folder / "resolve", incremental=True))


def score_monitoring(
    store: Store,
    local: Actor,
    reports: list[MonitoringReport],
    region: Path,
    figures: CaseDemoFigures,
) -> None:
    """Compare what monitoring reported with the planted displacements (truth files)."""
    truth = read_truth(region / "truth" / "records.csv") | read_truth(
        region / NEXT / "truth" / "records.csv"
    )
    planted = {}
    with (region / NEXT / "truth" / "displacements.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["planted"] == "true":
                records = {tuple(r.split(":", 1)) for r in row["record_ids"].split()}
                planted[row["true_id"]] = records
    figures.planted = len(planted)
    subjects_true: set[str] = set()
    reported: set[tuple[str, str]] = set()
    matched: set[tuple[str, str]] = set()
    caught: set[str] = set()
    for report in reports:
        actor = coordinator(local, report.case_ref)
        case = store.get_case(actor)
        whose = {s: true_person(store, actor, s, truth) for s in case.subjects}
        subjects_true |= {t for t in whose.values() if t}
        figures.new_facts += sum(len(v) for v in report.new_facts.values())
        figures.new_hits += len(report.new_hits)
        for moved in report.displacements:
            pair = (moved.subject, moved.other)
            reported.add(pair)
            dataset, _, record = moved.other.split(".", 2)
            person = whose.get(moved.subject)
            if person is not None and (dataset, record) in planted.get(person, set()):
                caught.add(person)
                matched.add(pair)
    figures.planted_in_cases = len(subjects_true & set(planted))
    figures.caught = len(caught)
    figures.reported = len(reported)
    figures.false_alarms = len(reported - matched)


def read_truth(path: Path) -> dict[tuple[str, str], str]:
    """(delivery, record id) → the generator's id of the person the record mentions."""
    found: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["schema"] == "Person":
                found.setdefault((row["delivery"], row["record_id"]), row["true_id"])
    return found


def true_person(
    store: Store, actor: Actor, subject: str, truth: dict[tuple[str, str], str]
) -> str | None:
    """The planted person a subject's records mostly are (None for other entities)."""
    votes: dict[str, int] = {}
    for record in {
        s.entity_id for s in store.get_statements(actor, subject) if s.schema == "Person"
    }:
        dataset, _, key = record.split(".", 2)
        if (true := truth.get((dataset, key))) is not None:
            votes[true] = votes.get(true, 0) + 1
    return max(sorted(votes), key=lambda t: votes[t]) if votes else None
