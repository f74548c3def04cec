"""Profiling before linking: what each compared field holds, and which values are no evidence.

A placeholder postcode ("00000"), a constant city or a default birth date (1900-01-01) on many
records agrees between strangers: counted as evidence it links whole populations, and an
unsupervised model learns "same placeholder" instead of "same person". Before the model sees
a record table, every compared column is measured (fill rate, distinct ratio, most frequent
values and their share) and a value is dropped from comparison — set to null in that column
and the columns derived from it — when it is

- a known placeholder (``settings/placeholders.json``: "onbekend", "Anytown", "00000", ...),
- one value on most records (``max_value_share`` of the filled values), or
- held by an implausibly large group (more than ``max_group_records`` records and
  ``max_group_share`` of all): comparing on it would link everybody in the group.

Categorical columns (birth year, sex) are exempt from the last two: few values is their
nature. Every drop is reported with field, value and share, so the user sees what happened.
"""

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

from verweven.resolve.kinds import KindConfig

# A value is shown in a profile only when at least this many records hold it: a profile
# describes a column, it must not become a way to read single records.
MIN_RECORDS_SHOWN = 10
TOP_VALUES = 5
MIN_FILLED_FOR_SHARE = 20


@dataclass(frozen=True)
class ValueShare:
    """A frequent value of a column and its share of the filled values."""

    value: str
    records: int
    share: float


@dataclass
class FieldProfile:
    """One compared column of one kind's records."""

    field: str
    records: int
    filled: int
    distinct: int
    top: list[ValueShare] = dataclasses.field(default_factory=list)

    @property
    def fill_rate(self) -> float:
        return self.filled / self.records if self.records else 0.0

    @property
    def distinct_ratio(self) -> float:
        return self.distinct / self.filled if self.filled else 0.0


@dataclass(frozen=True)
class Placeholder:
    """A value dropped from comparison (and from keys), and why."""

    field: str
    value: str
    records: int
    share: float
    reason: str

    def warning(self, kind: str) -> str:
        return (
            f"{kind} field {self.field}: value {self.value!r} on {self.records} records "
            f"({self.share:.0%} of filled) {self.reason}; not used as evidence"
        )


@cache
def known_placeholders() -> frozenset[str]:
    """Values that mean "unknown" in the deliveries seen so far (folded like the records)."""
    text = resources.files("verweven.resolve").joinpath("settings/placeholders.json").read_text()
    return frozenset(str(v) for v in json.loads(text)["values"])


def is_placeholder_value(value: str) -> bool:
    """A known placeholder, a number of five or more of one digit ("00000"), or an
    identifier of one digit but its check digit ("999999990" is a valid BSN). Short numbers
    of one digit ("2222") are real postcodes and house numbers."""
    folded = value.strip().lower()
    digits = folded.replace(" ", "").replace("-", "")
    repeated = digits.isdigit() and (
        (len(digits) >= 5 and len(set(digits)) == 1)
        or (len(digits) >= 8 and len(set(digits[:-1])) == 1)
    )
    return folded in known_placeholders() or repeated


def profile_table(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], top: int = TOP_VALUES
) -> list[FieldProfile]:
    """Fill rate, distinct count and most frequent values of ``columns`` of ``table``."""
    [(records,)] = con.sql(f"SELECT count(*) FROM {table}").fetchall()
    profiles = []
    for column in columns:
        [(filled, distinct)] = con.sql(
            f"SELECT count({column}), count(DISTINCT {column}) FROM {table}"
        ).fetchall()
        frequent = con.sql(
            f"SELECT CAST({column} AS VARCHAR), count(*) AS n FROM {table} "
            f"WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT {int(top)}"
        ).fetchall()
        shares = [ValueShare(str(v), int(n), n / filled) for v, n in frequent]
        profiles.append(FieldProfile(column, int(records), int(filled), int(distinct), shares))
    return profiles


def find_placeholders(
    con: duckdb.DuckDBPyConnection, table: str, profiles: list[FieldProfile], kind: KindConfig
) -> list[Placeholder]:
    """The values of ``table`` that are no evidence (see the module's docstring)."""
    guard = kind.profiling
    found: list[Placeholder] = []
    for profile in profiles:
        if profile.field in guard.exempt_columns or not profile.filled:
            continue
        rows = con.sql(
            f"SELECT CAST({profile.field} AS VARCHAR) AS v, count(*) FROM {table} "
            f"WHERE {profile.field} IS NOT NULL GROUP BY 1"
        ).fetchall()
        for value, n in rows:
            share = n / profile.filled
            reason = _reason(str(value), int(n), share, profile, kind)
            if reason:
                found.append(Placeholder(profile.field, str(value), int(n), share, reason))
    return sorted(found, key=lambda p: (p.field, -p.records, p.value))


def _reason(value: str, records: int, share: float, profile: FieldProfile, kind: KindConfig) -> str:
    guard = kind.profiling
    if is_placeholder_value(value):
        return "is a placeholder"
    if profile.field in guard.categorical_columns:
        return ""
    if profile.filled >= MIN_FILLED_FOR_SHARE and share >= guard.max_value_share:
        return "is one value on most records"
    limit = max(guard.max_group_records, guard.max_group_share * profile.records)
    if records > limit:
        return "would link an implausibly large group"
    return ""


def drop_placeholders(
    con: duckdb.DuckDBPyConnection, table: str, placeholders: list[Placeholder], kind: KindConfig
) -> None:
    """Set every placeholder to null in its column and the columns derived from it."""
    for placeholder in placeholders:
        targets = [placeholder.field, *kind.profiling.derived_columns.get(placeholder.field, ())]
        assignments = ", ".join(f"{c} = NULL" for c in targets)
        con.execute(
            f"UPDATE {table} SET {assignments} WHERE CAST({placeholder.field} AS VARCHAR) = ?",
            [placeholder.value],
        )


def shown_value(share: ValueShare) -> str:
    """A frequent value as a profile may show it: masked unless many records hold it."""
    if share.records >= MIN_RECORDS_SHOWN:
        return share.value
    return "(held by fewer than 10 records)"
