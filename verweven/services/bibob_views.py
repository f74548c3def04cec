"""A Bibob file as an HTTP client receives it: the request, its dates, the deadlines they give
today, the LBB's answers to the art. 11a question and the decisions with their reasons."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from verweven.model.bibob import BibobFile
from verweven.services.bibob import FileOverview
from verweven.services.screening_views import DeadlinesView, deadlines_view


class DateView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str = Field(examples=["lbb_gevraagd"])
    day: date
    reason: str
    recorded_by: str
    recorded_at: datetime


class DecisionView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    outcome: str = Field(examples=["verlenen_met_voorschriften"])
    reasons: str
    decided_by: str
    decided_at: datetime


class LbbAnswerView(BaseModel):
    """The LBB's art. 11a answer about one person or company: known or not, no content."""

    model_config = ConfigDict(from_attributes=True)

    entity_id: str
    hit: bool
    asked_on: date
    answered_on: date
    reference: str


class FileSummary(BaseModel):
    """A file in the officer's list."""

    ref: str = Field(examples=["BIBOB-2026-7"])
    authority: str = Field(examples=["burgemeester van Venlo"])
    instrument: str = Field(examples=["vergunning"])
    subject: str = Field(examples=["exploitatievergunning horeca"])
    applicant: str = Field(description="the applicant's id when the file was opened")
    applicant_now: str | None = Field(
        description="its id today (resolution may have merged it); none when its records are gone"
    )
    outcome: str | None = Field(description="the latest decision; none while open")
    decision_due: date | None = None
    warnings: list[str] = Field(default_factory=list)


class FileView(FileSummary):
    questionnaire: str
    decision_weeks: int
    legal_basis: str
    opened_by: str
    opened_at: datetime
    dates: list[DateView]
    decisions: list[DecisionView]
    lbb_answers: list[LbbAnswerView]
    deadlines: DeadlinesView | None = None


def file_summary(overview: FileOverview) -> FileSummary:
    file, deadlines = overview.file, overview.deadlines
    return FileSummary(
        ref=file.ref,
        authority=file.authority,
        instrument=file.instrument.value,
        subject=file.subject,
        applicant=file.applicant,
        applicant_now=file.current_applicant,
        outcome=file.outcome.value if file.outcome else None,
        decision_due=deadlines.decision_due if deadlines else None,
        warnings=list(deadlines.warnings) if deadlines else [],
    )


def file_view(overview: FileOverview) -> FileView:
    file: BibobFile = overview.file
    return FileView(
        **file_summary(overview).model_dump(),
        questionnaire=file.questionnaire,
        decision_weeks=file.decision_weeks,
        legal_basis=file.legal_basis,
        opened_by=file.opened_by,
        opened_at=file.opened_at,
        dates=[DateView.model_validate(d) for d in file.dates],
        decisions=[DecisionView.model_validate(d) for d in file.decisions],
        lbb_answers=[LbbAnswerView.model_validate(a) for a in file.lbb_answers],
        deadlines=deadlines_view(overview.deadlines) if overview.deadlines else None,
    )
