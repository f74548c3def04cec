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
        "| targets found | recall | cases found | decoys flagged | decoy FP rate | time |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for q in sorted(measured.signals, key=lambda q: (q.typology, q.signal_id)):
        lines.append(
            f"| {q.typology} | `{q.signal_id}` v{q.signal_version} | {', '.join(q.target_roles)} "
            f"| {q.hits} | {q.true_positives} | **{_num(q.precision)}** | {q.other_planted} "
            f"| {_of(q.targets_found, q.targets)} | **{_num(q.recall)}** "
            f"| {_of(q.instances_found, q.instances)} | {_of(q.decoys_flagged, q.decoys)} "
            f"| {_num(q.decoy_fp_rate)} | {q.seconds:.1f} s |"
        )
    return "\n".join(lines)


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
    """False-positive rate per group of one protected attribute, with its ratio to the largest
    group and the ratio's 95 % interval."""
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
        f"{level}# Per typology (its signals together)",
        typology_table(measured),
        *([f"{level}# Where signals fall short, and why", notes_markdown(notes)] if notes else []),
        f"{level}# Fairness",
        "For every person flagged by a signal who is planted in no case at all "
        f"({measured.wrongly_flagged_persons} persons): the false-positive rate per group of "
        "each protected attribute, which the generator draws independently of everything else "
        "(so any real difference would come from the signals). No signal reads these "
        "attributes; the ratio is a check, not a design input.",
        *(fairness_table(c) for c in measured.fairness),
    ]
    return "\n\n".join(parts)
