"""`verweven profile`: what resolution would compare, measured before anything is linked."""

from collections.abc import Sequence
from dataclasses import dataclass

from verweven.access import Actor, Job
from verweven.resolve.keys import GuardedKey, find_key_links
from verweven.resolve.kinds import load_kind
from verweven.resolve.profile import FieldProfile, Placeholder
from verweven.resolve.run import (
    BUILDERS,
    RECORD_PROPS,
    RESOLVE_PURPOSE,
    load_addresses,
    load_statements,
    profile_records,
)
from verweven.store import Store, scratch_connection


@dataclass
class KindSurvey:
    """One kind's compared fields, the values dropped as no evidence, and guarded keys."""

    kind: str
    fields: list[FieldProfile]
    placeholders: list[Placeholder]
    guarded: list[GuardedKey]


def survey(store: Store, started_by: Actor, kinds: Sequence[str]) -> list[KindSurvey]:
    """Profile every probabilistic kind's record table as a resolution run would build it.
    Like a run, it is a system job reading for the purpose ``resolve``; it writes nothing."""
    reader = store.system_actor(Job.RESOLVE, started_by).acting_for(RESOLVE_PURPOSE)
    surveys = []
    with scratch_connection() as con:
        load_addresses(con, store, reader)
        for name in kinds:
            kind = load_kind(name)
            statements = "address_statements"
            if name != "address":
                statements = "kind_statements"
                load_statements(con, statements, store, reader, kind, RECORD_PROPS.get(name, ()))
            guarded = find_key_links(con, statements, kind).guarded
            if name in BUILDERS:
                BUILDERS[name](con, statements)
            fields, placeholders = profile_records(con, kind) if kind.probabilistic else ([], [])
            surveys.append(KindSurvey(name, fields, placeholders, guarded))
    return surveys
