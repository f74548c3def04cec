"""Bibob screening: the applicant's circle under art. 3 lid 4 Wet Bibob, the questionnaire
against the registers, the facts with their sources, the deadlines of the file."""

from verweven.screening.circle import Category, Relation, find_circle
from verweven.screening.compare import Comparison, Finding, compare_declared
from verweven.screening.deadlines import BibobClock, Deadlines, compute_deadlines
from verweven.screening.facts import MemberFacts, find_facts
from verweven.screening.questionnaire import (
    NO_QUESTIONNAIRE,
    QUESTIONNAIRE,
    Questionnaire,
    find_questionnaire,
)
from verweven.screening.screen import Screening, find_applicant, screen_applicant

__all__ = [
    "NO_QUESTIONNAIRE",
    "QUESTIONNAIRE",
    "BibobClock",
    "Category",
    "Comparison",
    "Deadlines",
    "Finding",
    "MemberFacts",
    "Questionnaire",
    "Relation",
    "Screening",
    "compare_declared",
    "compute_deadlines",
    "find_applicant",
    "find_circle",
    "find_facts",
    "find_questionnaire",
    "screen_applicant",
]
