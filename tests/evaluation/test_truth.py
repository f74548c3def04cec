"""Ground-truth mentions map to the entity ids the region mappings make."""

from pathlib import Path

import pytest

from verweven.evaluation import load_record_truth, truth_entity_id


@pytest.mark.parametrize(
    ("delivery", "record_id", "role", "expected"),
    [
        ("brp_personen", "1234567890", "person", "brp_personen.person.1234567890"),
        ("politie_incidenten", "PL-1", "involved[1]", "politie_incidenten.involved.PL-1/1"),
        (
            "gemeente_bibob_aanvragen",
            "B-1",
            "pand.verhuurder",
            "gemeente_bibob_aanvragen.pand_verhuurder.B-1",
        ),
    ],
)
def test_mention_becomes_the_ingest_entity_id(
    delivery: str, record_id: str, role: str, expected: str
) -> None:
    assert truth_entity_id(delivery, record_id, role) == expected


def test_truth_is_filtered_by_schema(tmp_path: Path) -> None:
    (tmp_path / "truth").mkdir()
    (tmp_path / "truth" / "records.csv").write_text(
        "delivery,record_id,role,schema,true_id\n"
        "brp_personen,1,person,Person,P1\n"
        "kvk_inschrijvingen,9,company,Company,C1\n"
    )
    assert load_record_truth(tmp_path, {"Person"}) == {"brp_personen.person.1": "P1"}
