"""Search that forgives: identifiers exactly after normalisation (a KvK number with spaces, a
BSN whose leading zero a spreadsheet dropped, a kenteken with or without dashes, an IBAN or
postcode in any case), names within a few edits (case and accents ignored). Every lookup is
one of the store's audited searches, over what the reader may read — so a BSN is found only
in deliveries the policy lets this reader read for this purpose."""

import re

from pydantic import Field

from verweven.access import Actor
from verweven.model.identifiers import (
    FIXED_LENGTH_NUMBERS,
    format_kenteken,
    is_valid_iban,
    is_valid_postcode,
    kenteken_sidecode,
    normalise_iban,
    normalise_postcode,
    restore_leading_zeros,
)
from verweven.model.similarity import fold_name
from verweven.services.entities import EntitySummary, summarise
from verweven.services.pages import DEFAULT_LIMIT, Page
from verweven.store import Store

SEPARATORS = re.compile(r"[\s.\-/]")
SHORT_NAME = 5  # folded names this long or shorter allow one edit, longer ones two


class Match(EntitySummary):
    """An entity found, with what matched it."""

    matched: str = Field(description="the value that matched: as typed, normalised, or a name")
    distance: int = Field(description="edits between the name typed and the name matched")


def identifier_forms(text: str) -> list[str]:
    """The exact values ``text`` may have been delivered as, itself first."""
    typed = text.strip()
    compact = SEPARATORS.sub("", typed).upper()
    if not any(c.isdigit() for c in compact):  # a name: as typed (its near names follow)
        return [typed] if typed else []
    forms = [typed, compact]
    if compact.isdigit():
        forms += [restore_leading_zeros(compact, kind) for kind in FIXED_LENGTH_NUMBERS]
    if kenteken_sidecode(compact) is not None:
        forms.append(format_kenteken(compact))
    if is_valid_iban(compact):
        forms.append(normalise_iban(compact))
    if is_valid_postcode(typed):
        forms.append(normalise_postcode(typed))
    return [form for form in dict.fromkeys(forms) if form]


def max_edits(text: str) -> int:
    """How many typing errors a name of this length may have and still be found."""
    return 1 if len(fold_name(text)) <= SHORT_NAME else 2


def search(
    store: Store, reader: Actor, text: str, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page[Match]:
    """Entities with ``text`` as an exact value (in any of its identifier forms) first, then
    entities with a name within a few edits of it, nearest first; only the page shown is
    assembled (one more audited read)."""
    exact: dict[str, str] = {}
    for form in identifier_forms(text):
        for entity_id in store.find_entities(reader, form):
            exact.setdefault(entity_id, form)
    ordered = [(entity_id, form, 0) for entity_id, form in sorted(exact.items())]
    if any(c.isalpha() for c in text) and len(fold_name(text)) >= 3:
        ordered += [
            found
            for found in store.find_similar_names(reader, text, max_edits(text))
            if found[0] not in exact
        ]
    shown = ordered[offset : offset + limit]
    entities = {str(e.id): e for e in store.get_entities(reader, [s[0] for s in shown])}
    items = [
        Match(
            **summarise(entities[entity_id]).model_dump(by_alias=True),
            matched=matched,
            distance=distance,
        )
        for entity_id, matched, distance in shown
        if entity_id in entities
    ]
    return Page[Match](items=items, total=len(ordered), limit=limit, offset=offset)
