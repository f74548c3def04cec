"""Bibob screening: the applicant's circle under art. 3 lid 4 Wet Bibob, the questionnaire
against the registers, the facts with their sources, the deadlines of the file."""

from verweven.screening.circle import Category, Relation, find_circle
from verweven.screening.compare import Comparison, Finding, compare_declared
from verweven.screening.deadlines import BibobClock, Deadlines, compute_deadlines
from verweven.screening.facts import MemberFacts, find_facts
from verweven.screening.screen import QUESTIONNAIRE, Screening, find_applicant, screen_applicant

__all__ = [
    "QUESTIONNAIRE",
    "BibobClock",
    "Category",
    "Comparison",
    "Deadlines",
    "Finding",
    "MemberFacts",
    "Relation",
    "Screening",
    "compare_declared",
    "compute_deadlines",
    "find_applicant",
    "find_circle",
    "find_facts",
    "screen_applicant",
]
