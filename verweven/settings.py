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

    purpose: str | None = None
    """The purpose of reads; commands that read personal data require one (--purpose)."""

    work_memory: str | None = None
    """DuckDB's memory limit for the working tables of resolution and network building (e.g.
    ``8GB``); beyond it they spill to a temporary folder. Default: two fifths of memory."""

    out_dir: Path = Path("out")
    """Where reports and demo output are written."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
