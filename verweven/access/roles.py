"""The roles an account can hold, and the system jobs that act without a person."""

from enum import StrEnum


class Role(StrEnum):
    """What a person does for its partner; the policy files grant actions to roles."""

    ANALIST = "analist"
    BIBOB = "bibob-medewerker"
    CASUSCOORDINATOR = "casuscoordinator"
    BEHEERDER = "beheerder"
    AUDITOR = "auditor"
    GEGEVENSBEHEERDER = "gegevensbeheerder"

    @property
    def label(self) -> str:
        """The Dutch name people know the role by."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ANALIST: "analist (RIEC, gemeente, politie)",
    Role.BIBOB: "Bibob-medewerker (gemeente)",
    Role.CASUSCOORDINATOR: "casuscoördinator (RIEC)",
    Role.BEHEERDER: "beheerder (accounts, taken, bewaartermijnen)",
    Role.AUDITOR: "auditor / functionaris gegevensbescherming",
    Role.GEGEVENSBEHEERDER: "gegevensbeheerder van een partner (leveringen, quarantaine)",
}


class Job(StrEnum):
    """System jobs: they act under a system purpose that no person may use."""

    RESOLVE = "resolve"
