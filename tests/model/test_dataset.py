"""Dataset registry entries validate their name and purposes."""

import pytest
from pydantic import ValidationError

from tests.factories import make_dataset, make_entity
from verweven.model import Dataset, LegalBasis, assemble_entity


def test_purposes_are_cleaned_and_sorted() -> None:
    assert make_dataset(purposes=(" bibob", "riec", "bibob")).purposes == ("bibob", "riec")


@pytest.mark.parametrize("name", ["BRP", "1brp", "brp-personen", "b"])
def test_bad_dataset_name_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="dataset name"):
        make_dataset(name=name)


def test_dataset_without_purpose_is_refused() -> None:
    with pytest.raises(ValidationError, match="purpose"):
        Dataset(name="brp", partner="g", legal_basis=LegalBasis(article="x"), purposes=(" ",))


def test_entity_keeps_the_dataset_of_each_value() -> None:
    stmts = make_entity("p1", name="Jan") + make_entity("p1", dataset="politie", name="J. Jansen")
    entity = assemble_entity(stmts)
    assert sorted((s.value, s.dataset) for s in entity.get_statements("name")) == [
        ("J. Jansen", "politie"),
        ("Jan", "brp_personen"),
    ]
