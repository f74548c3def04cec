"""Accounts and API tokens as the store keeps them (never a password or token in clear)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from verweven.access.roles import Role

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,62}$"


class Account(BaseModel):
    """A person's account: the partner it works for and the roles it holds."""

    model_config = ConfigDict(frozen=True)

    username: str = Field(pattern=USERNAME_PATTERN, examples=["analist.jansen"])
    partner: str = Field(min_length=1, examples=["riec_oost"])
    roles: tuple[Role, ...] = Field(min_length=1)
    display_name: str = ""
    local: bool = False
    created_at: datetime | None = None
    created_by: str = ""
    disabled_at: datetime | None = None

    @field_validator("roles")
    @classmethod
    def sort_roles(cls, value: tuple[Role, ...]) -> tuple[Role, ...]:
        return tuple(sorted(set(value)))


class TokenInfo(BaseModel):
    """What may be shown of an API token: never the token itself."""

    model_config = ConfigDict(frozen=True)

    id: str
    username: str
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
