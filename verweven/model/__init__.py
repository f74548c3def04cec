"""The data model: FtM statements with provenance, datasets, entities assembled from statements.

No I/O here: the store persists these, every other layer speaks them.
"""

from verweven.model.bibob import BibobFile, DateKind, Instrument, Outcome
from verweven.model.case import Case, CaseState, HitVerdict, InterventionStatus
from verweven.model.dataset import Dataset, LegalBasis, Sensitivity
from verweven.model.entity import assemble_entity, group_by_canonical, iter_assembled
from verweven.model.judgement import Judgement, Verdict
from verweven.model.statement import (
    BASE_ID,
    STATEMENT_COLUMNS,
    STATEMENT_ROW_COLUMNS,
    Statement,
    StatementRow,
    statement_row,
)

__all__ = [
    "BASE_ID",
    "STATEMENT_COLUMNS",
    "STATEMENT_ROW_COLUMNS",
    "BibobFile",
    "Case",
    "CaseState",
    "Dataset",
    "DateKind",
    "HitVerdict",
    "Instrument",
    "InterventionStatus",
    "Judgement",
    "LegalBasis",
    "Outcome",
    "Sensitivity",
    "Statement",
    "StatementRow",
    "Verdict",
    "assemble_entity",
    "group_by_canonical",
    "iter_assembled",
    "statement_row",
]
