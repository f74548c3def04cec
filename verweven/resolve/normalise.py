"""Dutch normalisation for linkage: SQL macros for the record tables, Python for name tools.

Everything that runs per record is a DuckDB macro (millions of rows, no Python per row). What
needs a real name library — legal forms (rigour) and phonetic keys (metaphone) — runs once per
*distinct* value and is joined back, so its cost follows the vocabulary, not the data.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable

import duckdb
import pyarrow as pa
from rigour.names.org_types import remove_org_types
from rigour.text.phonetics import metaphone

# Dutch surname particles (tussenvoegsels) and the foreign ones common in Dutch registers.
PARTICLES = (
    "van", "von", "vom", "de", "der", "den", "des", "het", "'t", "ter", "ten", "te", "in", "op",
    "aan", "bij", "uit", "la", "le", "les", "du", "da", "di", "del", "della", "dos", "zu", "d'",
    "l'",
)  # fmt: skip
PARTICLE_GROUP = "(?:" + "|".join(re.escape(p) for p in PARTICLES) + ")"
_PARTICLES_SQL = PARTICLE_GROUP.replace("'", "''")

# Dutch legal forms rigour does not know (or only spelled out); matched as whole words after
# folding, so "Stichting De Hoop" and "De Hoop" compare as one name.
DUTCH_LEGAL_FORMS = (
    "bv", "nv", "vof", "cv", "stichting", "vereniging", "cooperatie", "ua", "wa", "ba",
    "eenmanszaak", "maatschap", "io", "i o", "in oprichting", "besloten vennootschap",
    "naamloze vennootschap", "vennootschap onder firma", "commanditaire vennootschap", "holding",
)  # fmt: skip
_LEGAL_FORM_RE = re.compile(r"\b(" + "|".join(re.escape(f) for f in DUTCH_LEGAL_FORMS) + r")\b")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_DOTTED = re.compile(r"\b([a-z])\.(?=[a-z]\.?)")


def macros_sql() -> list[str]:
    """The DuckDB macros the record tables are built with."""
    return [
        # lower case, no accents, punctuation to spaces (apostrophes kept: 't, d'), squashed.
        "CREATE OR REPLACE MACRO vw_fold(s) AS nullif(trim(regexp_replace(regexp_replace("
        "lower(strip_accents(CAST(s AS VARCHAR))), '[^a-z0-9'' ]+', ' ', 'g'), '\\s+', ' ', "
        "'g')), '')",
        # "v.d." and "vd" are written-out particles.
        "CREATE OR REPLACE MACRO vw_expand_vd(s) AS "
        "trim(regexp_replace(' ' || s || ' ', ' v ?d ', ' van der ', 'g'))",
        # a surname without leading particles: "van der Berg" -> "berg".
        f"CREATE OR REPLACE MACRO vw_surname_core(s) AS nullif(regexp_replace(s, "
        f"'^(?:{_PARTICLES_SQL} +)+', ''), '')",
        # a full name split in given names and surname (particles join the surname).
        f"CREATE OR REPLACE MACRO vw_name_surname(s) AS CASE WHEN s IS NULL THEN NULL "
        f"ELSE regexp_extract(' ' || s, '^(.*?) ((?:{_PARTICLES_SQL} +)*[^ ]+)$', 2) END",
        f"CREATE OR REPLACE MACRO vw_name_given(s) AS CASE WHEN s IS NULL THEN NULL ELSE "
        f"nullif(trim(regexp_extract(' ' || s, '^(.*?) ((?:{_PARTICLES_SQL} +)*[^ ]+)$', 1)), '') "
        f"END",
        # given names without trailing particles ("jan de" from "Vries, Jan de").
        f"CREATE OR REPLACE MACRO vw_strip_trailing_particles(s) AS nullif(trim(regexp_replace("
        f"s, '(?: {_PARTICLES_SQL})+$', '')), '')",
        "CREATE OR REPLACE MACRO vw_initials(s) AS nullif(array_to_string(list_transform("
        "list_filter(string_split(coalesce(s, ''), ' '), lambda t: t <> ''), lambda t: t[1]), "
        "''), '')",
        "CREATE OR REPLACE MACRO vw_first_token(s) AS CASE WHEN length(split_part(s, ' ', 1)) "
        "> 1 THEN split_part(s, ' ', 1) END",
        # Dutch postcode (1234 AB) from free text; otherwise a postcode property as given.
        "CREATE OR REPLACE MACRO vw_postcode_in(s) AS nullif(replace(regexp_extract(upper(s), "
        "'\\b([1-9][0-9]{3} ?[A-Z]{2})\\b', 1), ' ', ''), '')",
        "CREATE OR REPLACE MACRO vw_postcode(s) AS coalesce(vw_postcode_in(s), "
        "nullif(upper(regexp_replace(s, '\\s+', '', 'g')), ''))",
        # the house number: the last run of digits in a street line.
        # (number-first, "12 Main Street" or "12a Rue Haute" with no number after the words:
        # the leading number; "1e Jan Steenstraat 4" keeps the last).
        "CREATE OR REPLACE MACRO vw_house_number(s) AS nullif(CASE WHEN regexp_matches(s, "
        "'^\\s*[0-9]+[a-zA-Z]?\\s+[^0-9]+$') THEN regexp_extract(s, '^\\s*([0-9]+)', 1) "
        "ELSE regexp_extract(s, '([0-9]+)[^0-9]*$', 1) END, '')",
        # the street without its number.
        # (number-first: the words after the leading number).
        "CREATE OR REPLACE MACRO vw_street(s) AS nullif(trim(CASE WHEN regexp_matches(vw_fold(s), "
        "'^[0-9]+[a-z]? [^0-9]+$') THEN regexp_replace(vw_fold(s), '^[0-9]+[a-z]? ', '') "
        "ELSE regexp_replace(vw_fold(s), '[0-9]+.*$', '') END), '')",
        # the characters of a string in order: equal for two strings that differ by a swap.
        "CREATE OR REPLACE MACRO vw_sorted_chars(s) AS CASE WHEN s IS NOT NULL THEN "
        "array_to_string(list_sort(string_split(s, '')), '') END",
        # sex as m or v from the BRP's M/V/O and common spellings; unknown ("O") is null.
        "CREATE OR REPLACE MACRO vw_sex(s) AS CASE WHEN lower(trim(s)) IN ('m', 'male', 'man', "
        "'mannelijk', 'h', 'homme') THEN 'm' WHEN lower(trim(s)) IN ('v', 'f', 'w', 'female', "
        "'vrouw', 'vrouwelijk', 'femme') THEN 'v' END",
        "CREATE OR REPLACE MACRO vw_digits(s) AS nullif(regexp_replace(s, '[^0-9]', '', 'g'), '')",
        # a date as YYYY-MM-DD from ISO, day-month-year (12-3-1970, 12/03/1970, 12.03.1970:
        # European order), year/month/day or YYYYMMDD; anything else (a year alone) is null.
        "CREATE OR REPLACE MACRO vw_date(s) AS CASE "
        "WHEN regexp_matches(s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN substr(s, 1, 10) "
        f"WHEN regexp_matches(trim(s), '{_DMY}') THEN {_ymd_sql(_DMY, 3, 2, 1)} "
        f"WHEN regexp_matches(trim(s), '{_YMD}') THEN {_ymd_sql(_YMD, 1, 2, 3)} "
        "WHEN regexp_matches(trim(s), '^(1[89]|20)[0-9]{6}$') THEN substr(trim(s), 1, 4) || '-' "
        "|| substr(trim(s), 5, 2) || '-' || substr(trim(s), 7, 2) END",
        # the birth year of a full or partial date ("1970", "3-1970", "ca. 1970").
        "CREATE OR REPLACE MACRO vw_year(s) AS coalesce(substr(vw_date(s), 1, 4), "
        "nullif(regexp_extract(s, '(?:^|[^0-9])((?:1[89]|20)[0-9]{2})(?:[^0-9]|$)', 1), ''))",
    ]


_DMY = "^([0-9]{1,2})[-/. ]([0-9]{1,2})[-/. ]([0-9]{4})$"
_YMD = "^([0-9]{4})[/. ]([0-9]{1,2})[/. ]([0-9]{1,2})$"


def _ymd_sql(pattern: str, year: int, month: int, day: int) -> str:
    """SQL that rewrites ``trim(s)`` matching ``pattern`` as YYYY-MM-DD from its groups."""

    def group(n: int) -> str:
        width = 4 if n == year else 2
        return f"lpad(regexp_extract(trim(s), '{pattern}', {n}), {width}, '0')"

    return f"{group(year)} || '-' || {group(month)} || '-' || {group(day)}"


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the normalisation macros on a DuckDB connection."""
    for sql in macros_sql():
        con.execute(sql)


def fold(text: str) -> str:
    """Lower case ASCII with punctuation as spaces: the Python twin of ``vw_fold``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()


def company_name_core(name: str) -> str | None:
    """A company name without legal forms: "Bakkerij De Vries B.V." -> "bakkerij de vries"."""
    lowered = _DOTTED.sub(r"\1", unicodedata.normalize("NFKC", name).lower())
    lowered = lowered.replace(".", "")
    without = remove_org_types(lowered, replacement=" ")
    core = _LEGAL_FORM_RE.sub(" ", fold(without))
    return _SPACES.sub(" ", core).strip() or None


def sound_key(surname_core: str) -> str | None:
    """A phonetic key of a Dutch surname (ij and y sound alike): metaphone of the joined name."""
    joined = surname_core.replace(" ", "").replace("ij", "y").replace("'", "")
    return metaphone(joined) or None if joined else None


def map_distinct(
    values: Iterable[str | None], function: Callable[[str], str | None], name: str
) -> pa.Table:
    """A two-column table (value, ``name``) of ``function`` over the distinct non-null values."""
    distinct = sorted({v for v in values if v})
    return pa.table({"value": distinct, name: [function(v) for v in distinct]})
