"""Figures per municipality for the demo report, from what a reader may see.

A postcode belongs to the municipality of its neighbourhood in the BAG extract; persons count
where they are registered now (a BRP residence without end date), companies where they are
established, and a signal hit where its entity (or the person, company or object behind it)
has an address.
"""

from dataclasses import dataclass

import pyarrow as pa

from verweven.access import Actor
from verweven.store import Store, working_connection

SCHEMATA = ["Address", "Person", "Company", "RealEstate", "UnknownLink", "LegalEntity"]

VIEWS = """
CREATE TEMP VIEW addr AS
  SELECT canonical_id,
         max(CASE WHEN prop = 'postalCode' THEN value END) AS postcode,
         max(CASE WHEN prop = 'region' THEN value END) AS buurt
  FROM statements WHERE schema = 'Address' GROUP BY canonical_id;
CREATE TEMP VIEW postcode_gm AS
  SELECT postcode, min('GM' || substr(buurt, 3, 4)) AS gemeentecode
  FROM addr WHERE buurt IS NOT NULL AND postcode IS NOT NULL GROUP BY postcode;
CREATE TEMP VIEW ref AS
  SELECT s.canonical_id AS source, s.schema, s.prop, t.canonical_id AS target, s.entity_id
  FROM statements s JOIN (SELECT DISTINCT entity_id, canonical_id FROM statements) t
    ON s.value = t.entity_id
  WHERE s.prop_type = 'entity';
CREATE TEMP VIEW entity_address AS
  SELECT source AS entity, target AS address FROM ref WHERE prop = 'addressEntity'
  UNION
  SELECT l.target, r.target FROM ref l JOIN ref r ON l.entity_id = r.entity_id
  WHERE l.schema = 'UnknownLink' AND l.prop = 'subject' AND r.prop = 'object'
    AND l.entity_id NOT IN (SELECT entity_id FROM statements WHERE prop = 'endDate');
CREATE TEMP VIEW entity_gm AS
  SELECT DISTINCT ea.entity, g.gemeentecode
  FROM entity_address ea JOIN addr a ON a.canonical_id = ea.address
  JOIN postcode_gm g ON g.postcode = a.postcode
  UNION
  SELECT DISTINCT a.canonical_id, g.gemeentecode FROM addr a JOIN postcode_gm g USING (postcode);
"""


@dataclass(frozen=True)
class MunicipalityFigures:
    """One municipality's row in the demo report."""

    code: str
    name: str
    persons: int
    companies: int
    hits: int


def municipality_figures(
    store: Store, reader: Actor, names: dict[str, str], hit_entities: list[str]
) -> list[MunicipalityFigures]:
    """Persons, companies and signal hits per municipality, by municipality code."""
    con = working_connection()
    con.register("statements", store.read_statement_table(reader, SCHEMATA))
    con.execute(VIEWS)
    con.register("hits", pa.table({"entity": hit_entities}))
    rows = con.execute(
        """
        SELECT g.gemeentecode,
          count(DISTINCT CASE WHEN s.schema = 'Person' THEN g.entity END),
          count(DISTINCT CASE WHEN s.schema = 'Company' THEN g.entity END),
          count(DISTINCT CASE WHEN g.entity IN (SELECT entity FROM hits) THEN g.entity END)
        FROM entity_gm g JOIN (SELECT DISTINCT canonical_id, schema FROM statements) s
          ON s.canonical_id = g.entity
        GROUP BY 1 ORDER BY 1
        """
    ).fetchall()
    return [
        MunicipalityFigures(code, names.get(code, code), persons, companies, hits)
        for code, persons, companies, hits in rows
    ]
