"""Markdown tables of a measurement: per signal, per typology, and the fairness checks.

Used by the register (docs/signals.md), the ``evaluate signals`` command and the benchmark.
"""

import statistics

from verweven.signals.measured import FairnessCheck, LeadTime, LeadTimes, Measurement


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _of(part: int, whole: int) -> str:
    return f"{part} / {whole}"


def signal_table(measured: Measurement) -> str:
    """One row per signal, grouped by typology."""
    lines = [
        "| typology | signal | target roles | hits | true | precision | other planted "
        "| targets found | recall | cases found | decoys flagged | decoy FP rate "
        "| single-run lead (median) | before / after police | time |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for q in sorted(measured.signals, key=lambda q: (q.typology, q.signal_id)):
        lines.append(
            f"| {q.typology} | `{q.signal_id}` v{q.signal_version} | {', '.join(q.target_roles)} "
            f"| {q.hits} | {q.true_positives} | **{_num(q.precision)}** | {q.other_planted} "
            f"| {_of(q.targets_found, q.targets)} | **{_num(q.recall)}** "
            f"| {_of(q.instances_found, q.instances)} | {_of(q.decoys_flagged, q.decoys)} "
            f"| {_num(q.decoy_fp_rate)} "
            f"| {'–' if q.lead_days_median is None else f'{q.lead_days_median:+.0f} d'} "
            f"| {q.warned_before_police} / {q.fired_after_police} | {q.seconds:.1f} s |"
        )
    return "\n".join(lines)


def high_noise_table(measured: Measurement) -> str:
    """Per signal: the figures at default and at high noise side by side."""
    lines = [
        "| signal | hits | precision | recall | cases found | hits (high) | precision (high) "
        "| recall (high) | cases found (high) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for q in sorted(measured.signals, key=lambda q: q.signal_id):
        h = measured.high(q.signal_id)
        if h is None:
            continue
        lines.append(
            f"| `{q.signal_id}` | {q.hits} | {_num(q.precision)} | {_num(q.recall)} "
            f"| {_of(q.instances_found, q.instances)} | {h.hits} | {_num(h.precision)} "
            f"| {_num(h.recall)} | {_of(h.instances_found, h.instances)} |"
        )
    return "\n".join(lines)


def change_table(measured: Measurement) -> str:
    """Per signal: the figures published before, the figures now, and the change."""
    lines = [
        f"Before: {measured.baseline_source}.",
        "",
        "| signal | precision before | precision now | Δ | recall before | recall now | Δ "
        "| decoy FP before | decoy FP now |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for q in sorted(measured.signals, key=lambda q: q.signal_id):
        b = measured.baseline.get(q.signal_id)
        if b is None:
            continue
        lines.append(
            f"| `{q.signal_id}` | {_num(b.precision)} | {_num(q.precision)} "
            f"| {_delta(q.precision, b.precision)} | {_num(b.recall)} | {_num(q.recall)} "
            f"| {_delta(q.recall, b.recall)} | {_num(b.decoy_fp_rate)} | {_num(q.decoy_fp_rate)} |"
        )
    return "\n".join(lines)


def resolution_table(measured: Measurement) -> str:
    """Per signal: precision / recall as resolved, and with each injected error scenario."""
    scenarios = measured.resolution_errors
    head = " | ".join(f"{s.label} P / R" for s in scenarios)
    lines = [
        f"| signal | as resolved P / R | {head} |",
        "|---|---|" + "---|" * len(scenarios),
    ]
    for q in sorted(measured.signals, key=lambda q: q.signal_id):
        cells = []
        for scenario in scenarios:
            s = scenario.quality(q.signal_id)
            cells.append(f"{_num(s.precision)} / {_num(s.recall)}" if s else "–")
        lines.append(
            f"| `{q.signal_id}` | {_num(q.precision)} / {_num(q.recall)} | {' | '.join(cells)} |"
        )
    return "\n".join(lines)


def _delta(now: float | None, before: float | None) -> str:
    return "–" if now is None or before is None else f"{now - before:+.2f}"


def typology_table(measured: Measurement) -> str:
    """One row per typology: its signals together."""
    lines = [
        "| typology | signals | hits | true | precision | cases found | recall (cases) |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in measured.typologies:
        lines.append(
            f"| {t.typology} | {', '.join(f'`{s}`' for s in t.signals)} | {t.hits} "
            f"| {t.true_positives} | **{_num(t.precision)}** "
            f"| {_of(t.instances_found, t.instances)} | **{_num(t.instance_recall)}** |"
        )
    return "\n".join(lines)


def fairness_table(check: FairnessCheck) -> str:
    """False-positive rate per group of one protected attribute, with its ratio to the reference
    group (the most false positives) and the ratio's 95 % interval."""
    worst = _num(check.ratio)
    flag = " ⚠" if check.warning else ""
    lines = [
        f"**{check.attribute}**{flag} — largest ratio (either way): **{worst}** ({check.note})",
        "",
        "| group | persons | flagged wrongly | FP rate | ratio | 95 % interval | band |",
        "|---|---|---|---|---|---|---|",
    ]
    for g in check.groups:
        interval = "–" if g.low is None else f"{g.low:.2f}-{g.high:.2f}"
        status = g.status or ("reference" if g.group == check.reference else "too small")
        lines.append(
            f"| {g.group} | {g.persons:,} | {g.flagged_wrongly} | {g.rate:.4f} "
            f"| {_num(g.ratio)} | {interval} | {status} |"
        )
    if check.by_signal:
        names = [g.group for g in check.groups]
        lines += [
            "",
            f"Persons planted in no case reached per signal ({check.attribute}):",
            "",
            f"| signal | {' | '.join(names)} |",
            "|---|" + "---|" * len(names),
        ]
        lines += [
            f"| `{signal}` | {' | '.join(str(counts.get(n, 0)) for n in names)} |"
            for signal, counts in check.by_signal.items()
        ]
    return "\n".join(lines)


def notes_markdown(notes: dict[str, str]) -> str:
    """Where signals fall short, and why."""
    return "\n".join(f"- `{signal_id}`: {text}" for signal_id, text in sorted(notes.items()))


def measurement_markdown(
    measured: Measurement, level: str = "##", notes: dict[str, str] | None = None
) -> str:
    """The whole measurement: workload, tables per signal and typology, fairness."""
    sizes = " + ".join(f"{p:,}" for p in measured.persons)
    parts = [
        f"{level} Measured quality",
        f"Seeds {', '.join(map(str, measured.seeds))}, regions of {sizes} persons (reference "
        f"date {measured.as_of}). {measured.tuned_on}",
        "A hit is true when one of its entity's records is a planted target (the roles the "
        "definition names) of the signal's typology; precision = true hits / hits; recall = "
        "planted targets found / planted targets; a case is found when at least one of its "
        "targets is; decoy FP rate = decoy targets flagged / decoy targets. *Other planted* "
        "counts hits that are false for the signal's own typology but fall on a member of "
        "another planted case (e.g. a care company with a convicted director that applies for "
        "a permit): counted as false, though an analyst would want them.",
        f"{level}# Per signal",
        signal_table(measured),
        *(
            [f"{level}# At default and at high noise", high_noise_table(measured)]
            if measured.high_noise
            else []
        ),
        *([f"{level}# Change from before", change_table(measured)] if measured.baseline else []),
        *(
            [
                f"{level}# With resolution errors injected",
                "The default-noise regions again, with resolution errors injected into the "
                "canonical ids the signals read (`verweven/evaluation/resolution_errors.py`): "
                "*missed* = share of multi-record entities that lose one record to an entity of "
                "its own; *false* = share of persons, companies and addresses merged with "
                "another of the same schema. Scored against the truth regrouped by the changed "
                "ids.",
                resolution_table(measured),
            ]
            if measured.resolution_errors
            else []
        ),
        f"{level}# Per typology (its signals together)",
        typology_table(measured),
        *([f"{level}# Where signals fall short, and why", notes_markdown(notes)] if notes else []),
        f"{level}# Fairness",
        "Every hit of every signal is followed to the persons it falls on (the person hit; the "
        "directors and owners of a company; the owners of a property or vehicle; the residents "
        "of an address). A person planted in no case (decoys included) who is reached counts as "
        f"flagged wrongly ({measured.wrongly_flagged_persons} persons). Per protected attribute: "
        "each group's false-positive rate, its ratio to the group with the most false positives "
        "and the ratio's 95 % Katz interval; groups under 100 persons are not compared, and a "
        "warning (⚠) marks an interval that leaves the 0.8-1.25 band — *crosses*: too little "
        "evidence to show parity, *outside*: a disparity. The generator ties these attributes "
        "to income, housing, household size and sector as CBS reports them, so a signal reading "
        "a proxy would show here; no signal reads the attributes themselves.",
        *(fairness_table(c) for c in measured.fairness),
    ]
    return "\n\n".join(parts)


def _spread(days: list[int]) -> str:
    """Lowest, quartiles and highest of a list of day counts (ascending), or –."""
    if not days:
        return "–"
    if len(days) < 4:
        return ", ".join(f"{d:+d}" for d in days)
    q1, _, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return f"{days[0]:+d} / {q1:+.0f} / {statistics.median(days):+.0f} / {q3:+.0f} / {days[-1]:+d}"


def lead_cell(lead: LeadTime | None) -> str:
    """Median lead in days and the cases before / after the police / never flagged."""
    if lead is None or not lead.with_police:
        return "–"
    median = "–" if lead.median_days is None else f"{lead.median_days:+.0f} d"
    return (
        f"{median} ({lead.before_police} before, {lead.after_police} after, "
        f"{lead.never_flagged} never)"
    )


def lead_time_table(leads: list[LeadTime], measured: Measurement | None = None) -> str:
    """Per signal: cases, when they were first flagged against the police, and the spread."""
    lines = [
        "| signal | cases | flagged | police met | before police | after police "
        "| never flagged | median lead | lead min / q1 / median / q3 / max "
        "| unmet: flagged, median days before the reference | at first snapshot "
        "| single run: median, before / after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lead in sorted(leads, key=lambda q: q.signal_id):
        old = measured.quality(lead.signal_id) if measured else None
        single = (
            "–"
            if old is None or old.lead_days_median is None
            else f"{old.lead_days_median:+.0f} d, {old.warned_before_police} / "
            f"{old.fired_after_police}"
        )
        unmet = (
            f"{len(lead.unmet_days)}, {statistics.median(lead.unmet_days):.0f} d"
            if lead.unmet_days
            else "0"
        )
        median = "–" if lead.median_days is None else f"**{lead.median_days:+.0f} d**"
        lines.append(
            f"| `{lead.signal_id}` v{lead.signal_version} | {lead.cases} | {lead.flagged} "
            f"| {lead.with_police} | {lead.before_police} | {lead.after_police} "
            f"| {lead.never_flagged} | {median} | {_spread(lead.days)} | {unmet} "
            f"| {lead.at_first_snapshot} | {single} |"
        )
    return "\n".join(lines)


def lead_time_markdown(
    lead_times: LeadTimes, measured: Measurement | None = None, level: str = "##"
) -> str:
    """The lead times at default and high noise, with how they were measured."""
    first, last = lead_times.snapshots[0], lead_times.snapshots[-1]
    parts = [
        f"{level} Lead time from runs at {len(lead_times.snapshots)} snapshots",
        f"Seeds {', '.join(map(str, lead_times.seeds))} "
        f"({' + '.join(f'{p:,}' for p in lead_times.persons)} persons). Every signal ran on "
        f"each region as it stood every {lead_times.months} months from {first} to {last} "
        "(facts dated after a snapshot invisible to the engine; "
        "`verweven/evaluation/early_warning.py`). A planted case is *flagged* at the first "
        "snapshot at which a true hit falls on one of its targets; its *police* moment is the "
        "first police/OM record naming one of those targets that the first hit does not rest "
        "on. Lead = police day − flagging snapshot, in days (positive: before the police; exact "
        f"to within {lead_times.months} months, since the rule did not hold one snapshot "
        "earlier). *Never flagged*: the police met the case and no snapshot flagged it — not "
        "warned before the police either. *Unmet*: flagged cases no police/OM record names (no "
        "lead time; how long before the reference date they were first flagged). *At first "
        "snapshot*: flagged already at the first snapshot, so their lead is a lower bound. "
        "*Single run*: the earlier estimate from one run at the reference date, dating a hit "
        "by the newest fact in its evidence. Resolution ran once on the whole region, so early "
        "snapshots use canonical ids that later records may have helped to make.",
        f"{level}# Default noise",
        lead_time_table(lead_times.default, measured),
    ]
    parts.append(f"{level}# High noise")
    parts.append(
        lead_time_table(lead_times.high)
        if lead_times.high
        else "Not measured in this run (`python -m benchmarks.lead_time_bench` measures both)."
    )
    return "\n\n".join(parts)
