"""Statistical disclosure control of a published table: frequency rule, dominance rule,
rounding, and secondary suppression checked by linear programming (docs/picture.md).

A table is a set of cells (area, period) with linear relations between them: every area is
the sum of the areas directly inside it, and the total over periods is the sum of its years.
An attacker knows the relations, every published value and that no count is negative. For
every primary cell (a count below the minimum, a sum of money that one contribution
dominates) the published table must leave the attacker an interval at least ``protection``
wide: the audit solves, per such cell, two linear programmes (its least and its largest
value given everything published, taken as exact though it is rounded), and suppresses a
further cell next to any cell it finds too narrow, until none is. No Python library for
cell suppression is maintained (sdcMicro and tau-Argus are R and Java); the solver is HiGHS,
through the bindings scipy ships (``scipy.optimize._highspy``, the same as the ``highspy``
package): one model per group of hidden cells, re-solved for each objective from the last
basis, where ``scipy.optimize.linprog`` would build the model again for every solve.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize._highspy import _core as highs  # type: ignore[import-untyped]
from scipy.sparse import csc_matrix, lil_matrix  # type: ignore[import-untyped]

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
    carried: frozenset[Cell] = frozenset(),
) -> Protected:
    """Protect one table. Without ``contributions`` the values are counts; with them they are
    sums of money (each cell's individual amounts) and the dominance rule applies. Cells in
    ``forced`` are suppressed whatever their value (the money cells of suppressed counts);
    so are those in ``carried``, which an earlier publication of the table hid (reason
    ``eerder geheim``; see ``picture/register.py``)."""
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
    suppressed = _close(values, relations, set(primary) | (carried & values.keys()))
    # Hiding a cell only widens the attacker's intervals, so a cell found safe stays safe:
    # each round audits only the cells the last one found too narrow.
    targets = [c for c in required if c in suppressed]
    holding: dict[Cell, list[Relation]] = {}
    for relation in relations:
        for member in (relation[0], *relation[1]):
            holding.setdefault(member, []).append(relation)
    while narrow := audit(values, suppressed, relations, {c: required[c] for c in targets}):
        grown = set(suppressed)
        for cell in narrow:
            grown.add(_partner(cell, values, holding.get(cell, []), grown))
        if grown == suppressed:
            raise RuntimeError(f"cannot protect cells {sorted(narrow)[:3]}")
        suppressed, targets = _close(values, relations, grown), narrow
    reasons = {
        c: "primair" if c in primary else "eerder geheim" if c in carried else "secundair"
        for c in suppressed
    }
    return Protected(_publish(values, suppressed, base), reasons)


def _publish(
    values: dict[Cell, float], suppressed: set[Cell], base: int
) -> dict[Cell, float | None]:
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
    values: dict[Cell, float],
    suppressed: set[Cell],
    relations: Sequence[Relation],
    required: dict[Cell, float],
) -> list[Cell]:
    """The suppressed cells in ``required`` whose interval an attacker can narrow to less
    than their required width by linear programming.

    The audit's attacker knows every shown cell *exactly* (not just rounded): a stronger
    attacker than the real one, so a cell it cannot narrow is safe from the real one too, and
    the problem falls apart into small independent programmes, one per group of hidden cells
    that share a sum."""
    targets = [c for c in required if c in suppressed]
    if not targets:
        return []
    groups = _Groups()
    rows: list[tuple[dict[Cell, float], float]] = []
    for total, parts in relations:
        coefficients: dict[Cell, float] = {}
        known = 0.0
        for cell, sign in ((total, 1.0), *((part, -1.0) for part in parts)):
            if cell in suppressed:
                coefficients[cell] = coefficients.get(cell, 0.0) + sign
            else:
                known += sign * values[cell]
        if coefficients:
            rows.append((coefficients, -known))
            groups.join(list(coefficients))
    by_group: dict[Cell, list[tuple[dict[Cell, float], float]]] = {}
    for row in rows:
        by_group.setdefault(groups.find(next(iter(row[0]))), []).append(row)
    in_group: dict[Cell, list[Cell]] = {}
    for cell in targets:
        in_group.setdefault(groups.find(cell), []).append(cell)
    cap = _cap(values, required)
    narrow = []
    for root, cells in in_group.items():
        attack = Attack(by_group.get(root, []), cells, values, cap)
        narrow += attack.narrow({c: required[c] for c in cells})
    return narrow


def _cap(values: dict[Cell, float], required: dict[Cell, float]) -> float:
    """An upper bound for every hidden cell, far above any value in the table. The real
    attacker knows no such bound; giving it one only narrows its intervals, so a cell found
    wide enough with it is wide enough without. It keeps every programme bounded, so every
    solve yields a point of the attacker's feasible set."""
    return 10.0 * (max(values.values(), default=0.0) + max(required.values(), default=0.0)) + 10


class _Groups:
    """Union-find over cells: which hidden cells are tied together by sums."""

    def __init__(self) -> None:
        self.parent: dict[Cell, Cell] = {}

    def find(self, cell: Cell) -> Cell:
        self.parent.setdefault(cell, cell)
        while self.parent[cell] != cell:
            self.parent[cell] = self.parent[self.parent[cell]]
            cell = self.parent[cell]
        return cell

    def join(self, cells: list[Cell]) -> None:
        first = self.find(cells[0])
        for cell in cells[1:]:
            self.parent[self.find(cell)] = first


class Attack:
    """The attacker's linear programmes over one group of hidden cells: every hidden cell a
    variable between 0 and ``cap``, every sum holding one an equality with the shown cells'
    values.

    Every point an attacker could take for the table widens what it cannot rule out: the
    true table is one, and every solution of a programme another. So a cell whose values
    over the points seen so far already differ by its required width is safe without a
    programme of its own; only the others get their two (least and largest value), whose
    solutions in turn widen the others'. That keeps the number of programmes far below two
    per hidden cell."""

    def __init__(
        self,
        rows: list[tuple[dict[Cell, float], float]],
        targets: list[Cell],
        values: dict[Cell, float],
        cap: float,
    ) -> None:
        cells = sorted({cell for coefficients, _ in rows for cell in coefficients} | set(targets))
        self.index = {c: i for i, c in enumerate(cells)}
        self.size = len(cells)
        truth = np.array([values[c] for c in cells])
        self.low, self.high = truth.copy(), truth.copy()
        matrix = lil_matrix((len(rows), self.size))
        for row, (coefficients, _) in enumerate(rows):
            for cell, coefficient in coefficients.items():
                matrix[row, self.index[cell]] = coefficient
        right = np.array([rhs for _, rhs in rows], dtype=float)
        self.solver = _model(matrix.tocsc(), right, cap)
        self.columns = np.arange(self.size, dtype=np.int32)

    def _solve(self, objective: np.ndarray) -> np.ndarray:
        """Minimise ``objective``; only the objective changes between solves, so HiGHS
        starts from the last optimal basis."""
        self.solver.changeColsCost(self.size, self.columns, objective)
        self.solver.run()
        status = self.solver.getModelStatus()
        if status != highs.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the disclosure audit found no solution: {status}")
        point = np.asarray(self.solver.getSolution().col_value)
        np.minimum(self.low, point, out=self.low)
        np.maximum(self.high, point, out=self.high)
        return point

    def narrow(self, required: dict[Cell, float]) -> list[Cell]:
        """The cells of ``required`` whose interval is narrower than their required width."""
        size = self.size
        wanted = np.zeros(size)
        for cell in required:
            wanted[self.index[cell]] = 1.0
        self._solve(-wanted)  # every target as large as it can be at once, then as small
        self._solve(wanted)
        found = []
        for cell, width in required.items():
            i = self.index[cell]
            for sign in (-1.0, 1.0):
                if self.high[i] - self.low[i] >= width - 1e-6:
                    break
                objective = np.zeros(size)
                objective[i] = sign
                self._solve(objective)
            if self.high[i] - self.low[i] < width - 1e-6:
                found.append(cell)  # both extremes solved: the interval is exact
        return found


def _model(matrix: csc_matrix, right: np.ndarray, cap: float) -> "highs._Highs":
    """A HiGHS model of ``matrix @ x == right``, ``0 <= x <= cap``, objective still zero."""
    lp = highs.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = np.zeros(lp.num_col_)
    lp.col_lower_, lp.col_upper_ = np.zeros(lp.num_col_), np.full(lp.num_col_, cap)
    lp.row_lower_ = lp.row_upper_ = right
    columns = lp.a_matrix_
    columns.format_ = highs.MatrixFormat.kColwise
    columns.num_col_, columns.num_row_ = lp.num_col_, lp.num_row_
    columns.start_, columns.index_, columns.value_ = matrix.indptr, matrix.indices, matrix.data
    lp.a_matrix_ = columns
    solver = highs._Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    return solver
