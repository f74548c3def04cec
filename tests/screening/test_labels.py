"""The Dutch words for edges: one mapping (labels.yml) for the report, its picture and the web
page; a share reads differently from a house, a debt from the lender."""

from followthemoney import model

from verweven.graph.facts import EdgeFact
from verweven.screening.labels import dutch_label, dutch_sentence, load_wordings


def edge(kind: str, label: str, entity: str | None = "rel", **extra: str) -> EdgeFact:
    return EdgeFact(
        index=0, source="s", source_caption="Jan Jansen", target="t", target_caption="Jansen BV",
        kind=kind, label=label, directed=True, entity=entity, statements=(), datasets=("kvk",),
        start=extra.get("start"), end=extra.get("end"), detail=extra.get("detail"),
    )  # fmt: skip


def test_a_directorship_reads_as_bestuurder_van() -> None:
    assert dutch_sentence(edge("Directorship", "directs")) == "Jan Jansen: bestuurder van Jansen BV"


def test_owning_a_company_is_a_shareholding_and_owning_a_house_is_not() -> None:
    assert dutch_label("Ownership", "owns", "Company") == "aandeelhouder van"
    assert dutch_label("Ownership", "owns", "RealEstate") == "eigenaar van"
    assert dutch_sentence(edge("Ownership", "owns"), {"t": "Company"}) == (
        "Jan Jansen: aandeelhouder van Jansen BV"
    )


def test_a_debt_reads_from_the_lender() -> None:
    assert dutch_sentence(edge("Debt", "owes")) == "Jansen BV: financiert Jan Jansen"


def test_a_property_reference_names_what_the_target_is() -> None:
    found = dutch_sentence(edge("Thing:addressEntity", "Address", entity=None))
    assert found == "Jan Jansen — adres: Jansen BV"


def test_dates_and_details_follow_the_words() -> None:
    found = dutch_sentence(edge("Directorship", "directs", start="2019", detail="role: CEO"))
    assert found == "Jan Jansen: bestuurder van Jansen BV (role: CEO) [2019 – …]"


def test_a_kind_not_listed_keeps_ftms_label() -> None:
    assert dutch_label("Documentation", "documents") == "documents"


def test_every_listed_relationship_is_an_ftm_schema() -> None:
    relationships, references = load_wordings()
    assert all(model.get(kind) is not None for kind in relationships)
    assert all(model.get_qname(qname) is not None for qname in references)
