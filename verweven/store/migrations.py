"""The store's tables, as numbered migrations shared by both backends.

Types are chosen from the subset DuckDB and PostgreSQL both understand (TEXT, TEXT[], BIGINT,
TIMESTAMP). Statements carry no primary-key index: ids are content hashes and merges are
anti-joins, which keeps bulk writes several times faster on DuckDB (see docs/architecture.md).
"""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE IF NOT EXISTS schema_version (
            version BIGINT NOT NULL,
            applied_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS datasets (
            name TEXT PRIMARY KEY,
            partner TEXT NOT NULL,
            title TEXT NOT NULL,
            legal_basis_article TEXT NOT NULL,
            legal_basis_text TEXT NOT NULL,
            purposes TEXT[] NOT NULL,
            retention_days BIGINT NOT NULL,
            sensitivity TEXT NOT NULL,
            delivered_at TIMESTAMP,
            registered_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS import_runs (
            id TEXT PRIMARY KEY,
            dataset TEXT NOT NULL,
            source TEXT NOT NULL,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP NOT NULL,
            statements_written BIGINT NOT NULL,
            statements_new BIGINT NOT NULL,
            quarantined BIGINT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS statements (
            id TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            canonical_id TEXT NOT NULL,
            schema TEXT NOT NULL,
            prop TEXT NOT NULL,
            prop_type TEXT NOT NULL,
            value TEXT NOT NULL,
            original_value TEXT,
            dataset TEXT NOT NULL,
            first_seen TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL,
            import_run TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS quarantine (
            id TEXT PRIMARY KEY,
            import_run TEXT NOT NULL,
            dataset TEXT NOT NULL,
            file TEXT NOT NULL,
            line BIGINT,
            field TEXT,
            value TEXT,
            reason TEXT NOT NULL,
            raw TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS audit_log (
            seq BIGINT PRIMARY KEY,
            occurred_at TIMESTAMP NOT NULL,
            actor TEXT NOT NULL,
            partner TEXT NOT NULL,
            purpose TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
    ),
    (
        # Canonical ids decided by resolution, so that later deliveries inherit them.
        """CREATE TABLE IF NOT EXISTS canonical_ids (
            entity_id TEXT PRIMARY KEY,
            canonical_id TEXT NOT NULL,
            resolved_at TIMESTAMP NOT NULL
        )""",
        # Append-only: a withdrawal is a row of its own that names the judgement it withdraws.
        """CREATE TABLE IF NOT EXISTS judgements (
            id TEXT PRIMARY KEY,
            left_id TEXT NOT NULL,
            right_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            withdraws TEXT
        )""",
    ),
    (
        # The partner's own record id of a quarantined row or value, so a steward can find it.
        "ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS record_id TEXT",
    ),
    (
        # The lawful core. Keys of the store itself (the digest key of the audit log).
        """CREATE TABLE IF NOT EXISTS store_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        # When a run's delivery was observed (a re-run of an old file keeps its date): the
        # age by which retention removes the run's quarantined rows.
        "ALTER TABLE import_runs ADD COLUMN IF NOT EXISTS observed_at TIMESTAMP",
        # Whom a hit/no-hit answer names, and the version of each registry entry.
        "ALTER TABLE datasets ADD COLUMN IF NOT EXISTS contact TEXT DEFAULT ''",
        "ALTER TABLE datasets ADD COLUMN IF NOT EXISTS version BIGINT DEFAULT 1",
        # Every version of every registry entry, with who registered it: nothing is lost.
        """CREATE TABLE IF NOT EXISTS dataset_versions (
            name TEXT NOT NULL,
            version BIGINT NOT NULL,
            partner TEXT NOT NULL,
            title TEXT NOT NULL,
            legal_basis_article TEXT NOT NULL,
            legal_basis_text TEXT NOT NULL,
            purposes TEXT[] NOT NULL,
            retention_days BIGINT NOT NULL,
            sensitivity TEXT NOT NULL,
            delivered_at TIMESTAMP,
            contact TEXT NOT NULL,
            registered_at TIMESTAMP NOT NULL,
            registered_by TEXT NOT NULL,
            PRIMARY KEY (name, version)
        )""",
        """CREATE TABLE IF NOT EXISTS accounts (
            username TEXT PRIMARY KEY,
            partner TEXT NOT NULL,
            roles TEXT[] NOT NULL,
            display_name TEXT NOT NULL,
            password_hash TEXT,
            local BOOLEAN NOT NULL,
            created_at TIMESTAMP NOT NULL,
            created_by TEXT NOT NULL,
            disabled_at TIMESTAMP,
            disabled_by TEXT
        )""",
        # API tokens are kept only as a digest; a revocation or expiry ends them.
        """CREATE TABLE IF NOT EXISTS api_tokens (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            digest TEXT NOT NULL,
            label TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            created_by TEXT NOT NULL,
            expires_at TIMESTAMP NOT NULL,
            revoked_at TIMESTAMP,
            revoked_by TEXT
        )""",
        # The audit log: events are appended by anyone without a lock; sealing gives them a
        # position in the Merkle tree (audit_tree) and signs the tree head (audit_checkpoints).
        # The earlier hash-chained audit_log table is kept, untouched, as history.
        """CREATE TABLE IF NOT EXISTS audit_events (
            id TEXT PRIMARY KEY,
            occurred_at TIMESTAMP NOT NULL,
            actor TEXT NOT NULL,
            partner TEXT NOT NULL,
            roles TEXT NOT NULL,
            purpose TEXT NOT NULL,
            legal_basis TEXT NOT NULL,
            case_ref TEXT NOT NULL,
            action TEXT NOT NULL,
            decision TEXT NOT NULL,
            policies TEXT NOT NULL,
            target TEXT NOT NULL,
            datasets TEXT[] NOT NULL,
            scope TEXT NOT NULL,
            entity_count BIGINT NOT NULL,
            ids_digest TEXT NOT NULL,
            query_digest TEXT NOT NULL,
            result_size BIGINT NOT NULL,
            detail TEXT NOT NULL,
            leaf_hash TEXT NOT NULL
        )""",
        # The entity ids an event touched (compressed); retention may replace a purged id by
        # its digest, which the event's leaf already commits to.
        """CREATE TABLE IF NOT EXISTS audit_event_ids (
            event_id TEXT PRIMARY KEY,
            ids BYTEA NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS audit_tree (
            seq BIGINT PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            leaf_hash TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS audit_checkpoints (
            size BIGINT PRIMARY KEY,
            root_hash TEXT NOT NULL,
            frontier TEXT NOT NULL,
            note TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL
        )""",
        # Data-subject decisions (AVG art. 16 and 18): append-only, with who, when and why.
        """CREATE TABLE IF NOT EXISTS subject_decisions (
            id TEXT PRIMARY KEY,
            canonical_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            statement_id TEXT,
            corrected_value TEXT,
            reason TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TIMESTAMP NOT NULL,
            lifts TEXT
        )""",
        # What those decisions take out of every read: restricted records, superseded values.
        """CREATE TABLE IF NOT EXISTS restricted_records (
            entity_id TEXT PRIMARY KEY,
            decision TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS superseded_statements (
            statement_id TEXT PRIMARY KEY,
            decision TEXT NOT NULL
        )""",
        # Hit/no-hit questions and the answers given (readable by the auditor only; the log
        # holds the question's digest and how many partners had a hit).
        """CREATE TABLE IF NOT EXISTS hit_questions (
            id TEXT PRIMARY KEY,
            asked_at TIMESTAMP NOT NULL,
            asker TEXT NOT NULL,
            partner TEXT NOT NULL,
            purpose TEXT NOT NULL,
            case_ref TEXT NOT NULL,
            query_digest TEXT NOT NULL,
            answers TEXT NOT NULL
        )""",
        # What retention removed, dataset by dataset: counts and the cut-off, never values.
        """CREATE TABLE IF NOT EXISTS purge_tombstones (
            id TEXT PRIMARY KEY,
            dataset TEXT NOT NULL,
            cutoff TIMESTAMP NOT NULL,
            statements BIGINT NOT NULL,
            records BIGINT NOT NULL,
            purged_at TIMESTAMP NOT NULL,
            purged_by TEXT NOT NULL
        )""",
        # Signal hits as recorded by a run (the entity, the sentence, the evidence): what a
        # data subject may ask about, and what retention removes with its evidence.
        """CREATE TABLE IF NOT EXISTS signal_hits (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            signal_id TEXT NOT NULL,
            signal_version BIGINT NOT NULL,
            entity_id TEXT NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            sentence TEXT NOT NULL,
            datasets TEXT[] NOT NULL,
            as_of TIMESTAMP NOT NULL,
            recorded_at TIMESTAMP NOT NULL,
            recorded_by TEXT NOT NULL,
            purpose TEXT NOT NULL,
            case_ref TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS signal_hit_evidence (
            hit_id TEXT NOT NULL,
            statement_id TEXT NOT NULL,
            PRIMARY KEY (hit_id, statement_id)
        )""",
        # Files verweven wrote (exports): retention removes those holding purged entities.
        """CREATE TABLE IF NOT EXISTS exports (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            written_at TIMESTAMP NOT NULL,
            actor TEXT NOT NULL,
            purpose TEXT NOT NULL,
            datasets TEXT[] NOT NULL,
            removed_at TIMESTAMP
        )""",
    ),
    (
        # The links that hold each cluster together (both records in one cluster), so that a
        # reader who may not see some of a cluster's records sees only what the rest shows.
        """CREATE TABLE IF NOT EXISTS resolution_links (
            left_id TEXT NOT NULL,
            right_id TEXT NOT NULL,
            origin SMALLINT NOT NULL,
            weight DOUBLE PRECISION NOT NULL
        )""",
        # Per view (the datasets a read may use): the cluster id of each record whose cluster
        # the view splits, and which views have been computed since clusters last changed.
        """CREATE TABLE IF NOT EXISTS view_canonical_ids (
            view_key TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            canonical_id TEXT NOT NULL,
            PRIMARY KEY (view_key, entity_id)
        )""",
        """CREATE TABLE IF NOT EXISTS view_states (
            view_key TEXT PRIMARY KEY,
            split_records BIGINT NOT NULL,
            computed_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # Integral cases: a header, then only appended rows — every move, subject,
        # intervention step and hit verdict is a decision with who, when and why.
        """CREATE TABLE IF NOT EXISTS cases (
            ref TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            typology TEXT NOT NULL,
            legal_basis TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TIMESTAMP NOT NULL,
            monitor_until DATE
        )""",
        """CREATE TABLE IF NOT EXISTS case_decisions (
            id TEXT PRIMARY KEY,
            case_ref TEXT NOT NULL,
            seq BIGINT NOT NULL,
            from_state TEXT,
            to_state TEXT NOT NULL,
            reason TEXT NOT NULL,
            evidence TEXT[] NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TIMESTAMP NOT NULL,
            UNIQUE (case_ref, seq)
        )""",
        """CREATE TABLE IF NOT EXISTS case_subjects (
            case_ref TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TIMESTAMP NOT NULL,
            PRIMARY KEY (case_ref, entity_id)
        )""",
        """CREATE TABLE IF NOT EXISTS case_interventions (
            id TEXT PRIMARY KEY,
            intervention_id TEXT NOT NULL,
            case_ref TEXT NOT NULL,
            instrument TEXT NOT NULL,
            barrier TEXT NOT NULL,
            partner TEXT NOT NULL,
            status TEXT NOT NULL,
            planned_for DATE,
            reason TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS hit_feedback (
            id TEXT PRIMARY KEY,
            case_ref TEXT NOT NULL,
            hit_id TEXT NOT NULL,
            signal_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # Canonical ids live for ever: what each run did to them (a new entity, a merge, a
        # split), with the run, its starter, when and the model version, and where a retired
        # id now points, so that a case or report naming it never points at nothing.
        """CREATE TABLE IF NOT EXISTS resolution_events (
            run_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            event TEXT NOT NULL,
            canonical_id TEXT NOT NULL,
            other_id TEXT,
            records BIGINT NOT NULL,
            model_version TEXT NOT NULL,
            started_by TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS canonical_redirects (
            retired_id TEXT PRIMARY KEY,
            target_id TEXT,
            run_id TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # Bibob files: the request, the days that start and stop its clocks, the LBB's answers
        # to the art. 11a question and the officer's decisions — each appended, never updated.
        """CREATE TABLE IF NOT EXISTS bibob_files (
            ref TEXT PRIMARY KEY,
            authority TEXT NOT NULL,
            instrument TEXT NOT NULL,
            subject TEXT NOT NULL,
            applicant TEXT NOT NULL,
            questionnaire TEXT NOT NULL,
            decision_weeks INTEGER NOT NULL,
            legal_basis TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS bibob_dates (
            id TEXT PRIMARY KEY,
            file_ref TEXT NOT NULL,
            kind TEXT NOT NULL,
            day DATE NOT NULL,
            reason TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS bibob_decisions (
            id TEXT PRIMARY KEY,
            file_ref TEXT NOT NULL,
            seq INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            reasons TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TIMESTAMP NOT NULL,
            UNIQUE (file_ref, seq)
        )""",
        """CREATE TABLE IF NOT EXISTS bibob_lbb_answers (
            id TEXT PRIMARY KEY,
            file_ref TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            hit BOOLEAN NOT NULL,
            asked_on DATE NOT NULL,
            answered_on DATE NOT NULL,
            reference TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # Retention reaching a case: a subject whose records a purge removed is noted with the
        # delivery, how many of its records went and when; a subject removed whole (or named
        # by a purged record's id) is named by its keyed digest from then on.
        """CREATE TABLE IF NOT EXISTS case_subject_purges (
            case_ref TEXT NOT NULL,
            subject TEXT NOT NULL,
            dataset TEXT NOT NULL,
            records BIGINT NOT NULL,
            removed BOOLEAN NOT NULL,
            purged_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # Resolution settings per kind, kept by the store (append-only; the newest is in force;
        # settings NULL: back to the shipped ones). verweven.store.resolution_settings.
        """CREATE TABLE IF NOT EXISTS resolution_settings (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            settings TEXT,
            reason TEXT NOT NULL,
            set_by TEXT NOT NULL,
            set_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # Bibob files reached by data-subject requests and retention: the members of the
        # applicant's circle a screening of the file found (art. 3 lid 4 Wet Bibob), and what a
        # purge removed of the applicant or a member (as case_subject_purges for cases).
        """CREATE TABLE IF NOT EXISTS bibob_file_members (
            file_ref TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            category TEXT NOT NULL,
            recorded_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS bibob_file_purges (
            file_ref TEXT NOT NULL,
            subject TEXT NOT NULL,
            dataset TEXT NOT NULL,
            records BIGINT NOT NULL,
            removed BOOLEAN NOT NULL,
            purged_at TIMESTAMP NOT NULL
        )""",
    ),
    (
        # last_seen leaves the statements table (see verweven/store/seen.py): per dataset the
        # date of its newest delivery, per statement only where that delivery left it out.
        # A re-delivery then writes what changed instead of rewriting every repeated row.
        """CREATE TABLE IF NOT EXISTS dataset_last_seen (
            dataset TEXT PRIMARY KEY,
            last_seen TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS statement_last_seen (
            id TEXT PRIMARY KEY,
            dataset TEXT NOT NULL,
            last_seen TIMESTAMP NOT NULL
        )""",
        "INSERT INTO dataset_last_seen (dataset, last_seen) "
        "SELECT dataset, max(last_seen) FROM statements GROUP BY dataset",
        "INSERT INTO statement_last_seen (id, dataset, last_seen) "
        "SELECT s.id, s.dataset, s.last_seen FROM statements s "
        "JOIN dataset_last_seen d ON d.dataset = s.dataset WHERE s.last_seen < d.last_seen",
        "ALTER TABLE statements DROP COLUMN last_seen",
    ),
)

# Indexes that pay for themselves only on PostgreSQL (row store, many concurrent readers): by
# name, the columns of the statements table they index. The merge of an import run needs the
# id index; the others only serve reads. The statements table is partitioned by dataset there
# (verweven/store/postgres.py), so each is a partitioned index, one part per partition, and
# the partitions themselves answer for the dataset.
POSTGRES_INDEXES: dict[str, str] = {
    "statements_id_idx": "id",
    "statements_canonical_idx": "canonical_id",
    "statements_value_idx": "value",
}


def postgres_index_sql(name: str, table: str = "statements") -> str:
    """The statement that creates one of ``POSTGRES_INDEXES`` if it is missing, on the
    statements table or (named after it) on one of its partitions."""
    index = name if table == "statements" else f"{table}_{name.removeprefix('statements_')}"
    return f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({POSTGRES_INDEXES[name]})"


LATEST_VERSION = len(MIGRATIONS)
