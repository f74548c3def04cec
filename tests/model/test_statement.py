"""Statement rows must be the statements FtM would make: same id, same provenance fields."""

from hypothesis import given
from hypothesis import strategies as st

from verweven.model import BASE_ID, Statement, statement_row

texts = st.text(min_size=1, max_size=40)


@given(dataset=texts, entity_id=texts, value=texts, original=st.one_of(st.none(), texts))
def test_a_statement_row_has_the_id_ftm_gives_the_same_statement(
    dataset: str, entity_id: str, value: str, original: str | None
) -> None:
    row = statement_row(dataset, entity_id, "Person", "name", "name", value, original)
    stmt = Statement(entity_id, "name", "Person", value, dataset, original_value=original)
    assert row == (
        stmt.id,
        stmt.entity_id,
        stmt.schema,
        stmt.prop,
        stmt.prop_type,
        stmt.value,
        stmt.original_value,
    )


def test_the_id_statement_row_matches_ftms() -> None:
    row = statement_row("brp", "brp.person.1", "Person", BASE_ID, BASE_ID, "brp.person.1")
    stmt = Statement("brp.person.1", BASE_ID, "Person", "brp.person.1", "brp")
    assert row[0] == stmt.id and row[4] == stmt.prop_type


def test_an_original_value_equal_to_the_value_is_not_kept() -> None:
    row = statement_row("kvk", "kvk.company.1", "Company", "name", "name", "Acme", "Acme")
    assert row[6] is None
