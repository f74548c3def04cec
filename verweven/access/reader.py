"""The reader of personal data and the purpose-limitation rule."""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from verweven.model.dataset import Dataset


class Reader(BaseModel):
    """A person (or job) reading data, the partner it acts for and the purpose of the read."""

    model_config = ConfigDict(frozen=True)

    user: str = Field(min_length=1, examples=["analist.jansen"])
    partner: str = Field(min_length=1, examples=["riec_oost"])
    purpose: str = Field(min_length=1, examples=["riec_casus"])


def may_read(reader: Reader, dataset: Dataset) -> bool:
    """A dataset is visible when it may serve the reader's purpose (purpose limitation)."""
    return dataset.serves(reader.purpose)


def visible_datasets(reader: Reader, datasets: Iterable[Dataset]) -> list[str]:
    """Names of the datasets this reader may see, sorted."""
    return sorted(d.name for d in datasets if may_read(reader, d))
