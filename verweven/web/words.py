"""Dutch names for FollowTheMoney's schemata and relationships (``woorden.yml``), for the
templates and for the drawn network, so that both say the same."""

from functools import cache
from pathlib import Path

import yaml

WORDS_PATH = Path(__file__).parent / "woorden.yml"


@cache
def _words() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))
    return loaded


def schema_name(schema: str) -> str:
    """Persoon for Person; the schema's own name when none is listed."""
    return _words()["soorten"].get(schema, schema)


def relation_name(kind: str, label: str) -> str:
    """How an edge reads in Dutch, by its kind (``Ownership``, or a reference's qname such as
    ``Thing:addressEntity``); FollowTheMoney's English ``label`` when none is listed."""
    return _words()["relaties"].get(kind.rsplit(":", 1)[-1], label)
