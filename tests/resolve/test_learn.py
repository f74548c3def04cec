"""Judgements retrain the model: a judged match teaches m, in the direction the verdict says."""

import math
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from tests.factories import admin, analyst
from tests.resolve.conftest import deliver, person
from verweven.model import Judgement, Verdict
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.kinds import load_kind
from verweven.resolve.learn import learn_from_judgements, level_counts
from verweven.resolve.linkage import prior_model
from verweven.resolve.state import ResolveState
from verweven.store import Store

KIND = load_kind("person")


def records() -> pa.Table:
    """Two records of one man whose first name was written two ways, and a stranger."""
    rows: list[dict[str, Any]] = [
        {"unique_id": "a", "first_name": "johannes", "initials": "j", "surname_core": "vries",
         "surname_sound": "V620", "birth_date": "1970-03-12", "dob_year": "1970"},
        {"unique_id": "b", "first_name": "hans", "initials": "h", "surname_core": "vries",
         "surname_sound": "V620", "birth_date": "1970-03-12", "dob_year": "1970"},
        {"unique_id": "c", "first_name": "piet", "initials": "p", "surname_core": "bakker",
         "surname_sound": "B260", "birth_date": "1985-07-01", "dob_year": "1985"},
    ]  # fmt: skip
    columns = KIND.compared_columns
    return pa.table(
        {"unique_id": [r["unique_id"] for r in rows]}
        | {c: pa.array([r.get(c) for r in rows], pa.string()) for c in columns}
    )


def judgement(left: str, right: str, verdict: Verdict, minute: int = 0) -> Judgement:
    return Judgement(id=f"{left}{right}{minute}", left_id=left, right_id=right, verdict=verdict,
                     reason="seen", author="analist",
                     created_at=datetime(2026, 12, 1, 12, minute, tzinfo=UTC))  # fmt: skip


def weight_of(model: dict[str, Any], left: str, right: str) -> float:
    """The pair's match weight without the prior: log2(m/u) summed over its levels."""
    counts, _ = level_counts(duckdb.connect(), model, records(), [(left, right)])
    total = 0.0
    for comparison in model["comparisons"]:
        for level, count in zip(comparison["comparison_levels"],
                                counts[comparison["output_column_name"]], strict=True):  # fmt: skip
            if count:
                total += math.log2(level["m_probability"] / level["u_probability"])
    return total


def first_name_m(model: dict[str, Any], label: str) -> float:
    comparison = next(c for c in model["comparisons"] if c["output_column_name"] == "first_name")
    return float(next(lvl["m_probability"] for lvl in comparison["comparison_levels"]
                      if lvl["label_for_charts"] == label))  # fmt: skip


def test_a_judged_match_raises_m_of_the_levels_it_falls_in_and_its_weight() -> None:
    base = prior_model(KIND)
    taught, learned = learn_from_judgements(
        duckdb.connect(), base, records(), [judgement("a", "b", Verdict.SAME)], weight=10
    )
    assert learned == 1
    different = "different first name"
    assert first_name_m(taught, different) > first_name_m(base, different)
    assert first_name_m(taught, "same first name") < first_name_m(base, "same first name")
    for old, new in zip(base["comparisons"], taught["comparisons"], strict=True):
        # the judged match adds one count to one level of each comparison it has filled
        before, after = (sum(lvl["m_probability"] for lvl in c["comparison_levels"]
                             if not lvl.get("is_null_level")) for c in (old, new))  # fmt: skip
        assert math.isclose(after, (10 * before + 1) / 11) or math.isclose(after, before)
    assert weight_of(taught, "a", "b") > weight_of(base, "a", "b")


def test_more_judgements_move_m_further_and_a_heavier_em_less() -> None:
    base = prior_model(KIND)
    con = duckdb.connect()
    same = [judgement("a", "b", Verdict.SAME)]
    light = learn_from_judgements(con, base, records(), same, weight=10)[0]
    heavy = learn_from_judgements(con, base, records(), same, weight=1000)[0]
    label = "different first name"
    assert first_name_m(base, label) < first_name_m(heavy, label) < first_name_m(light, label)


def test_a_different_verdict_or_a_withdrawn_match_teaches_nothing() -> None:
    base = prior_model(KIND)
    con = duckdb.connect()
    for judgements in (
        [judgement("a", "c", Verdict.DIFFERENT)],
        [judgement("a", "b", Verdict.UNSURE)],
        [judgement("a", "b", Verdict.SAME, 1), judgement("b", "a", Verdict.DIFFERENT, 2)],
        [judgement("a", "x-not-a-record", Verdict.SAME)],
    ):
        assert learn_from_judgements(con, base, records(), judgements, weight=10) == (base, 0)


def two_johns(store: Store) -> Store:
    """One man written as Johannes and as Hans at one address, and a few others."""
    deliver(
        store,
        "brp",
        person("brp.1", "brp", firstName="Johannes", lastName="de Vries", birthDate="1970-03-12",
               address="Kerkstraat 12, 1234 AB Amsterdam"),
        person("brp.2", "brp", firstName="Piet", lastName="Bakker", birthDate="1985-07-01",
               address="Dorpsweg 3, 5678 CD Utrecht"),
    )  # fmt: skip
    deliver(
        store,
        "politie",
        person("pol.7", "politie", firstName="Hans", lastName="de Vries", birthDate="1970-03-12",
               address="Kerkstraat 12, 1234 AB Amsterdam"),
    )  # fmt: skip
    return store


def test_a_run_retrains_on_judgements_once_and_records_it(
    store: Store, options: ResolveOptions
) -> None:
    two_johns(store)
    local = admin(store)
    resolve(store, local, options)
    state = ResolveState(options.state_dir)
    before = state.load_model("person")
    assert before is not None
    store.add_judgement("brp.1", "pol.7", Verdict.SAME, "same man, nickname", analyst(store))
    report = resolve(store, local, options)
    person_report = next(k for k in report.kinds if k.kind == "person")
    assert "m taught by 1 judged matches" in person_report.model_source
    taught = state.load_model("person")
    assert taught is not None
    label = "different first name"
    assert first_name_m(taught, label) > first_name_m(before, label)
    assert state.load_model("person", untaught=True) == before
    resolve(store, local, options)  # the same judgements: taught once, not again
    assert state.load_model("person") == taught


def test_a_level_em_never_saw_is_left_to_splink_unless_a_judged_match_falls_in_it() -> None:
    base = prior_model(KIND)
    for comparison in base["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level["label_for_charts"] in ("first name and surname swapped", "same first name"):
                level.pop("m_probability", None)
    taught = learn_from_judgements(
        duckdb.connect(), base, records(), [judgement("a", "b", Verdict.SAME)], weight=10
    )[0]
    first_name = next(c for c in taught["comparisons"] if c["output_column_name"] == "first_name")
    levels = {lvl["label_for_charts"]: lvl for lvl in first_name["comparison_levels"]}
    assert "m_probability" not in levels["first name and surname swapped"]
    assert "m_probability" not in levels["same first name"]
