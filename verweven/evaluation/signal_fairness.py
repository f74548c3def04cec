"""Fairness of the signals: false-positive rates per group of each protected attribute.

The generator draws nationality and gender independently of everything else, and no signal may
read them; so a difference between groups' false-positive rates can only come from a signal
reading a proxy. Groups too small to compare, and too few false positives to mean anything, are
said so in the check's note rather than hidden.
"""

from collections import Counter
from collections.abc import Callable

from verweven.signals.measured import FairnessCheck, GroupRate

PROTECTED_ATTRIBUTES = ("nationality", "gender")
MIN_GROUP = 100
MIN_FLAGGED = 10


def fairness_checks(wrong: set[str], protected: dict[str, dict[str, str]]) -> list[FairnessCheck]:
    """Per protected attribute: each group's false-positive rate and the max/min ratio."""
    checks = []
    for attribute in PROTECTED_ATTRIBUTES:
        for name, group_of in _groupings(attribute):
            sizes = Counter(group_of(p[attribute]) for p in protected.values())
            flagged = Counter(group_of(protected[p][attribute]) for p in wrong)
            groups = [
                GroupRate(group=g, persons=n, flagged_wrongly=flagged[g], rate=flagged[g] / n)
                for g, n in sorted(sizes.items(), key=lambda gn: (-gn[1], gn[0]))
            ]
            checks.append(_check(name, groups))
    return checks


def _groupings(attribute: str) -> list[tuple[str, Callable[[str], str]]]:
    if attribute != "nationality":
        return [(attribute, _same)]
    return [(attribute, _same), ("nationality (Dutch / other)", _dutch_or_other)]


def _same(value: str) -> str:
    return value


def _dutch_or_other(value: str) -> str:
    return "Nederlandse" if value == "Nederlandse" else "andere"


def _check(attribute: str, groups: list[GroupRate]) -> FairnessCheck:
    usable = [g for g in groups if g.persons >= MIN_GROUP]
    rates = [g.rate for g in usable]
    ratio = max(rates) / min(rates) if len(rates) >= 2 and min(rates) > 0 else None
    small = [g.group for g in groups if g.persons < MIN_GROUP]
    flagged = sum(g.flagged_wrongly for g in groups)
    notes = [f"ratio over groups of at least {MIN_GROUP} persons"]
    if small:
        notes.append(f"{len(small)} groups too small to compare")
    if flagged < MIN_FLAGGED:
        notes.append(f"only {flagged} persons flagged wrongly: rates are noise at this size")
    if ratio is None and len(rates) >= 2:
        notes.append("a group without false positives makes the ratio undefined")
    return FairnessCheck(attribute=attribute, groups=groups, ratio=ratio, note="; ".join(notes))
