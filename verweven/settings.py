"""The one settings object. Every field can be set by an environment variable VERWEVEN_<NAME>.

Settings are checked when they are read: a value that cannot be used (an empty user, a batch
size that is no number, a memory limit DuckDB would not understand) is a ``SettingsError``
naming the variable, the value and what was expected — never a traceback, and never text
pasted into SQL unchecked.
"""

import getpass
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from verweven.errors import SettingsError

# A DuckDB size: a number and a unit (DuckDB's own units), e.g. ``6GB``, ``512 MiB``.
MEMORY_SIZE = re.compile(r"\d+(\.\d+)?\s*(B|[KMGT]i?B)", re.IGNORECASE)


def login_name() -> str:
    """The login name, or "" where the system has none (a container without a user entry)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


class Settings(BaseSettings):
    """Run-time settings, read once from the environment (prefix ``VERWEVEN_``)."""

    model_config = SettingsConfigDict(env_prefix="VERWEVEN_", frozen=True)

    database_url: Annotated[str, Field(min_length=1)] = "verweven.duckdb"
    """A DuckDB file path (the embedded default) or a ``postgresql://`` URL."""

    database_schema: str = "verweven"
    """The PostgreSQL schema that holds verweven's tables (ignored for DuckDB)."""

    batch_size: Annotated[int, Field(ge=1)] = 250_000
    """Statements per bulk batch sent to the store."""

    ingest_workers: Annotated[int, Field(ge=1)] = min(os.cpu_count() or 1, 4)
    """Worker processes that map delivery rows in parallel (1: map in the main process)."""

    ingest_row_by_row: bool = False
    """Map rows with the row-by-row mapper instead of the compiled one (the reference the
    equivalence test and the ingest benchmark compare the compiled mapper with)."""

    user: str = Field(default_factory=login_name, validate_default=True)
    """Who is acting, recorded in the audit log with every read and write."""

    partner: str = "local"
    """The partner the user acts for."""

    token: str | None = None
    """An API token (``vw_...``) to act as its account on a multi-user store; without one
    the CLI uses the session of `verweven login`."""

    policy_dir: Path | None = None
    """A folder of Cedar policy files (and optionally purposes.yml) that replaces the shipped
    policy (verweven/access/policies); review changes to it like code."""

    cases_dir: Path | None = None
    """A folder with the deployment's own barrier model and intervention ladder
    (``barriers.yml``, ``interventions.yml``) instead of the shipped ones (verweven/cases)."""

    spark_master: str = "local[2]"
    """Where `verweven resolve --backend spark` runs Splink: ``local[N]`` in this process, or a
    standalone cluster's ``spark://host:7077`` (`make spark-cluster` starts one here)."""

    geo_dir: Path | None = None
    """The boundary files the undermining picture's web page and API draw on: a folder with
    ``gemeenten.geojson``, ``wijken.geojson`` and ``buurten.geojson`` (the CBS wijk- en
    buurtkaart, or a synthetic region's ``geo/``)."""

    region_name: str = "Regio"
    """The region's name on the undermining picture."""

    audit_key: Path | None = None
    """The Ed25519 key that signs the audit log's checkpoints. Default: next to an embedded
    store (``<store>.audit-key``); a multi-user store needs it set."""

    audit_witness: Path | None = None
    """A file outside the database that receives every signed checkpoint, so that cutting
    the end off the log is detected. Default: next to an embedded store."""

    hit_questions_per_hour: int = 30
    """How many hit/no-hit questions one account may ask per hour."""

    duckdb_memory: str | None = None
    """The memory limit of each DuckDB database verweven opens: the store, and the working
    database of resolution and network building (e.g. ``6GB``). Beyond it they spill to disk,
    so a national region need not fit in memory. Default: a quarter of memory each, which
    leaves half for Splink, the clustering arrays and igraph."""

    out_dir: Path = Path("out")
    """Where reports and demo output are written."""

    @field_validator("user", "partner")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name who acts (it is written to the audit log); it is empty")
        return value.strip()

    @field_validator("duckdb_memory")
    @classmethod
    def memory_size(cls, value: str | None) -> str | None:
        if value is not None and not MEMORY_SIZE.fullmatch(value.strip()):
            raise ValueError("expected a size such as 6GB, 512MB or 2GiB")
        return value.strip() if value is not None else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError("; ".join(describe(problem) for problem in error.errors())) from None


def describe(problem: object) -> str:
    """One setting's problem as ``VERWEVEN_NAME='value': what was expected``."""
    assert isinstance(problem, dict)
    name = "VERWEVEN_" + "_".join(str(part) for part in problem["loc"]).upper()
    message = str(problem["msg"]).removeprefix("Value error, ")
    return f"{name}={problem.get('input')!r}: {message}"
