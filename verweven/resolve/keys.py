"""Deterministic keys: records sharing a valid BSN, KvK, RSIN, IBAN, kenteken or BAG id link.

Only values that pass the register's own check count (an 11-check BSN, a mod-97 IBAN, ...),
so typing errors do not link strangers. The guard: a value held by more records than its
``max_records`` is not used (placeholder numbers, a trust office's KvK number on hundreds of
records), nor is a known placeholder ("000000000" passes the 11-check); those records are
left to the probabilistic model and the value is reported.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from verweven.model.identifiers import (
    is_valid_bag_id,
    is_valid_bsn,
    is_valid_iban,
    is_valid_kenteken,
    is_valid_kvk,
    is_valid_rsin,
    normalise_iban,
    normalise_kenteken,
)
from verweven.resolve.kinds import KindConfig
from verweven.resolve.profile import is_placeholder_value
from verweven.store import query_arrow

_NON_DIGITS = re.compile(r"[^0-9]")
_NON_ALNUM = re.compile(r"[^0-9A-Z]")
_BAG_IN_TEXT = re.compile(r"\b([0-9]{16})\b")


def _digits_checked(check: Callable[[str], bool]) -> Callable[[str], str | None]:
    def normalise(value: str) -> str | None:
        digits = _NON_DIGITS.sub("", value)
        return digits if check(digits) else None

    return normalise


def _iban(value: str) -> str | None:
    return normalise_iban(value) if is_valid_iban(value) else None


def _kenteken(value: str) -> str | None:
    return normalise_kenteken(value) if is_valid_kenteken(value) else None


def _bag(value: str) -> str | None:
    found = _BAG_IN_TEXT.search(value)
    return found.group(1) if found and is_valid_bag_id(found.group(1)) else None


def _is_anummer(digits: str) -> bool:
    """A BRP administration number (A-nummer): 10 digits, not starting with 0."""
    return len(digits) == 10 and digits[0] != "0"


def _identifier(value: str) -> str | None:
    """A foreign or free-form identifier (passport, social-security number): letters and
    digits in upper case, at least five of them; no check digit is known."""
    cleaned = _NON_ALNUM.sub("", value.upper())
    return cleaned if len(cleaned) >= 5 else None


VALIDATORS: dict[str, Callable[[str], str | None]] = {
    "identifier": _identifier,
    "anummer": _digits_checked(_is_anummer),
    "bsn": _digits_checked(is_valid_bsn),
    "rsin": _digits_checked(is_valid_rsin),
    "kvk": _digits_checked(is_valid_kvk),
    "iban": _iban,
    "kenteken": _kenteken,
    "bag": _bag,
}


RECORD_KEYS_SCHEMA = pa.schema(
    [("unique_id", pa.string()), ("key", pa.string()), ("value", pa.string())]
)


@dataclass(frozen=True)
class GuardedKey:
    """A key value that linked implausibly many records and was therefore not used."""

    key: str
    masked_value: str
    records: int
    reason: str = "is on too many records"


@dataclass
class KeyLinks:
    """What the keys of one kind decided."""

    record_keys: pa.Table
    """unique_id, key, value: every valid key value of every record (guarded ones included)."""
    edges: pa.Table
    """left_id, right_id, key: each record to the smallest record sharing a usable key value."""
    guarded: list[GuardedKey] = field(default_factory=list)


def mask(value: str) -> str:
    """A key value for reports: its first two and last two characters only."""
    return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:] if len(value) > 4 else "****"


def find_key_links(con: duckdb.DuckDBPyConnection, statements: str, kind: KindConfig) -> KeyLinks:
    """Key values, guard and star edges for one kind's statements (``statements`` names a
    relation in ``con`` with the columns entity_id, prop and value)."""
    parts = []
    placeholders: list[GuardedKey] = []
    for spec in kind.keys:
        validate = VALIDATORS[spec.validator]
        props = ", ".join(f"'{prop}'" for prop in spec.props)
        subset = f"FROM {statements} WHERE prop IN ({props})"
        counted = con.sql(f"SELECT value, count(*) {subset} GROUP BY 1 ORDER BY 1").fetchall()
        checked = {v: (k, n) for v, n in counted if (k := validate(v)) is not None}
        valid = {v: k for v, (k, _) in checked.items() if not is_placeholder_value(k)}
        placeholders.extend(
            GuardedKey(spec.name, mask(k), n, "is a placeholder")
            for v, (k, n) in checked.items() if v not in valid
        )  # fmt: skip
        lookup = pa.table(
            {"value": list(valid), "key_value": list(valid.values())},
            schema=pa.schema([("value", pa.string()), ("key_value", pa.string())]),
        )
        part = query_arrow(
            con,
            f"SELECT DISTINCT s.entity_id AS unique_id, '{spec.name}' AS key, "
            f"l.key_value AS value FROM (SELECT entity_id, value {subset}) s "
            "JOIN key_lookup l ON l.value = s.value",
            key_lookup=lookup,
        )
        parts.append(part.cast(RECORD_KEYS_SCHEMA))
    empty = pa.table(
        {
            "unique_id": pa.array([], pa.string()),
            "key": pa.array([], pa.string()),
            "value": pa.array([], pa.string()),
        }
    )
    record_keys = pa.concat_tables(parts) if parts else empty
    limits = pa.table(
        {"key": [s.name for s in kind.keys], "max_records": [s.max_records for s in kind.keys]},
        schema=pa.schema([("key", pa.string()), ("max_records", pa.int64())]),
    )
    con.register("record_keys", record_keys)
    con.register("key_limits", limits)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE key_groups AS SELECT k.key, k.value, count(*) AS n, "
        "min(k.unique_id) AS root, any_value(m.max_records) AS cap FROM record_keys k "
        "JOIN key_limits m USING (key) GROUP BY k.key, k.value HAVING count(*) > 1"
    )
    guarded = placeholders + [
        GuardedKey(key, mask(value), n)
        for key, value, n in con.sql(
            "SELECT key, value, n FROM key_groups WHERE n > cap ORDER BY n DESC, key, value"
        ).fetchall()
    ]
    edges = con.sql(
        "SELECT k.unique_id AS left_id, g.root AS right_id, k.key FROM record_keys k "
        "JOIN key_groups g ON g.key = k.key AND g.value = k.value "
        "WHERE g.n <= g.cap AND k.unique_id <> g.root ORDER BY 1, 2, 3"
    ).to_arrow_table()
    con.unregister("record_keys")
    con.unregister("key_limits")
    return KeyLinks(record_keys=record_keys, edges=edges, guarded=guarded)
