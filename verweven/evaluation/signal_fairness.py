"""Fairness of the signals: false-positive rates per protected group over every hit.

A hit on a company, an address, a vehicle or a property falls on people too: its owners and
directors, its residents, its holders. So every hit of every signal is followed to the persons
it reaches (``reach``), and a person planted in no case (decoys included: they are innocent) who
is reached by any hit counts as flagged wrongly. Per protected attribute, each group's
false-positive rate is compared with that of the group with the most false positives (the most
precise rate) as a ratio with a 95 % Katz
log interval; groups below ``MIN_GROUP`` persons are listed but not compared. A ratio whose
interval leaves the 0.8-1.25 band is a warning: either a disparity (the whole interval outside
the band) or too little evidence to show parity (the interval crosses it).

The generator ties protected attributes to income, housing, household size and sector
(``verweven/synth/disparities.py``), so a signal that reads one of those can show up here.
"""

import math
from collections import Counter
from collections.abc import Callable
from datetime import date

import pyarrow as pa

from verweven.access import Actor
from verweven.signals.measured import FairnessCheck, GroupRate
from verweven.store import Store

PROTECTED_ATTRIBUTES = ("nationality", "gender", "birth_country", "birth_year")
MIN_GROUP = 100
MIN_FLAGGED = 10
MAX_GROUPS_BY_SIGNAL = 6
BAND = (0.8, 1.25)
Z = 1.96  # 95 % interval

# Relationship schema → (the person's property, the hit entity's property); for UnknownLink only
# BRP residences (role W) count.
TIES = {
    "Directorship": ("director", "organization"),
    "Ownership": ("owner", "asset"),
    "UnknownLink": ("subject", "object"),
}
RESIDENCE_ROLE = "W"


def reach(store: Store, reader: Actor, as_of: date) -> dict[str, set[str]]:
    """canonical entity → canonical ids of the persons and companies tied to it on ``as_of``:
    current directors and owners (of a company, a vehicle, a property) and residents."""
    props = sorted({p for pair in TIES.values() for p in pair} | {"role", "endDate", "id"})
    relations = store.read_statement_table(reader, sorted(TIES), props)
    canonical = _canonical_ids(store, reader)
    rows: dict[str, dict[str, str]] = {}
    for entity_id, schema, prop, value in zip(
        *(relations.column(c).to_pylist() for c in ("entity_id", "schema", "prop", "value")),
        strict=True,
    ):
        rows.setdefault(entity_id, {"schema": schema})[prop] = value
    tied: dict[str, set[str]] = {}
    for row in rows.values():
        who, what = TIES[row["schema"]]
        if row["schema"] == "UnknownLink" and row.get("role") != RESIDENCE_ROLE:
            continue
        if row.get("endDate", "9999")[:10] <= as_of.isoformat():
            continue
        person, entity = canonical.get(row.get(who, "")), canonical.get(row.get(what, ""))
        if person and entity:
            tied.setdefault(entity, set()).add(person)
    return tied


def _canonical_ids(store: Store, reader: Actor) -> dict[str, str]:
    table: pa.Table = store.read_statement_table(
        reader,
        ["Person", "Company", "Organization", "LegalEntity", "Address", "Vehicle", "RealEstate"],
        ["id"],
    )
    return dict(
        zip(
            table.column("entity_id").to_pylist(),
            table.column("canonical_id").to_pylist(),
            strict=True,
        )
    )


def age_band(birth_year: str, as_of: date) -> str:
    """The age group of a person on the reference date."""
    if not birth_year.isdigit():
        return "onbekend"
    age = as_of.year - int(birth_year)
    for limit, label in ((18, "0-17"), (30, "18-29"), (45, "30-44"), (65, "45-64")):
        if age < limit:
            return label
    return "65+"


