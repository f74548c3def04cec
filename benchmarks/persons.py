"""The synthetic persons the store benchmarks read and write: one dataset, ten statements each."""

from verweven.model import BASE_ID, Dataset, LegalBasis, Statement

DATASET = Dataset(
    name="bench_brp",
    partner="bench",
    legal_basis=LegalBasis(article="benchmark"),
    purposes=("riec_casus",),
)
PROPS = ("name", "firstName", "lastName", "birthDate", "idNumber", "address", "email", "phone")


def make_statements(count: int) -> list[Statement]:
    """``count`` statements: count/10 persons ``p0000000``… with an id statement and nine
    values each."""
    stmts: list[Statement] = []
    for i in range(count // 10):
        eid = f"p{i:07d}"
        stmts.append(Statement(eid, BASE_ID, "Person", eid, DATASET.name))
        values = (
            f"Persoon {i}",
            f"Voornaam{i % 997}",
            f"Achternaam{i % 4999}",
            f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}",
            f"{100000000 + i}",
            f"Straat {i % 3000} {i % 200}, Plaats",
            f"p{i}@example.nl",
            f"+3161{i:07d}",
            f"Alias {i}",
        )
        for prop, value in zip((*PROPS, "alias"), values, strict=True):
            stmts.append(Statement(eid, prop, "Person", value, DATASET.name))
    return stmts
