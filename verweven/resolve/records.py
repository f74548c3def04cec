"""Record tables: one row per source record, with the normalised columns linkage compares.

Input is a relation of statements in the working connection (one row per value); output is a
DuckDB table ``records_<kind>`` whose ``unique_id`` is the record's entity id. A record with
several values for a property contributes its smallest one (records from one delivery rarely
carry two).
"""

import duckdb

from verweven.resolve.normalise import company_name_core, install_macros, map_distinct, sound_key

# The properties each record table reads from the store. Nationality and the like are never
# read. Gender is read for identity resolution only — it tells a son from his mother at one
# address — and never leaves the record table: signals do not see it (their ban stays).
PERSON_PROPS = (
    "name", "firstName", "middleName", "lastName", "birthDate", "idNumber",
    "socialSecurityNumber", "address", "addressEntity", "gender",
)  # fmt: skip
COMPANY_PROPS = (
    "name", "registrationNumber", "taxNumber", "incorporationDate", "address", "addressEntity",
)  # fmt: skip
ADDRESS_PROPS = ("full", "street", "street2", "postalCode", "city", "remarks")


def _pivot_sql(props: tuple[str, ...], source: str) -> str:
    columns = ", ".join(
        f"min(value) FILTER (WHERE prop = '{prop}') AS \"{prop}\"" for prop in props
    )
    return (
        "SELECT entity_id AS unique_id, min(dataset) AS source_dataset, "
        f"min(canonical_id) AS prior_id, {columns} FROM {source} GROUP BY entity_id"
    )


ADDRESS_SQL = """
CREATE OR REPLACE TABLE records_address AS
WITH pivoted AS ({pivot}),
parts AS (
    SELECT *, split_part("full", ',', 1) AS first_line FROM pivoted
)
SELECT unique_id, source_dataset, prior_id,
    coalesce(vw_postcode("postalCode"), vw_postcode_in("full")) AS postcode,
    coalesce(nullif(regexp_extract(coalesce(street2, ''), '^\\s*([0-9]+)', 1), ''),
        vw_house_number(street), vw_house_number(first_line)) AS house_number,
    coalesce(vw_street(street), vw_street(first_line)) AS street,
    coalesce(vw_fold(city), vw_fold(nullif(trim(regexp_replace(split_part("full", ',', -1),
        '[0-9]{{4}} ?[A-Za-z]{{2}}', '')), ''))) AS city,
    vw_fold("full") AS full_address,
    regexp_extract(coalesce(remarks, ''), '\\b([0-9]{{16}})\\b', 1) AS bag_id
FROM parts
"""

# Address columns a person or company record takes from its address entity, else from its own
# free-text address ("Kerkstraat 12, 1234 AB Amsterdam").
ADDRESS_COLUMNS_SQL = """
    coalesce(a.postcode, vw_postcode_in(p.address)) AS postcode,
    coalesce(a.house_number, vw_house_number(split_part(p.address, ',', 1))) AS house_number,
    coalesce(a.street, vw_street(split_part(p.address, ',', 1))) AS street,
    coalesce(a.city, vw_fold(nullif(trim(regexp_replace(split_part(p.address, ',', -1),
        '[0-9]{4} ?[A-Za-z]{2}', '')), ''))) AS city
"""

