"""The signals' indicators occur in honest lives too, not only in planted cases."""

from collections import Counter

from tests.synth.deliveries_reader import Region


def _planted_records(region: Region, delivery: str) -> set[str]:
    planted = {r["true_id"] for r in region.truth("typologies.csv")}
    return {
        r["record_id"]
        for r in region.truth("records.csv")
        if r["delivery"] == delivery and r["true_id"] in planted
    }


def test_cash_withdrawals_are_reported_outside_the_mule_cases(region: Region) -> None:
    planted = _planted_records(region, "fiu_ongebruikelijke_transacties")
    kinds = Counter(
        r["soort_transactie"]
        for r in region.rows_named("fiu_ongebruikelijke_transacties")
        if r["meldingnummer"] not in planted
    )
    assert kinds["Contante opname"] > 0 and kinds["Contante storting"] > 0


def test_background_boards_change_more_than_once(region: Region) -> None:
    planted = _planted_records(region, "kvk_functionarissen")
    rows = region.rows_named("kvk_functionarissen")
    ended = Counter(
        r["kvk_nummer"]
        for r in rows
        if r["functionaris_id"] not in planted and r["functie"] == "bestuurder" and r["datum_einde"]
    )
    assert max(ended.values(), default=0) >= 2
