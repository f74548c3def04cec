"""A Bibob screening as an HTTP client receives it: the circle by category with the paths
that make each relation, the questionnaire against the registers, the facts with their
evidence, the signal hits, the deliveries consulted and the file's deadlines."""

from datetime import date

from pydantic import BaseModel, Field

from verweven.screening import Comparison, Deadlines, MemberFacts, Relation, Screening
from verweven.services.network import EdgeView, NodeView, edge_view, node_view


class RelationView(BaseModel):
    """One member of the circle (art. 3 lid 4 Wet Bibob) and the path that makes it."""

    category: str = Field(examples=["zeggenschap"])
    member: NodeView
    former: bool = Field(description="along a path with an ended link")
    explanation: str
    path: list[EdgeView] = Field(description="the relationships, the applicant's first")
    datasets: list[str]


class ComparisonView(BaseModel):
    """The questionnaire against the registers for one member and category."""

    category: str = Field(examples=["zeggenschap"])
    member: str
    caption: str
    finding: str = Field(examples=["niet opgegeven"])


class MemberFactsView(BaseModel):
    """Convictions, suspicions, FIU reports and tax debts of one member, with evidence."""

    member: str
    caption: str
    facts: list[EdgeView]


class HitView(BaseModel):
    signal_id: str
    entity_id: str
    sentence: str
    datasets: list[str]


class SuspensionView(BaseModel):
    reason: str
    start: date
    end: date | None = Field(description="none while it still runs")


class DeadlinesView(BaseModel):
    """The decision period with its suspensions (Atw applied) and the LBB's advice period."""

    decision_due: date
    lbb_due: date | None = None
    suspended_days: int
    suspensions: list[SuspensionView]
    warnings: list[str]


class ScreeningView(BaseModel):
    applicant: NodeView
    indication: str = Field(
        description="a first reading for the officer, never the assessment",
        examples=["aanwijzingen voor gevaar: feiten over de kring; weeg ernst, aard en ouderdom"],
    )
    circle: list[RelationView]
    comparison: list[ComparisonView]
    facts: list[MemberFactsView]
    hits: list[HitView]
    consulted: dict[str, str] = Field(description="per delivery: its partner and legal basis")
    questionnaire: str = Field(description="the reference of the questionnaire compared")
    questionnaire_delivered: bool = Field(
        description="whether answers with that reference were delivered (else no comparison)"
    )
    deadlines: DeadlinesView | None = None


def screening_view(screening: Screening, deadlines: Deadlines | None) -> ScreeningView:
    return ScreeningView(
        applicant=node_view(screening.applicant),
        indication=screening.indication,
        circle=[relation_view(r) for r in screening.circle],
        comparison=[comparison_view(c) for c in screening.comparison],
        facts=[facts_view(f) for f in screening.facts],
        hits=[
            HitView(
                signal_id=h.signal_id,
                entity_id=h.entity_id,
                sentence=h.sentence,
                datasets=list(h.datasets),
            )
            for h in screening.hits
        ],
        consulted=dict(screening.consulted),
        questionnaire=screening.questionnaire.reference,
        questionnaire_delivered=screening.questionnaire.delivered,
        deadlines=deadlines_view(deadlines) if deadlines else None,
    )


def relation_view(relation: Relation) -> RelationView:
    return RelationView(
        category=relation.category.value,
        member=node_view(relation.member),
        former=relation.former,
        explanation=relation.explanation,
        path=[edge_view(e) for e in relation.edges],
        datasets=list(relation.datasets),
    )


def comparison_view(comparison: Comparison) -> ComparisonView:
    return ComparisonView(
        category=comparison.category.value,
        member=comparison.member,
        caption=comparison.caption,
        finding=comparison.finding.value,
    )


def facts_view(member: MemberFacts) -> MemberFactsView:
    return MemberFactsView(
        member=member.member, caption=member.caption, facts=[edge_view(e) for e in member.facts]
    )


def deadlines_view(deadlines: Deadlines) -> DeadlinesView:
    return DeadlinesView(
        decision_due=deadlines.decision_due,
        lbb_due=deadlines.lbb_due,
        suspended_days=deadlines.suspended_days,
        suspensions=[
            SuspensionView(reason=s.reason, start=s.start, end=s.end) for s in deadlines.suspensions
        ],
        warnings=list(deadlines.warnings),
    )
