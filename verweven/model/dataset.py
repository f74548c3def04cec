"""A dataset is one partner's delivery under one legal basis: the key of every access rule."""

import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class Sensitivity(StrEnum):
    """How harmful disclosure would be; drives who may see a dataset and how it is shown."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"  # e.g. police intelligence, FIU reports


class LegalBasis(BaseModel):
    """The article of law (or covenant) that allows this partner to share this delivery."""

    model_config = ConfigDict(frozen=True)

    article: str = Field(min_length=1, examples=["art. 2:7 WGS"])
    text: str = Field(default="", examples=["Verstrekking aan samenwerkingsverband RIEC"])


class Dataset(BaseModel):
    """Registry entry of one partner delivery (see DESIGN.md decision 3)."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(examples=["politie_incidenten"])
    partner: str = Field(min_length=1, examples=["politie"])
    title: str = ""
    legal_basis: LegalBasis
    purposes: tuple[str, ...] = Field(min_length=1, examples=[("bibob", "riec_casus")])
    retention_days: int = Field(default=5 * 365, gt=0)
    sensitivity: Sensitivity = Sensitivity.CONFIDENTIAL
    delivered_at: datetime | None = None
    contact: str = Field(default="", examples=["RIEC-liaison politie, 088-1234567"])
    """Whom a hit/no-hit answer names for this delivery."""

    @field_validator("name")
    @classmethod
    def check_name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(
                "a dataset name is 2-64 characters: lowercase letters, digits and _, "
                f"starting with a letter; got {value!r}"
            )
        return value

    @field_validator("purposes")
    @classmethod
    def check_purposes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(sorted({p.strip() for p in value if p.strip()}))
        if not cleaned:
            raise ValueError("a dataset must name at least one purpose it may serve")
        return cleaned

    def serves(self, purpose: str) -> bool:
        """Whether this delivery may be used for the given purpose (purpose limitation)."""
        return purpose in self.purposes
