"""The published tables are attacked the ways an outsider would, and give nothing away."""

import random
from pathlib import Path

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped]

from verweven.picture import load_areas
from verweven.picture.build import aggregate, publish
from verweven.picture.disclosure import (
    Cell,
    DisclosureRules,
    Protected,
    Relation,
    audit,
    protect,
)
from verweven.picture.facts import Facts, Occurrence
from verweven.picture.indicators import INDICATORS
from verweven.synth.geography import build_geography, write_geojson

RULES = DisclosureRules()
YEARS = ("2024", "2025", "2026")
PERIODS = (*YEARS, "totaal")


def hierarchy() -> dict[str, list[str]]:
    """A region of 2 gemeenten; one with a single wijk (gemeente = wijk), one with three."""
    return {
        "regio": ["GM1", "GM2"],
        "GM1": ["WK1"],
        "WK1": ["BU11", "BU12", "BU13"],
        "GM2": ["WK2", "WK3", "WK4"],
        "WK2": ["BU21", "BU22"],
        "WK3": ["BU31", "BU32", "BU33"],
        "WK4": ["BU41"],
    }


def table(seed: int) -> tuple[dict[Cell, float], list[Relation]]:
    """Counts per buurt and year (many small ones), summed up areas and over years."""
    rng = random.Random(seed)
    inside = hierarchy()
    buurten = [b for kids in inside.values() for b in kids if b.startswith("BU")]
    values: dict[Cell, float] = {}
    for buurt in buurten:
        for year in YEARS:
            values[(buurt, year)] = float(rng.choice([0, 1, 2, 3, 4, 6, 8, 11, 14, 20, 35]))

    def total(code: str, period: str) -> float:
        if (code, period) in values:
            return values[(code, period)]
        if period == "totaal":
            return sum(total(code, y) for y in YEARS)
        return sum(total(child, period) for child in inside[code])

    areas = ["regio", *inside, *buurten]
    areas = list(dict.fromkeys(areas))
    for code in areas:
        for period in PERIODS:
            values[(code, period)] = total(code, period)
    relations: list[Relation] = [
        ((code, p), tuple((c, p) for c in kids)) for p in PERIODS for code, kids in inside.items()
    ]
    relations += [((code, "totaal"), tuple((code, y) for y in YEARS)) for code in areas]
    return values, relations


def differencing_attack(
    published: dict[Cell, float | None], relations: list[Relation]
) -> set[Cell]:
    """Cells an attacker pins down by one subtraction: a relation with one hidden cell."""
    found = set()
    for total, parts in relations:
        hidden = [c for c in (total, *parts) if published[c] is None]
        if len(hidden) == 1:
            found.add(hidden[0])
    return found


def lp_attack(
    published: dict[Cell, float | None], relations: list[Relation], targets: list[Cell]
) -> dict[Cell, tuple[float, float]]:
    """The attacker's interval per target cell, by linear programming on everything published
    (a rounded count r lies in [max(r-2, minimum), r+2], 0 is exact, a hidden one ≥ 0)."""
    cells = list(published)
    index = {c: i for i, c in enumerate(cells)}
    a_eq = np.zeros((len(relations), len(cells)))
    for row, (total, parts) in enumerate(relations):
        a_eq[row, index[total]] = 1
        for part in parts:
            a_eq[row, index[part]] = -1
    bounds = []
    for cell in cells:
        value = published[cell]
        if value is None:
            bounds.append((0, None))
        elif value == 0:  # 1..9 are never shown, so a shown 0 is exact
            bounds.append((0, 0))
        else:
            bounds.append((max(value - 2, RULES.minimum), value + 2))
    intervals = {}
    for cell in targets:
        ends = []
        for sign in (1, -1):
            c = np.zeros(len(cells))
            c[index[cell]] = sign
            answer = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(relations)), bounds=bounds)
            ends.append(np.inf if answer.status == 3 else sign * answer.fun)
        intervals[cell] = (ends[0], ends[1])
    return intervals


def small(values: dict[Cell, float]) -> list[Cell]:
    return [c for c, v in values.items() if 0 < v < RULES.minimum]


def test_only_primary_suppression_is_broken_by_both_attacks() -> None:
    # The attacks are real: on a table with just the small cells hidden they recover cells.
    values, relations = table(seed=3)
    naive = {
        c: None if 0 < v < RULES.minimum else float(round(v / 5) * 5) for c, v in values.items()
    }
    assert differencing_attack(naive, relations)
    intervals = lp_attack(naive, relations, small(values))
    assert any(high - low < RULES.protection for low, high in intervals.values())


