"""Markdown tables of a measurement: per signal, per typology, and the fairness checks.

Used by the register (docs/signals.md), the ``evaluate signals`` command and the benchmark.
"""

from verweven.signals.measured import FairnessCheck, Measurement


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _of(part: int, whole: int) -> str:
    return f"{part} / {whole}"


def signal_table(measured: Measurement) -> str:
    """One row per signal, grouped by typology."""
    lines = [
        "| typology | signal | target roles | hits | true | precision | other planted "
        "| targets found | recall | cases found | decoys flagged | decoy FP rate "
        "| lead time (median) | before / after police | time |",
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
