"""The catalogue of processing purposes (``purposes.yml``): title, legal basis, system-only."""

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from verweven.errors import UsageError
from verweven.settings import get_settings

CATALOGUE = Path(__file__).with_name("purposes.yml")


class Purpose(BaseModel):
    """One purpose data may be processed for."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)
    system: bool = False
    """Only a system job may act for it (e.g. resolve), never a person."""
    record_retention_days: int | None = Field(default=None, gt=0)
    """How long the records a product keeps for this purpose (a Bibob file) are kept after
    they were last written to; none: they are not kept for this purpose."""


@cache
def load_purposes(folder: Path | None = None) -> dict[str, Purpose]:
    """The purpose catalogue: the policy folder's ``purposes.yml`` if it has one, else ours."""
    folder = folder or get_settings().policy_dir
    path = folder / "purposes.yml" if folder and (folder / "purposes.yml").exists() else CATALOGUE
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: Purpose(name=name, **entry) for name, entry in entries.items()}


def get_purpose(name: str) -> Purpose:
    """One purpose of the catalogue; a UsageError that lists the catalogue otherwise."""
    purposes = load_purposes()
    if name not in purposes:
        raise UsageError(
            f"purpose {name!r} is not in the purpose catalogue; known purposes: "
            f"{', '.join(sorted(purposes))}"
        )
    return purposes[name]
