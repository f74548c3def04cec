"""The questionnaire against the registers: who the applicant declared (the answers of the
file's own questionnaire) and who the registers show, per art. 3 lid 4 category."""

from dataclasses import dataclass
from enum import StrEnum

from verweven.screening.circle import Category, Relation
from verweven.screening.questionnaire import Questionnaire


class Finding(StrEnum):
    CONFIRMED = "opgegeven en bevestigd"
    UNDECLARED = "niet opgegeven"
    UNSUPPORTED = "opgegeven, niet bevestigd door registers"
    CONFIRMED_BY_NAME = "opgegeven; een register toont dezelfde naam"
    FORMER = "voormalig (beëindigd), niet opgegeven"


LEGAL_FORMS = frozenset({"bv", "nv", "vof", "cv", "stichting", "vereniging", "holding"})


@dataclass(frozen=True)
class Comparison:
    category: Category
    member: str
    caption: str
    finding: Finding
    relations: tuple[Relation, ...]


def compare_declared(circle: list[Relation], questionnaire: Questionnaire) -> list[Comparison]:
    """Per member and category: declared, registered, or both — judged by the edge that ties
    the member in (the last of its path: the way to a holding or the premises is context):
    declared when it is one of the file's answers, registered when a delivery other than a
    questionnaire holds it. Members the registers show but the applicant did not declare come
    first. Without a delivered questionnaire there is nothing to compare: no findings."""
    if not questionnaire.delivered:
        return []
    grouped: dict[tuple[Category, str], list[Relation]] = {}
    for relation in circle:
        grouped.setdefault((relation.category, relation.member.id), []).append(relation)
    result = []
    for (category, member), relations in grouped.items():
        ties = [r.edges[-1] for r in relations]
        declared = any(questionnaire.declares(tie) for tie in ties)
        registered = any(questionnaire.registers(tie) for tie in ties)
        if not declared and not registered:
            continue  # only another file's answers tie it in
        finding = Finding.CONFIRMED if declared and registered else Finding.UNDECLARED
        if declared and not registered:
            finding = Finding.UNSUPPORTED
        elif not declared and all(r.former for r in relations):
            finding = Finding.FORMER
        result.append(
            Comparison(category, member, relations[0].member.caption, finding, tuple(relations))
        )
    result = _match_by_name(result)
    order = list(Finding)
    return sorted(
        result,
        key=lambda c: (order.index(c.finding) != 1, list(Category).index(c.category), c.caption),
    )


def _match_by_name(found: list[Comparison]) -> list[Comparison]:
    """A declared member no register supports and a registered one not declared, in the same
    category and with the same name (legal form and punctuation aside), are one member that
    resolution could not tie (a questionnaire names a landlord by name only)."""
    undeclared = {
        (c.category, key): c
        for c in found
        if c.finding is Finding.UNDECLARED
        for key in _name_keys(c.caption)
    }
    matched: set[int] = set()
    result = []
    for comparison in found:
        if comparison.finding is Finding.UNSUPPORTED:
            twins = (
                undeclared.get((comparison.category, k)) for k in _name_keys(comparison.caption)
            )
            twin = next((t for t in twins if t is not None), None)
            if twin is not None:
                matched.add(id(twin))
                comparison = Comparison(
                    comparison.category, comparison.member, comparison.caption,
                    Finding.CONFIRMED_BY_NAME, comparison.relations + twin.relations,
                )  # fmt: skip
        result.append(comparison)
    return [c for c in result if id(c) not in matched]


PARTICLES = frozenset(
    {"de", "van", "der", "den", "het", "te", "ter", "ten", "la", "le", "du", "da", "di", "dos",
     "del", "von", "op", "in", "'t", "al", "el", "bin", "ben", "abu"}
)  # fmt: skip


def _name_keys(caption: str) -> tuple[object, ...]:
    """Keys under which two spellings of one name meet: the words (legal form aside), and
    for a person the surname with the initials ("Backer, O.N. de" = "Olivia Nienke de
    Backer" = "O.N. de Backer")."""
    text = caption.lower()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.replace(".", ""))
    words = frozenset(token for token in cleaned.split() if token not in LEGAL_FORMS)
    if "," in text:
        surname, rest = text.split(",", 1)
        given = [t for t in rest.replace(".", ". ").split() if t.strip(".") not in PARTICLES]
        particles = [t for t in rest.split() if t in PARTICLES]
        initials = "".join(t.strip(".")[:1] for t in given if t.strip("."))
        family = " ".join([*particles, *surname.split()])
    else:
        tokens = text.replace(".", ". ").split()
        cut = next((i for i, t in enumerate(tokens) if t in PARTICLES), len(tokens) - 1)
        initials = "".join(t.strip(".")[:1] for t in tokens[:cut] if t.strip("."))
        family = " ".join(tokens[cut:])
    return words, ("person", family.replace(".", "").strip(), initials)
