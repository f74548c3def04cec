"""Dutch words for the edges of the network, read from ``labels.yml``: the one mapping the
Bibob report, its network picture and the web page all use."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from verweven.errors import UsageError
from verweven.graph.facts import EdgeFact

ORGANISATIONS = frozenset({"Company", "Organization", "LegalEntity", "PublicBody"})


@dataclass(frozen=True)
class Wording:
    label: str
    organisation: str | None = None
    reverse: bool = False


@cache
def load_wordings() -> tuple[dict[str, Wording], dict[str, str]]:
    """The relationship wordings by schema and the reference nouns by qname."""
    text = files("verweven.screening").joinpath("labels.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    try:
        relationships = {kind: Wording(**entry) for kind, entry in data["relationships"].items()}
        references = {str(qname): str(noun) for qname, noun in data["references"].items()}
    except (KeyError, TypeError) as error:
        raise UsageError(f"verweven/screening/labels.yml: {error}") from None
    return relationships, references


def dutch_label(kind: str, english: str, target_schema: str | None = None) -> str:
    """The Dutch label of an edge kind (``english``, FtM's label, when none is listed)."""
    relationships, references = load_wordings()
    if kind in references:
        return references[kind]
    wording = relationships.get(kind)
    if wording is None:
        return english
    if wording.organisation and target_schema in ORGANISATIONS:
        return wording.organisation
    return wording.label


def dutch_sentence(edge: EdgeFact, schemas: Mapping[str, str] | None = None) -> str:
    """The fact in Dutch: "Holding BV: aandeelhouder van Horeca BV (…) [2019 – …]".
    ``schemas`` (canonical id → schema) chooses the organisation wording where known."""
    wording = load_wordings()[0].get(edge.kind)
    ends = [(edge.source, edge.source_caption), (edge.target, edge.target_caption)]
    if wording is not None and wording.reverse:
        ends.reverse()
    (_, first), (target, second) = ends
    label = dutch_label(edge.kind, edge.label, (schemas or {}).get(target))
    # A property reference names what the target is to the source; a relationship reads on.
    text = f"{first} — {label}: {second}" if edge.entity is None else f"{first}: {label} {second}"
    if edge.detail:
        text += f" ({edge.detail})"
    if edge.start or edge.end:
        text += f" [{edge.start or '…'} – {edge.end or '…'}]"
    return text
