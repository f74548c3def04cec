"""The one settings object. Every field can be set by an environment variable VERWEVEN_<NAME>."""

import getpass
import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Run-time settings, read once from the environment (prefix ``VERWEVEN_``)."""

    model_config = SettingsConfigDict(env_prefix="VERWEVEN_", frozen=True)

    database_url: str = "verweven.duckdb"
    """A DuckDB file path (the embedded default) or a ``postgresql://`` URL."""

    database_schema: str = "verweven"
    """The PostgreSQL schema that holds verweven's tables (ignored for DuckDB)."""

    batch_size: int = 250_000
    """Statements per bulk batch sent to the store."""

    ingest_workers: int = min(os.cpu_count() or 1, 4)
    """Worker processes that map delivery rows in parallel (1: map in the main process)."""

    user: str = getpass.getuser()
    """Who is acting, recorded in the audit log with every read and write."""

    partner: str = "local"
    """The partner the user acts for."""

    token: str | None = None
    """An API token (``vw_...``) to act as its account on a multi-user store; without one
    the CLI uses the session of `verweven login`."""

    policy_dir: Path | None = None
    """A folder of Cedar policy files (and optionally purposes.yml) that replaces the shipped
    policy (verweven/access/policies); review changes to it like code."""

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