def test_no_protected_cell_is_recovered_from_the_published_table() -> None:
    for seed in range(6):
        values, relations = table(seed)
        protected = protect(values, relations, RULES)
        published = protected.published
        assert set(small(values)) <= set(protected.reasons)
        assert not differencing_attack(published, relations)
        for cell, (low, high) in lp_attack(published, relations, small(values)).items():
            assert low <= values[cell] <= high  # the attack is sound...
            assert high - low >= RULES.protection, (seed, cell, low, high)  # ...and fails


def test_published_counts_are_rounded_to_multiples_of_five() -> None:
    values, relations = table(seed=1)
    published = protect(values, relations, RULES).published
    shown = [v for v in published.values() if v is not None]
    assert shown and all(v % RULES.rounding == 0 for v in shown)
    assert all(v == 0 or v >= RULES.minimum for v in shown)


def test_a_dominated_sum_of_money_is_suppressed() -> None:
    values = {("regio", "t"): 30.0, ("A", "t"): 15.0, ("B", "t"): 15.0}
    relations: list[Relation] = [(("regio", "t"), (("A", "t"), ("B", "t")))]
    money = {
        ("A", "t"): [1e6] + [1e4] * 14,  # one purchase is almost all of A's sum
        ("B", "t"): [1e5] * 15,
        ("regio", "t"): [1e6] + [1e4] * 14 + [1e5] * 15,
    }
    sums = {cell: sum(amounts) for cell, amounts in money.items()}
    protected: Protected = protect(sums, relations, RULES, money)
    assert protected.reasons[("A", "t")] == "primair"
    # B alone would give A away from the region's sum: one of them is hidden too.
    assert len(protected.reasons) >= 2
    assert values  # the counts themselves are safe (≥ 10)


def test_the_minimum_is_configurable() -> None:
    values, relations = table(seed=2)
    strict = protect(values, relations, DisclosureRules(minimum=15, protection=15))
    assert all(c in strict.reasons for c, v in values.items() if 0 < v < 15)


def test_the_published_picture_resists_the_attacks(tmp_path: Path) -> None:
    # The tables `publish` makes from a picture (areas of a synthetic region, every indicator)
    # under the same attacks, with the relations of the picture itself.
    write_geojson(build_geography(30_000, seed=9), tmp_path)
    areas = load_areas(tmp_path)
    rng = random.Random(9)
    facts = Facts()
    for area in areas.at("buurt"):
        facts.inhabitants[area.code] = 1_500
        facts.companies[area.code] = 150
        for indicator in INDICATORS:
            period = rng.choice(["2025", "2026"]) if indicator.dated else "stand"
            count = rng.choice([0, 1, 2, 5, 9, 12, 30])
            facts.occurrences += [Occurrence(indicator.id, area.code, period, 1e5)] * count
    picture = aggregate(facts, areas)
    for table, shown in zip(picture.tables, publish(picture, RULES), strict=True):
        relations = picture.relations(table)
        published = shown.counts.published
        assert not differencing_attack(published, relations)
        for cell, (low, high) in lp_attack(published, relations, small(table.counts)).items():
            assert high - low >= RULES.protection, (table.indicator.id, cell, low, high)


def exact_narrow(
    values: dict[Cell, float], hidden: set[Cell], relations: list[Relation], width: float
) -> set[Cell]:
    """The reference audit: two programmes per hidden small cell, the shown cells exact."""
    cells = sorted(hidden)
    index = {c: i for i, c in enumerate(cells)}
    rows, right = [], []
    for total, parts in relations:
        row, known = np.zeros(len(cells)), 0.0
        for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if cell in hidden:
                row[index[cell]] += sign
            else:
                known += sign * values[cell]
        if row.any():
            rows.append(row)
            right.append(-known)
    found = set()
    for cell in (c for c in cells if 0 < values[c] < RULES.minimum):
        ends = []
        for sign in (1, -1):
            c = np.zeros(len(cells))
            c[index[cell]] = sign
            answer = linprog(c, A_eq=np.array(rows), b_eq=right, bounds=(0, None))
            ends.append(np.inf if answer.status == 3 else sign * answer.fun)
        if ends[1] - ends[0] < width - 1e-6:
            found.add(cell)
    return found


def test_the_audit_finds_exactly_the_cells_an_exact_attack_narrows() -> None:
    # The audit skips a cell's own programmes when the points it has seen already differ by
    # the width; it must still find every cell the full two-programmes-per-cell audit finds.
    rng = random.Random(5)
    checked = 0
    for seed in range(8):
        values, relations = table(seed)
        hidden = {c for c, v in values.items() if 0 < v < RULES.minimum}
        hidden |= set(rng.sample(sorted(values), len(values) // 6))
        required = {c: float(RULES.protection) for c in hidden if 0 < values[c] < RULES.minimum}
        expected = exact_narrow(values, hidden, relations, RULES.protection)
        assert set(audit(values, hidden, relations, required)) == expected, seed
        checked += len(expected)
    assert checked  # some cells were narrow, so the comparison means something
