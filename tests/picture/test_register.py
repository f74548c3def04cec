"""A picture published again after late deliveries: the two publications together give away no
cell the first one hid, even to an attacker who knows exactly what the late deliveries changed."""

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog  # type: ignore[import-untyped]

from tests.picture.test_disclosure import RULES, YEARS, hierarchy, table
from verweven.errors import InputError
from verweven.picture.disclosure import Cell, Protected, Relation, protect
from verweven.picture.register import exposed, load_register, record_publication

NOW = datetime(2026, 12, 2, tzinfo=UTC)


def late(values: dict[Cell, float], changes: dict[Cell, float]) -> dict[Cell, float]:
    """``values`` after late deliveries changed some buurt-year cells, summed up again."""
    inside = hierarchy()
    parent = {child: code for code, kids in inside.items() for child in kids}
    new = dict(values)
    for (buurt, year), change in changes.items():
        code: str | None = buurt
        while code is not None:
            for period in (year, "totaal"):
                new[(code, period)] += change
            code = parent.get(code)
    return new


def bounds(shown: float | None, shift: float = 0.0) -> tuple[float, float | None]:
    """What a published value tells of a cell's value minus ``shift``: a rounded r is
    r-2 … r+2 and at least the minimum, a 0 is exact, a hidden one is at least 0."""
    if shown is None:
        return (-shift if shift < 0 else 0.0, None)  # the cell itself is ≥ 0
    if shown == 0:
        return (-shift, -shift)
    return (max(shown - 2, RULES.minimum) - shift, shown + 2 - shift)


def joint_attack(
    first: Protected,
    second: Protected,
    changes: dict[Cell, float],
    relations: list[Relation],
    targets: list[Cell],
) -> dict[Cell, float]:
    """The width of each target's interval (its value in the first publication) for an
    attacker holding both publications and the exact change of every cell."""
    cells = sorted(first.published)
    index = {c: i for i, c in enumerate(cells)}
    a_eq = np.zeros((len(relations), len(cells)))
    for row, (total, parts) in enumerate(relations):
        a_eq[row, index[total]] = 1
        for part in parts:
            a_eq[row, index[part]] = -1
    box = []
    for cell in cells:
        low1, high1 = bounds(first.published[cell])
        low2, high2 = bounds(second.published[cell], changes.get(cell, 0.0))
        highs = [h for h in (high1, high2) if h is not None]
        box.append((max(low1, low2, 0.0), min(highs) if highs else None))
    widths = {}
    for cell in targets:
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(cells))
            objective[index[cell]] = sign
            answer = linprog(objective, A_eq=a_eq, b_eq=np.zeros(len(relations)), bounds=box)
            assert answer.status in (0, 3), answer.message
            ends.append(np.inf if answer.status == 3 else sign * answer.fun)
        widths[cell] = ends[1] - ends[0]
    return widths


def growth(values: dict[Cell, float], first: Protected) -> dict[Cell, float]:
    """Late deliveries that lift every hidden small buurt-year cell to 12: shown as 10 if a
    new publication did not remember the old one."""
    return {
        cell: 12 - values[cell]
        for cell, reason in first.reasons.items()
        if reason == "primair" and cell[0].startswith("BU") and cell[1] in YEARS
    }


def full_changes(before: dict[Cell, float], after: dict[Cell, float]) -> dict[Cell, float]:
    return {cell: after[cell] - before[cell] for cell in before}


def test_a_second_publication_without_the_register_gives_hidden_cells_away() -> None:
    # The attack is real: published anew, the grown cells are shown, and their difference
    # with what the attacker knows of the late deliveries gives the old value.
    values, relations = table(seed=3)
    first = protect(values, relations, RULES)
    after = late(values, growth(values, first))
    second = protect(after, relations, RULES)
    targets = [c for c, r in first.reasons.items() if r == "primair"]
    widths = joint_attack(first, second, full_changes(values, after), relations, targets)
    assert any(width < RULES.protection for width in widths.values())


@pytest.mark.parametrize("seed", range(5))
def test_with_the_register_two_publications_give_nothing_away(seed: int, tmp_path: Path) -> None:
    values, relations = table(seed)
    register = tmp_path / "publicatieregister.json"
    first = protect(values, relations, RULES, carried=load_register(register).carried("t"))
    record_publication(register, {"t": first}, RULES, "jaar", NOW)
    rng = random.Random(seed)
    changes = growth(values, first)
    large = sorted(
        c for c, v in values.items() if c[0].startswith("BU") and c[1] in YEARS and v >= 10
    )
    changes |= {cell: float(rng.choice([1, 2, 5])) for cell in rng.sample(large, 3)}
    after = late(values, changes)
    earlier = load_register(register)
    second = protect(after, relations, RULES, carried=earlier.carried("t"))
    # What was hidden stays hidden.
    assert {second.reasons.get(c) for c in first.reasons} <= {"primair", "eerder geheim"}
    delta = full_changes(values, after)
    # The first publication's small cells, from both publications and the exact changes:
    old = [c for c, r in first.reasons.items() if r == "primair"]
    for cell, width in joint_attack(first, second, delta, relations, old).items():
        assert width >= RULES.protection, (seed, cell, width)
    # The second's small cells: a cell shown before and small now would be named; none are
    # here (counts only grew), and every one is as wide as required.
    assert exposed({"t": second}, earlier) == []
    new = [c for c, r in second.reasons.items() if r == "primair"]
    negative = {c: -d for c, d in delta.items()}  # the second's values as "first"
    for cell, width in joint_attack(second, first, negative, relations, new).items():
        assert width >= RULES.protection, (seed, cell, width)


def test_a_cell_shown_before_and_small_now_is_named(tmp_path: Path) -> None:
    register = tmp_path / "publicatieregister.json"
    for seed in range(20):  # a table with a buurt-year cell shown as at least 10
        values, relations = table(seed)
        first = protect(values, relations, RULES)
        candidates = [
            c
            for c, v in values.items()
            if c[0].startswith("BU") and c[1] in YEARS and v >= 12 and first.published[c]
        ]
        if candidates:
            break
    shown = candidates[0]
    record_publication(register, {"t": first}, RULES, "jaar", NOW)
    after = late(values, {shown: 7 - values[shown]})  # a correction: now 7
    earlier = load_register(register)
    second = protect(after, relations, RULES, carried=earlier.carried("t"))
    [named] = exposed({"t": second}, earlier)
    assert (named.cell, named.number, named.value) == (shown, 1, first.published[shown])
    number = record_publication(register, {"t": second}, RULES, "jaar", NOW, [named])
    kept = json.loads(register.read_text(encoding="utf-8"))["publicaties"]
    assert number == 2 and kept[1]["blootgesteld"] == [["t", *shown, 1]]


def test_a_broken_register_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "publicatieregister.json"
    broken.write_text('{"publicaties": [{"nummer": 1}]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"publicatieregister\.json"):
        load_register(broken)
