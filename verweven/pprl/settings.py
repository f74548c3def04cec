"""PPRL settings as data: the defaults ship as ``settings.yml``; a partner may pass its own file.

Only the encoding part (filter length, fields, hardening) is hashed: two files are comparable
exactly when that hash is equal. The match defaults are outside the hash, since the matcher may
choose another threshold without re-encoding anything.
"""

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from verweven.errors import InputError

# The fields a person record can have (verweven.pprl.fields normalises each of them).
FIELD_NAMES = ("first_name", "last_name", "birth_date", "postcode")
# Raised when normalisation or hashing changes, so old and new encodings are never compared.
ENCODING_VERSION = 1


class FieldSettings(BaseModel):
    """One field: q-gram length and bits set per q-gram (its weight)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: int = Field(default=2, ge=1, le=4)
    k: int = Field(ge=1, le=100)


class SaltSettings(BaseModel):
    """Hash these fields' q-grams together with a stable attribute of the record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fields: tuple[str, ...] = ()
    with_: Literal["none", "birth_year"] = Field(default="none", alias="with")


class HardeningSettings(BaseModel):
    """Balancing, XOR-folding and salting (docs/pprl.md says what each protects against)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    balance: bool = True
    xor_folds: int = Field(default=1, ge=0, le=3)
    salt: SaltSettings = SaltSettings()


class MatchSettings(BaseModel):
    """Defaults of the match: threshold and the bit-sampling LSH that proposes candidates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: float = Field(default=0.8, gt=0, le=1)
    bands: int = Field(default=40, ge=1, le=1000)
    bits_per_band: int = Field(default=16, ge=1, le=64)
    max_bucket: int = Field(default=2000, ge=1)
    one_to_one: bool = False


class PprlSettings(BaseModel):
    """Everything that decides what an encoding looks like, plus the match defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    filter_bits: int = Field(default=1024, ge=64, le=16384)
    fields: dict[str, FieldSettings]
    hardening: HardeningSettings = HardeningSettings()
    match: MatchSettings = MatchSettings()

    @model_validator(mode="after")
    def _check(self) -> "PprlSettings":
        unknown = set(self.fields) - set(FIELD_NAMES)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}; known: {', '.join(FIELD_NAMES)}")
        if not self.fields:
            raise ValueError("at least one field is needed")
        salted = set(self.hardening.salt.fields)
        if salted - set(self.fields):
            raise ValueError(f"salt.fields {sorted(salted - set(self.fields))} are not fields")
        if salted and self.hardening.salt.with_ == "none":
            raise ValueError("salt.fields is set but salt.with is none (use birth_year)")
        if self.filter_bits % (8 * 2**self.hardening.xor_folds):
            # whole bytes after folding: encodings are written as packed bytes
            raise ValueError("filter_bits must be divisible by 8 x 2^xor_folds")
        return self

    @property
    def encoded_bits(self) -> int:
        """Bits of an encoding after hardening: doubled by balancing, halved by each fold."""
        bits: int = self.filter_bits >> self.hardening.xor_folds
        return bits * 2 if self.hardening.balance else bits

    def encoding_part(self) -> dict[str, Any]:
        """What the settings hash covers (the match defaults are left out)."""
        data = self.model_dump(mode="json", by_alias=True, exclude={"match"})
        return {**data, "encoding_version": ENCODING_VERSION}

    def settings_hash(self) -> str:
        """SHA-256 of the canonical JSON of the encoding part: equal hashes, comparable files."""
        canonical = json.dumps(self.encoding_part(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_settings(data: object, source: str) -> PprlSettings:
    """Validate settings data; errors name the source and the setting that is wrong."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: PPRL settings are an object with fields, hardening, match")
    try:
        return PprlSettings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        raise InputError(f"{source}: invalid PPRL settings: {problems}") from None


def load_settings(path: Path | None = None) -> PprlSettings:
    """The settings in ``path`` (YAML or JSON), else the shipped defaults."""
    if path is None:
        text = resources.files("verweven.pprl").joinpath("settings.yml").read_text("utf-8")
        return parse_settings(yaml.safe_load(text), "verweven/pprl/settings.yml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is YAML too
    except OSError as error:
        raise InputError(f"{path}: cannot read PPRL settings ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML or JSON: {error}") from None
    return parse_settings(data, str(path))
