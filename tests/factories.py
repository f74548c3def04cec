"""Small factories that tests build their data from."""

from verweven.access import Reader
from verweven.model import BASE_ID, Dataset, LegalBasis, Statement


def make_dataset(
    name: str = "brp_personen", partner: str = "gemeente", purposes: tuple[str, ...] = ("riec",)
) -> Dataset:
    return Dataset(
        name=name,
        partner=partner,
        title=name,
        legal_basis=LegalBasis(article="art. 2:7 WGS", text="verstrekking aan het RIEC"),
        purposes=purposes,
    )


def make_reader(purpose: str = "riec", user: str = "analist") -> Reader:
    return Reader(user=user, partner="riec_oost", purpose=purpose)


def make_entity(
    entity_id: str, dataset: str = "brp_personen", schema: str = "Person", **props: str
) -> list[Statement]:
    """The id statement plus one statement per keyword property of one entity."""
    stmts = [Statement(entity_id, BASE_ID, schema, entity_id, dataset)]
    stmts += [Statement(entity_id, prop, schema, value, dataset) for prop, value in props.items()]
    return stmts