def fairness_checks(
    flagged: set[str],
    population: dict[str, dict[str, str]],
    by_signal: dict[str, set[str]] | None = None,
) -> list[FairnessCheck]:
    """Per protected attribute (and grouping): each group's false-positive rate and its ratio to
    the group with the most false positives, with a Katz interval. ``population``: person key →
    attributes (with ``age`` already banded), persons planted in no case only; ``flagged``:
    those reached; ``by_signal``: signal id → the persons its hits reached (which signal drives
    a difference), counted per group for attributes of at most ``MAX_GROUPS_BY_SIGNAL`` groups."""
    checks = []
    for name, attribute, group_of in _groupings():
        if not any(attribute in p for p in population.values()):
            continue
        sizes = Counter(group_of(p.get(attribute, "")) for p in population.values())
        hits = Counter(group_of(population[p].get(attribute, "")) for p in flagged)
        check = _check(name, sizes, hits)
        if by_signal and len(sizes) <= MAX_GROUPS_BY_SIGNAL:
            check.by_signal = {
                signal: dict(Counter(group_of(population[p].get(attribute, "")) for p in reached))
                for signal, reached in sorted(by_signal.items())
                if reached
            }
        checks.append(check)
    return checks


def _groupings() -> list[tuple[str, str, Callable[[str], str]]]:
    return [
        ("nationality", "nationality", _same),
        ("nationality (Dutch / other)", "nationality", _dutch_or_other),
        ("country of birth (Netherlands / abroad)", "birth_country", _born_here),
        ("gender", "gender", _same),
        ("age", "age", _same),
    ]


def _same(value: str) -> str:
    return value


def _dutch_or_other(value: str) -> str:
    return "Nederlandse" if value == "Nederlandse" else "andere"


def _born_here(value: str) -> str:
    return "Nederland" if value == "Nederland" else "buitenland"


def katz_interval(a: int, n1: int, b: int, n2: int) -> tuple[float, float, float]:
    """Ratio of rates a/n1 : b/n2 with its 95 % Katz log interval; a zero count gets the usual
    0.5 correction so that the interval stays defined (and wide)."""
    if a == 0 or b == 0:
        a_, b_, n1_, n2_ = a + 0.5, b + 0.5, n1 + 0.5, n2 + 0.5
    else:
        a_, b_, n1_, n2_ = float(a), float(b), float(n1), float(n2)
    ratio = (a_ / n1_) / (b_ / n2_)
    se = math.sqrt(max(1 / a_ - 1 / n1_ + 1 / b_ - 1 / n2_, 0.0))
    return ratio, ratio * math.exp(-Z * se), ratio * math.exp(Z * se)


def band_status(low: float, high: float) -> str:
    """Where a ratio's interval lies against the 0.8-1.25 band."""
    if BAND[0] <= low and high <= BAND[1]:
        return "within"
    if high < BAND[0] or low > BAND[1]:
        return "outside"
    return "crosses"


def _check(attribute: str, sizes: Counter[str], hits: Counter[str]) -> FairnessCheck:
    ordered = sorted(sizes.items(), key=lambda gn: (-gn[1], gn[0]))
    # The reference is the group with the most false positives: its rate is the most precise
    # (a rate of zero, or of a handful, compares badly). Ties go to the larger group.
    reference, ref_size = min(ordered, key=lambda gn: (-hits[gn[0]], -gn[1], gn[0]))
    groups = []
    for group, persons in ordered:
        rate = GroupRate(group=group, persons=persons, flagged_wrongly=hits[group], rate=0.0)
        rate.rate = hits[group] / persons
        if group != reference and persons >= MIN_GROUP:
            ratio, low, high = katz_interval(hits[group], persons, hits[reference], ref_size)
            rate.ratio, rate.low, rate.high = round(ratio, 3), round(low, 3), round(high, 3)
            rate.status = band_status(low, high)
        groups.append(rate)
    compared = [g for g in groups if g.ratio is not None]
    small = [g.group for g in groups if g.persons < MIN_GROUP]
    flagged = sum(hits.values())
    notes = [
        f"ratios to {reference} (the group with the most false positives), 95 % Katz "
        "interval, groups of at least "
        f"{MIN_GROUP} persons"
    ]
    if small:
        notes.append(f"{len(small)} groups too small to compare")
    if flagged < MIN_FLAGGED:
        notes.append(f"only {flagged} persons flagged wrongly: rates are noise at this size")
    warnings = [g.group for g in compared if g.status != "within"]
    if warnings:
        notes.append(
            "WARNING: the interval of "
            + ", ".join(warnings)
            + f" leaves the {BAND[0]}-{BAND[1]} band"
        )
    worst = max((max(g.ratio, 1 / g.ratio) for g in compared if g.ratio), default=None)
    return FairnessCheck(
        attribute=attribute,
        groups=groups,
        ratio=round(worst, 3) if worst is not None else None,
        note="; ".join(notes),
        reference=reference,
        warning=bool(warnings),
    )
