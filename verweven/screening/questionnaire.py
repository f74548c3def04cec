"""The applicant's answers on one Bibob file (Regeling Bibob-formulieren 2024, Bijlage 1): the
relationships of the questionnaire deliveries that carry the file's questionnaire reference as
their ``recordId`` — never the answers given for another file, by this applicant or another."""

from dataclasses import dataclass

from verweven.access import Actor
from verweven.graph.facts import EdgeFact
from verweven.store import Store

# The deliveries that hold applicants' answers (one questionnaire per application).
QUESTIONNAIRE = ("gemeente_bibob_aanvragen",)


@dataclass(frozen=True)
class Questionnaire:
    """One file's questionnaire: its reference and the relationships that are its answers."""

    reference: str
    answers: frozenset[str]
    """The relationship entities of the questionnaire deliveries with this reference."""
    datasets: tuple[str, ...] = QUESTIONNAIRE

    @property
    def delivered(self) -> bool:
        return bool(self.answers)

    def declares(self, edge: EdgeFact) -> bool:
        """The edge is one of this questionnaire's answers."""
        return edge.entity in self.answers and bool(set(edge.datasets) & set(self.datasets))

    def registers(self, edge: EdgeFact) -> bool:
        """A delivery other than a questionnaire (a register) holds the edge."""
        return bool(set(edge.datasets) - set(self.datasets))

    def answers_elsewhere(self, edge: EdgeFact) -> bool:
        """The edge rests only on the answers given for another file: no evidence here."""
        return not self.declares(edge) and not self.registers(edge)


NO_QUESTIONNAIRE = Questionnaire("", frozenset())


def find_questionnaire(
    store: Store, actor: Actor, reference: str, datasets: tuple[str, ...] = QUESTIONNAIRE
) -> Questionnaire:
    """The questionnaire with ``reference`` as the actor may read it (one audited search of
    the ``recordId`` value); without a reference, none."""
    reference = reference.strip()
    if not reference:
        return Questionnaire("", frozenset(), datasets)
    found = store.find_entities(actor, reference, "recordId")
    return Questionnaire(reference, frozenset(found), datasets)
