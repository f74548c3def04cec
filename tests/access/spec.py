"""The access rules of docs/access.md, written once more as plain Python: the specification
the Cedar policy files are checked against, case by case. Two independent formulations of one
rule set; a difference between them is a leak or a wrongful denial."""

from dataclasses import dataclass

from verweven.access import Action, Role
from verweven.model import Dataset, Sensitivity


@dataclass(frozen=True)
class Who:
    """The parts of an actor the rules look at."""

    roles: frozenset[Role]
    partner: str
    local: bool = False
    job: str = ""


PURPOSE_ROLES: dict[str, set[Role]] = {
    "riec_casus": {Role.ANALIST, Role.CASUSCOORDINATOR},
    "ondermijningsbeeld": {Role.ANALIST},
    "bibob": {Role.BIBOB},
    "gegevensbeheer": {Role.GEGEVENSBEHEERDER},
    "rechten_betrokkene": {Role.AUDITOR},
    "toezicht": {Role.AUDITOR},
}


def may_use(who: Who, purpose: str | None) -> bool:
    """Whether the actor may act for this purpose at all."""
    if purpose == "resolve":
        return who.job == "resolve"
    if purpose == "gegevensbeheer" and who.local:
        return True
    return purpose in PURPOSE_ROLES and bool(who.roles & PURPOSE_ROLES[purpose])


def may(who: Who, action: Action, dataset: Dataset, purpose: str | None, case: str | None) -> bool:
    """Whether ``who`` may do ``action`` on ``dataset`` for ``purpose`` and ``case``."""
    if purpose == "resolve" and who.job != "resolve":
        return False
    if action.needs_purpose and not may_use(who, purpose):
        return False
    serves = purpose in dataset.purposes
    own = dataset.partner == who.partner
    secret = dataset.sensitivity is Sensitivity.SECRET
    if action in (Action.READ, Action.READ_BULK, Action.EXPORT):
        if (
            secret
            and not case
            and purpose not in ("ondermijningsbeeld", "resolve", "gegevensbeheer")
        ):
            return False
        if action is Action.EXPORT and secret and not own:
            return False
    steward = Role.GEGEVENSBEHEERDER in who.roles and own
    if action is Action.READ:
        return (
            (purpose == "riec_casus" and serves)
            or (purpose == "bibob" and serves)
            or (purpose == "gegevensbeheer" and (steward or who.local))
        )
    if action is Action.READ_BULK:
        return (purpose in ("riec_casus", "ondermijningsbeeld", "bibob", "resolve") and serves) or (
            purpose == "gegevensbeheer" and (steward or who.local)
        )
    if action is Action.EXPORT:
        return (
            (
                purpose == "riec_casus"
                and serves
                and bool(case)
                and bool(who.roles & {Role.ANALIST, Role.CASUSCOORDINATOR})
            )
            or (purpose == "bibob" and serves)
            or (purpose == "gegevensbeheer" and (steward or who.local))
        )
    if action is Action.READ_QUARANTINE:
        return purpose == "gegevensbeheer" and (steward or who.local)
    if action is Action.SUBJECT_EXPORT:
        return purpose == "rechten_betrokkene"
    if action is Action.ASK_HIT:
        return bool(case) and purpose in ("riec_casus", "bibob") and serves
    if action in (Action.REGISTER_DATASET, Action.IMPORT, Action.DELETE_DATASET):
        return steward or who.local
    if action is Action.PURGE:
        return steward or who.local or Role.BEHEERDER in who.roles
    raise AssertionError(f"no rule for {action}")


def may_on_audit(who: Who, action: Action, purpose: str | None, partner: str | None) -> bool:
    """Whether ``who`` may do ``action`` on the audit log: all of it (``partner`` None) or
    the part about one partner's deliveries."""
    if purpose == "resolve" and who.job != "resolve":
        return False
    if action is Action.SEAL_AUDIT:
        return partner is None and not who.job  # every person; it adds, never removes
    if action is not Action.READ_AUDIT or not may_use(who, purpose):
        return False
    if partner is None:
        return Role.AUDITOR in who.roles and purpose == "toezicht"
    steward = Role.GEGEVENSBEHEERDER in who.roles and partner == who.partner
    return steward and purpose == "gegevensbeheer"


def may_on_case(
    who: Who, action: Action, purpose: str | None, case: str | None, ref: str | None
) -> bool:
    """Whether ``who`` may do ``action`` on the case ``ref`` (None: the list of cases), acting
    for ``purpose`` and ``case``."""
    if not may_use(who, purpose) or purpose != "riec_casus":
        return False
    coordinator = Role.CASUSCOORDINATOR in who.roles
    if action is Action.LIST_CASES:
        return ref is None and coordinator
    if action is Action.HIT_FEEDBACK:  # the signals queue, outside any case
        return ref is None and (coordinator or Role.ANALIST in who.roles)
    if ref is None or case != ref:
        return False
    if action is Action.CASEWORK:
        return coordinator
    if action is Action.READ_CASE:
        return coordinator or Role.ANALIST in who.roles
    raise AssertionError(f"no rule for {action}")


def may_on_bibob_file(
    who: Who, action: Action, purpose: str | None, case: str | None, ref: str | None
) -> bool:
    """Whether ``who`` may do ``action`` on the Bibob file ``ref`` (None: the list of files),
    acting for ``purpose`` and ``case``: the Bibob officer only, under the file's reference;
    a file past its retention period is removed by the operator (no purpose)."""
    if action is Action.PURGE:
        stated = purpose != "resolve" or who.job == "resolve"  # that purpose is the job's
        return ref is not None and stated and (who.local or Role.BEHEERDER in who.roles)
    if not may_use(who, purpose) or purpose != "bibob" or Role.BIBOB not in who.roles:
        return False
    if action is Action.LIST_BIBOB_FILES:
        return ref is None
    if action in (Action.BIBOB_WORK, Action.READ_BIBOB_FILE):
        return ref is not None and case == ref
    raise AssertionError(f"no rule for {action}")


def may_on_resolution_settings(who: Who, action: Action, purpose: str | None = None) -> bool:
    """Whether ``who`` may set or read the store's resolution settings (no personal data, so
    no purpose is needed): the operator (or the local user) sets them; every person and the
    resolution job read them."""
    if purpose == "resolve" and who.job != "resolve":
        return False
    if action is Action.CONFIGURE_RESOLUTION:
        return not who.job and (Role.BEHEERDER in who.roles or who.local)
    if action is Action.READ_RESOLUTION_SETTINGS:
        return who.job in ("", "resolve")
    raise AssertionError(f"no rule for {action}")
