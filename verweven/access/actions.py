"""The fixed set of things an actor can ask the store to do: the actions of the policy files."""

from enum import StrEnum


class Action(StrEnum):
    """Every store path maps to one of these; each is a Cedar action of the same name."""

    # Reading deliveries (resource: a dataset). These need a purpose.
    READ = "read"
    READ_BULK = "read_bulk"
    EXPORT = "export"
    READ_QUARANTINE = "read_quarantine"
    SUBJECT_EXPORT = "subject_export"
    ASK_HIT = "ask_hit"
    # Managing deliveries (resource: a dataset). Authorised by role, no purpose.
    REGISTER_DATASET = "register_dataset"
    IMPORT = "import"
    DELETE_DATASET = "delete_dataset"
    PURGE = "purge"
    # Resolution (resource: the store).
    RESOLVE = "resolve"
    JUDGE = "judge"
    READ_JUDGEMENTS = "read_judgements"
    CONFIGURE_RESOLUTION = "configure_resolution"
    READ_RESOLUTION_SETTINGS = "read_resolution_settings"
    # Data-subject decisions (resource: the store).
    DECIDE_SUBJECT = "decide_subject"
    # Casework (resource: the case, or the store for the list of cases).
    CASEWORK = "casework"
    READ_CASE = "read_case"
    LIST_CASES = "list_cases"
    # Bibob files (resource: the file, or the store for the list of files).
    BIBOB_WORK = "bibob_work"
    READ_BIBOB_FILE = "read_bibob_file"
    LIST_BIBOB_FILES = "list_bibob_files"
    # Verdicts on signal hits in the queue, outside a case (resource: the store).
    HIT_FEEDBACK = "hit_feedback"
    # Metadata, administration and audit (resource: the store or a partner).
    LIST_DATASETS = "list_datasets"
    LIST_IMPORT_RUNS = "list_import_runs"
    MANAGE_ACCOUNTS = "manage_accounts"
    LIST_ACCOUNTS = "list_accounts"
    START_JOB = "start_job"
    READ_AUDIT = "read_audit"
    SEAL_AUDIT = "seal_audit"
    # Choosing a purpose (resource: the purpose).
    USE_PURPOSE = "use_purpose"
    # Logging in and out are audited, not authorised by policy.
    LOGIN = "login"

    @property
    def needs_purpose(self) -> bool:
        """Reads of personal data state why; management actions are authorised by role."""
        return self in PURPOSE_ACTIONS


PURPOSE_ACTIONS = frozenset(
    {
        Action.READ,
        Action.READ_BULK,
        Action.EXPORT,
        Action.READ_QUARANTINE,
        Action.SUBJECT_EXPORT,
        Action.ASK_HIT,
        Action.JUDGE,
        Action.READ_JUDGEMENTS,
        Action.DECIDE_SUBJECT,
        Action.READ_AUDIT,
        Action.CASEWORK,
        Action.READ_CASE,
        Action.LIST_CASES,
        Action.BIBOB_WORK,
        Action.READ_BIBOB_FILE,
        Action.LIST_BIBOB_FILES,
        Action.HIT_FEEDBACK,
    }
)
