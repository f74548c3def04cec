-- Helper views every signal's SQL may use. They are built over the signal's own `statements`
-- (only the inputs it declared, plus every record's id statement), so a view that needs a
-- property the signal did not declare is simply empty. `as_of()` is the run's reference date;
-- `fact_dates` (entity_id, known_on) holds the day each dated record became known.

-- canonical: one row per canonical entity, with its most specific schema.
CREATE TABLE canonical AS
SELECT canonical_id, arg_min(schema, CASE schema
        WHEN 'Person' THEN 1 WHEN 'Company' THEN 2 WHEN 'Organization' THEN 3
        WHEN 'LegalEntity' THEN 9 ELSE 5 END) AS schema
FROM entities GROUP BY canonical_id;

-- props: every plain value (not a reference) with its canonical entity.
CREATE VIEW props AS
SELECT id, canonical_id, entity_id, schema, prop, value, dataset
FROM statements WHERE prop_type NOT IN ('entity', 'id');

-- refs: every reference to another record, resolved to that record's canonical entity.
CREATE TABLE refs AS
SELECT s.id, s.canonical_id AS source_id, s.entity_id AS source_entity, s.schema, s.prop,
       t.canonical_id AS target_id, s.value AS target_entity, s.dataset
FROM statements s JOIN entities t ON t.entity_id = s.value
WHERE s.prop_type = 'entity';

-- edges: FtM relationships (Ownership, Directorship, UnknownLink, Payment, ...) from their
-- source to their target entity; relationship_id is the relationship record itself.
CREATE TABLE edges AS
SELECT s.source_entity AS relationship_id, s.schema, s.target_id AS source_id,
       t.target_id AS target_id, s.id AS source_statement, t.id AS target_statement, s.dataset
FROM refs s
JOIN edge_schemata e ON e.schema = s.schema AND e.source_prop = s.prop
JOIN refs t ON t.source_entity = s.source_entity AND t.prop = e.target_prop;

-- relationship_dates: start and end of each relationship record (NULL when not known).
CREATE VIEW relationship_dates AS
SELECT entity_id AS relationship_id,
       min(CASE WHEN prop = 'startDate' THEN try_cast(value AS DATE) END) AS start_date,
       min(CASE WHEN prop = 'endDate' THEN try_cast(value AS DATE) END) AS end_date,
       min(CASE WHEN prop = 'date' THEN try_cast(value AS DATE) END) AS on_date,
       list(id ORDER BY id) FILTER (WHERE prop IN ('startDate', 'endDate', 'date')) AS statements
FROM props WHERE prop IN ('startDate', 'endDate', 'date') GROUP BY entity_id;

-- officers: who directs (Directorship) or owns shares in (Ownership of) a company, and when.
CREATE VIEW officers AS
SELECT e.target_id AS company_id, e.source_id AS officer_id, e.relationship_id, e.schema,
       d.start_date, d.end_date,
       d.end_date IS NULL OR d.end_date > as_of() AS current,
       [e.source_statement, e.target_statement] AS statements
FROM edges e
JOIN canonical c ON c.canonical_id = e.target_id AND c.schema = 'Company'
LEFT JOIN relationship_dates d USING (relationship_id)
WHERE e.schema IN ('Directorship', 'Ownership');

-- convictions: a person party to a court case, with the case's category, offence and date.
CREATE VIEW convictions AS
SELECT e.source_id AS person_id, e.target_id AS case_id,
       min(p.value) FILTER (WHERE p.prop = 'category') AS category,
       min(p.value) FILTER (WHERE p.prop = 'name') AS offence,
       coalesce(min(d.on_date), max(try_cast(p.value AS DATE))
           FILTER (WHERE p.prop = 'closeDate')) AS convicted_on,
       list_distinct(list(p.id) || [e.source_statement, e.target_statement]) AS statements
FROM edges e
LEFT JOIN props p ON p.canonical_id = e.target_id
LEFT JOIN relationship_dates d USING (relationship_id)
WHERE e.schema = 'CourtCaseParty'
GROUP BY e.source_id, e.target_id, e.source_statement, e.target_statement;

-- residents: who is registered as living (BRP woonadres, role W) at an address, and when.
CREATE VIEW residents AS
SELECT e.target_id AS address_id, e.source_id AS person_id, e.relationship_id,
       d.start_date, d.end_date,
       d.end_date IS NULL OR d.end_date > as_of() AS current,
       [e.source_statement, e.target_statement, r.id] AS statements
FROM edges e
JOIN props r ON r.entity_id = e.relationship_id AND r.prop = 'role' AND r.value = 'W'
LEFT JOIN relationship_dates d USING (relationship_id)
WHERE e.schema = 'UnknownLink';

-- address_keys: an address's full text reduced to lower-case letters and digits, so that the
-- same address written by two partners ("Kerkstraat 12A , 5006AC X" and "Kerkstraat 12A,
-- 5006AC X") meets even where resolution left the two records apart. known_on: the day the
-- address record became known (the police's copy of an address exists from the police's
-- record of it), NULL for register addresses.
CREATE VIEW address_keys AS
SELECT p.canonical_id AS address_id,
       lower(regexp_replace(p.value, '[^A-Za-z0-9]', '', 'g')) AS key,
       p.id AS statement, f.known_on
FROM props p LEFT JOIN fact_dates f USING (entity_id)
WHERE p.schema = 'Address' AND p.prop = 'full';
