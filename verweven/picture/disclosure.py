"""Statistical disclosure control of a published table: frequency rule, dominance rule,
rounding, and secondary suppression checked by linear programming (docs/picture.md).

A table is a set of cells (area, period) with linear relations between them: every area is
the sum of the areas directly inside it, and the total over periods is the sum of its years.
An attacker knows the relations, every published (rounded) value and how it was rounded, and
that no count is negative. For every primary cell (a count below the minimum, a sum of money
that one contribution dominates) the published table must leave the attacker an interval at
least ``protection`` wide: the audit solves, per such cell, two linear programmes (its least
and its largest value given everything published), and suppresses a further cell next to
any cell it finds too narrow, until none is. No Python library for cell suppression is
maintained (sdcMicro and tau-Argus are R and Java); HiGHS through ``scipy.optimize.linprog``
is the solver.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped]
from scipy.sparse import lil_matrix  # type: ignore[import-untyped]

Cell = tuple[str, str]  # (area code, period)
Relation = tuple[Cell, tuple[Cell, ...]]  # total, parts


@dataclass(frozen=True)
class DisclosureRules:
    """The protection settings, reported with every published table.

    ``minimum``: counts from 1 to minimum-1 are suppressed (0 is published); ``rounding``:
    published counts are rounded to a multiple of it; ``dominance``: a sum of money is
    suppressed when its largest or its smallest contribution is more than this share of it;
    ``money_rounding``: sums of money are rounded to a multiple of it; ``protection``: the
    width the attacker's interval for a suppressed count must have at least (for a sum of
    money: ``dominance`` times the sum)."""

    minimum: int = 10
    rounding: int = 5
    dominance: float = 0.30
    money_rounding: int = 1_000
    protection: int = 10

    def describe(self) -> str:
        """The settings in one Dutch sentence."""
        return (
            f"frequentieregel: minimaal {self.minimum}; afronding op veelvouden van "
            f"{self.rounding}; dominantieregel: grootste en kleinste bijdrage elk hoogstens "
            f"{self.dominance:.0%} van een geldsom; geldsommen afgerond op "
            f"{self.money_rounding}; beschermingsinterval minimaal {self.protection}"
        )


@dataclass(frozen=True)
class Protected:
    """A protected table: the published value of every cell (None: suppressed, shown as
    "."), and why each suppressed cell is suppressed (``primair`` or ``secundair``)."""

    published: dict[Cell, float | None]
    reasons: dict[Cell, str]


def round_to(value: float, base: int) -> float:
    """``value`` rounded to the nearest multiple of ``base`` (halves up: deterministic)."""
    return float(int(value / base + 0.5) * base)


def protect(
    values: dict[Cell, float],
    relations: Sequence[Relation],
    rules: DisclosureRules,
    contributions: dict[Cell, list[float]] | None = None,
    forced: frozenset[Cell] = frozenset(),
) -> Protected:
    """Protect one table. Without ``contributions`` the values are counts; with them they are
    sums of money (each cell's individual amounts) and the dominance rule applies. Cells in
    ``forced`` are suppressed whatever their value (the money cells of suppressed counts)."""
    money = contributions is not None
    base = rules.money_rounding if money else rules.rounding
    primary = set(forced)
    required: dict[Cell, float] = {}
    for cell, value in values.items():
        if money:
            parts = sorted(abs(a) for a in (contributions or {}).get(cell, []))
            if (
                parts
                and value > 0
                and (parts[-1] > rules.dominance * value or parts[0] > rules.dominance * value)
            ):
                primary.add(cell)
                required[cell] = rules.dominance * value
        elif 0 < value < rules.minimum:
            primary.add(cell)
            required[cell] = float(rules.protection)
    suppressed = _close(values, relations, set(primary))
    while True:
        narrow = audit(_publish(values, suppressed, base, rules, money), relations, base,
                       rules, money, required)  # fmt: skip
        if not narrow:
            break
        grown = set(suppressed)
        for cell in narrow:
            grown.add(_partner(cell, values, relations, grown))
        if grown == suppressed:
            raise RuntimeError(f"cannot protect cells {sorted(narrow)[:3]}")
        suppressed = _close(values, relations, grown)
    reasons = {c: "primair" if c in primary else "secundair" for c in suppressed}
    return Protected(_publish(values, suppressed, base, rules, money), reasons)


def _publish(
    values: dict[Cell, float], suppressed: set[Cell], base: int, rules: DisclosureRules,
    money: bool,
) -> dict[Cell, float | None]:  # fmt: skip
    return {
        cell: None if cell in suppressed else round_to(value, base)
        for cell, value in values.items()
    }


def _close(values: dict[Cell, float], relations: Sequence[Relation], cells: set[Cell]) -> set[Cell]:
    """Add partners until no relation has exactly one suppressed cell (which its others
    would give away by a difference)."""
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            members = (total, *parts)
            hidden = [c for c in members if c in cells]
            if len(hidden) == 1:
                cells.add(_partner(hidden[0], values, [(total, parts)], cells))
                changed = True
    return cells


def _partner(
    cell: Cell, values: dict[Cell, float], relations: Sequence[Relation], hidden: set[Cell]
) -> Cell:
    """The cell to suppress beside ``cell``: in a relation holding it, the smallest non-zero
    published part (hiding little), else the relation's total, else any published cell."""
    candidates: list[tuple[int, float, Cell]] = []
    for total, parts in relations:
        if cell != total and cell not in parts:
            continue
        for other in parts:
            if other not in hidden and other != cell:
                candidates.append((0 if values[other] > 0 else 2, values[other], other))
        if total not in hidden and total != cell:
            candidates.append((1, values[total], total))
    if not candidates:
        return cell
    return min(candidates)[2]


def audit(
    published: dict[Cell, float | None],
    relations: Sequence[Relation],
    base: int,
    rules: DisclosureRules,
    money: bool,
    required: dict[Cell, float],
) -> list[Cell]:
    """The suppressed cells in ``required`` whose interval an attacker can narrow to less
    than their required width, by linear programming on everything published."""
    targets = [c for c in required if published.get(c) is None]
    if not targets:
        return []
    lower, upper = attacker_bounds(published, base, rules, money)
    attack = Attack(lower, upper, relations)
    return [c for c in targets if attack.width(c) < required[c] - 1e-6]


def attacker_bounds(
    published: dict[Cell, float | None], base: int, rules: DisclosureRules, money: bool
) -> tuple[dict[Cell, float], dict[Cell, float]]:
    """What the attacker knows of each cell from its published value: a rounded value r
    lies within half a rounding base of r (and a published count is at least the minimum,
    so a published 0 is exact); a suppressed cell is any non-negative value."""
    half = (base - 1) / 2 if not money else base / 2
    lower: dict[Cell, float] = {}
    upper: dict[Cell, float] = {}
    for cell, value in published.items():
        if value is None:
            lower[cell], upper[cell] = 0.0, np.inf
        elif value == 0 and not money:  # counts 1..minimum-1 are never shown: 0 is exact
            lower[cell], upper[cell] = 0.0, 0.0
        else:
            floor = 0.0 if money else float(rules.minimum)
            lower[cell], upper[cell] = max(value - half, floor, 0.0), value + half
    return lower, upper


class Attack:
    """The attacker's linear programmes over one published table: every cell a variable
    within its bounds, every relation an equality."""

    def __init__(
        self, lower: dict[Cell, float], upper: dict[Cell, float], relations: Sequence[Relation]
    ) -> None:
        cells = list(lower)
        self.index = {c: i for i, c in enumerate(cells)}
        matrix = lil_matrix((len(relations), len(cells)))
        for row, (total, parts) in enumerate(relations):
            matrix[row, self.index[total]] = 1.0
            for part in parts:
                matrix[row, self.index[part]] -= 1.0
        self.equalities = matrix.tocsr()
        self.zeros = np.zeros(len(relations))
        self.bounds = [(lower[c], None if upper[c] == np.inf else upper[c]) for c in cells]

    def feasible_range(self, cell: Cell) -> tuple[float, float]:
        """The least and largest value of ``cell`` consistent with what is published."""
        result = []
        for sign in (1.0, -1.0):
            objective = np.zeros(len(self.bounds))
            objective[self.index[cell]] = sign
            answer = linprog(objective, A_eq=self.equalities, b_eq=self.zeros,
                             bounds=self.bounds, method="highs")  # fmt: skip
            if answer.status == 3:  # unbounded: the attacker learns no upper limit
                result.append(np.inf)
            elif answer.status != 0:
                raise RuntimeError(f"the disclosure audit found no solution: {answer.message}")
            else:
                result.append(sign * answer.fun)
        return result[0], result[1]

    def width(self, cell: Cell) -> float:
        """How wide the attacker's interval for ``cell`` is."""
        low, high = self.feasible_range(cell)
        return high - low