PERSON_SQL = """
CREATE OR REPLACE TABLE records_person AS
WITH pivoted AS ({pivot}),
named AS (
    SELECT *,
        CASE WHEN name LIKE '%,%' THEN vw_expand_vd(vw_fold(split_part(name, ',', 1)))
             ELSE vw_name_surname(vw_expand_vd(vw_fold(name))) END AS name_surname,
        CASE WHEN name LIKE '%,%'
             THEN vw_strip_trailing_particles(
                 vw_expand_vd(vw_fold(substr(name, strpos(name, ',') + 1))))
             ELSE vw_name_given(vw_expand_vd(vw_fold(name))) END AS name_given
    FROM pivoted
),
parts AS (
    SELECT *,
        coalesce(vw_expand_vd(vw_fold(split_part("lastName", ',', 1))), name_surname)
            AS surname_full,
        coalesce(vw_fold("firstName"), name_given) AS given
    FROM named
)
SELECT p.unique_id, p.source_dataset, p.prior_id,
    vw_first_token(p.given) AS first_name,
    vw_initials(concat_ws(' ', p.given, vw_fold(p."middleName"))) AS initials,
    p.surname_full,
    vw_surname_core(p.surname_full) AS surname_core,
    s.surname_sound,
    vw_date(p."birthDate") AS birth_date,
    vw_year(p."birthDate") AS dob_year,
    substr(vw_date(p."birthDate"), 6, 2) AS dob_month,
    substr(vw_date(p."birthDate"), 9, 2) AS dob_day,
    vw_digits(coalesce(p."idNumber", p."socialSecurityNumber")) AS id_number,
    vw_sorted_chars(vw_digits(coalesce(p."idNumber", p."socialSecurityNumber"))) AS id_sorted,
    vw_sorted_chars(vw_date(p."birthDate")) AS dob_sorted,
    vw_sex(p.gender) AS sex,
    {address_columns}
FROM parts p
LEFT JOIN records_address a ON a.unique_id = p."addressEntity"
LEFT JOIN surname_sounds s ON s.value = vw_surname_core(p.surname_full)
"""

COMPANY_SQL = """
CREATE OR REPLACE TABLE records_company AS
WITH pivoted AS ({pivot})
SELECT p.unique_id, p.source_dataset, p.prior_id,
    n.name_core,
    vw_fold(p.name) AS name_full,
    vw_digits(p."registrationNumber") AS kvk,
    vw_digits(p."taxNumber") AS rsin,
    vw_date(p."incorporationDate") AS incorporation_date,
    {address_columns}
FROM pivoted p
LEFT JOIN records_address a ON a.unique_id = p."addressEntity"
LEFT JOIN company_names n ON n.value = p.name
"""


def build_address_records(con: duckdb.DuckDBPyConnection, addresses: str) -> None:
    """Create ``records_address`` from the Address statements in relation ``addresses``."""
    install_macros(con)
    con.execute(ADDRESS_SQL.format(pivot=_pivot_sql(ADDRESS_PROPS, addresses)))


def build_person_records(con: duckdb.DuckDBPyConnection, persons: str) -> None:
    """Create ``records_person`` from the statements in relation ``persons`` (needs
    ``records_address``)."""
    install_macros(con)
    cores = con.sql(
        "SELECT DISTINCT vw_surname_core(vw_expand_vd(vw_fold(split_part(value, ',', 1)))) "
        f"FROM {persons} WHERE prop = 'lastName' UNION SELECT DISTINCT "
        "vw_surname_core(CASE WHEN value LIKE '%,%' THEN "
        "vw_expand_vd(vw_fold(split_part(value, ',', 1))) ELSE "
        f"vw_name_surname(vw_expand_vd(vw_fold(value))) END) FROM {persons} "
        "WHERE prop = 'name'"
    ).fetchall()
    sounds = map_distinct((row[0] for row in cores), sound_key, "surname_sound")
    con.register("surname_sounds", sounds)
    pivot = _pivot_sql(PERSON_PROPS, persons)
    con.execute(PERSON_SQL.format(pivot=pivot, address_columns=ADDRESS_COLUMNS_SQL))
    con.unregister("surname_sounds")


def build_company_records(con: duckdb.DuckDBPyConnection, companies: str) -> None:
    """Create ``records_company`` from the statements in relation ``companies`` (needs
    ``records_address``)."""
    install_macros(con)
    names = con.sql(f"SELECT DISTINCT value FROM {companies} WHERE prop = 'name'").fetchall()
    con.register(
        "company_names", map_distinct((r[0] for r in names), company_name_core, "name_core")
    )
    pivot = _pivot_sql(COMPANY_PROPS, companies)
    con.execute(COMPANY_SQL.format(pivot=pivot, address_columns=ADDRESS_COLUMNS_SQL))
    con.unregister("company_names")
