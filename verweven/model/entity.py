"""Entities are assembled from the statements a reader may see; they are never stored whole."""

from collections.abc import Iterable, Iterator

from followthemoney.dataset import Dataset as FtMDataset
from followthemoney.statement import StatementEntity

from verweven.model.statement import Statement

# FtM wants a default dataset for statements added to an entity after assembly; ours are
# always added with their own dataset, so one shared placeholder serves.
ASSEMBLY_DATASET = FtMDataset.make({"name": "verweven", "title": "verweven"})


def assemble_entity(statements: Iterable[Statement]) -> StatementEntity:
    """Build one FtM entity from the statements of one canonical id, keeping each value's source."""
    return StatementEntity.from_statements(ASSEMBLY_DATASET, statements)


def group_by_canonical(statements: Iterable[Statement]) -> Iterator[list[Statement]]:
    """Split a stream ordered by canonical id into one list per canonical id."""
    current: list[Statement] = []
    for stmt in statements:
        if current and stmt.canonical_id != current[0].canonical_id:
            yield current
            current = []
        current.append(stmt)
    if current:
        yield current


def iter_assembled(statements: Iterable[Statement]) -> Iterator[StatementEntity]:
    """Assemble a stream of statements ordered by canonical id into entities."""
    for group in group_by_canonical(statements):
        yield assemble_entity(group)
