"""The unit of storage: one value of one property of one entity, from one dataset.

We use FollowTheMoney's own ``Statement`` (its id is a hash of dataset, entity, property and
value, so the same delivery twice yields the same ids) and add the import run that wrote it.
"""

from followthemoney.statement import BASE_ID
from followthemoney.statement import Statement as FtMStatement

__all__ = [
    "BASE_ID",
    "STATEMENT_COLUMNS",
    "STATEMENT_ROW_COLUMNS",
    "Statement",
    "StatementRow",
    "statement_row",
]

# Column order shared by both store backends and the bulk (Arrow / COPY) paths.
STATEMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "entity_id",
    "canonical_id",
    "schema",
    "prop",
    "prop_type",
    "value",
    "original_value",
    "dataset",
    "first_seen",
    "last_seen",
    "import_run",
)


class Statement(FtMStatement):
    """A FtM statement that also knows the import run that wrote it."""

    __slots__ = ("import_run",)

    def __init__(
        self,
        entity_id: str,
        prop: str,
        schema: str,
        value: str,
        dataset: str,
        original_value: str | None = None,
        first_seen: str | None = None,
        id: str | None = None,
        canonical_id: str | None = None,
        last_seen: str | None = None,
        import_run: str | None = None,
    ) -> None:
        super().__init__(
            entity_id,
            prop,
            schema,
            value,
            dataset,
            original_value=original_value,
            first_seen=first_seen,
            id=id,
            canonical_id=canonical_id,
            last_seen=last_seen,
        )
        self.import_run = import_run


# A statement of an import run as a plain tuple, in STATEMENT_ROW_COLUMNS order. Bulk ingest
# makes millions of these; a tuple costs a fraction of a Statement to build and to send between
# processes, and the run supplies dataset, times and run id.
STATEMENT_ROW_COLUMNS = (
    "id", "entity_id", "schema", "prop", "prop_type", "value", "original_value",
)  # fmt: skip
StatementRow = tuple[str, str, str, str, str, str, str | None]


def statement_row(
    dataset: str,
    entity_id: str,
    schema: str,
    prop: str,
    prop_type: str,
    value: str,
    original_value: str | None = None,
) -> StatementRow:
    """A statement as a row, with the id FtM's ``Statement`` gives it (FtM's own key function)."""
    if not original_value or original_value == value:
        original_value = None
    return (
        FtMStatement.make_key(dataset, entity_id, prop, value, external=False) or "",
        entity_id,
        schema,
        prop,
        prop_type,
        value,
        original_value,
    )
