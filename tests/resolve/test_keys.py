"""Deterministic keys: only valid values link, and a value on too many records is guarded."""

import duckdb
import pyarrow as pa

from verweven.resolve.keys import find_key_links
from verweven.resolve.kinds import KeySpec, load_kind

CON = duckdb.connect()


def statements(*rows: tuple[str, str, str]) -> str:
    """The rows as relation ``statements`` of the module's connection."""
    table = pa.table(
        {
            "entity_id": [r[0] for r in rows],
            "canonical_id": [r[0] for r in rows],
            "schema": ["Person"] * len(rows),
            "prop": [r[1] for r in rows],
            "value": [r[2] for r in rows],
            "dataset": ["brp"] * len(rows),
        }
    )
    CON.register("statements", table)
    return "statements"


def test_shared_valid_bsn_links_to_the_smallest_record() -> None:
    table = statements(("b", "idNumber", "123456782"), ("a", "idNumber", "1234.56.782"))
    links = find_key_links(CON, table, load_kind("person"))
    assert links.edges.to_pylist() == [{"left_id": "b", "right_id": "a", "key": "bsn"}]


def test_invalid_bsn_never_links() -> None:
    table = statements(("a", "idNumber", "123456789"), ("b", "idNumber", "123456789"))
    links = find_key_links(CON, table, load_kind("person"))
    assert links.edges.num_rows == 0


def test_key_on_implausibly_many_records_is_guarded() -> None:
    kind = load_kind("person").model_copy(
        update={"keys": (KeySpec(name="bsn", props=("idNumber",), validator="bsn", max_records=2),)}
    )
    table = statements(*[(f"r{i}", "idNumber", "123456782") for i in range(3)])
    links = find_key_links(CON, table, kind)
    assert links.edges.num_rows == 0
    [guarded] = links.guarded
    assert (guarded.key, guarded.records, guarded.masked_value) == ("bsn", 3, "12*****82")
