"""A person's decision that two records are (not) the same: append-only, withdrawable."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Verdict(StrEnum):
    """What a reviewer decided about a pair of records."""

    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"


class Judgement(BaseModel):
    """One recorded decision; a withdrawal is a later record that names this one's id."""

    model_config = ConfigDict(frozen=True)

    id: str
    left_id: str
    right_id: str
    verdict: Verdict
    reason: str = Field(min_length=1)
    author: str
    created_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        """The two record ids in a stable order."""
        return (
            (self.left_id, self.right_id)
            if self.left_id <= self.right_id
            else (
                self.right_id,
                self.left_id,
            )
        )
