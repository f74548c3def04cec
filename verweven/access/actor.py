"""Who acts: an authenticated account (or a system job), and the purpose it acts for now."""

from pydantic import BaseModel, ConfigDict, Field

from verweven.access.roles import Job, Role


class Actor(BaseModel):
    """An authenticated account acting for its partner, or a system job started by one.

    Only the store makes actors (by password, token, its local user or a job), and it knows
    each one's ``session``: an actor built by hand is refused. ``purpose`` and ``case`` say why
    this actor reads now; ``acting_for`` gives the same actor with another purpose."""

    model_config = ConfigDict(frozen=True)

    user: str = Field(min_length=1, examples=["analist.jansen"])
    partner: str = Field(min_length=1, examples=["riec_oost"])
    roles: tuple[Role, ...] = ()
    local: bool = False
    """The single local user of an embedded store (it owns the file)."""
    job: Job | None = None
    started_by: str | None = None
    """For a system job: the account that started it."""
    session: str = Field(default="", repr=False)
    purpose: str | None = Field(default=None, examples=["riec_casus"])
    case: str | None = Field(default=None, examples=["RIEC-2026-0042"])

    def acting_for(self, purpose: str | None, case: str | None = None) -> "Actor":
        """This actor, reading for ``purpose`` (and case reference ``case``)."""
        return self.model_copy(update={"purpose": purpose or None, "case": case or None})

    @property
    def stated_purpose(self) -> str:
        """The purpose this actor stated, as a refusal names it."""
        return f"purpose {self.purpose!r}" if self.purpose else "no purpose"

    @property
    def name(self) -> str:
        """How the audit log and messages name this actor."""
        if self.job is not None:
            return f"taak:{self.job.value} (gestart door {self.started_by})"
        return self.user
