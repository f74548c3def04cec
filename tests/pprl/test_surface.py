"""The public surface of verweven.pprl is what __init__ exports, pinned here."""

import verweven.pprl


def test_the_public_surface_is_pinned() -> None:
    assert set(verweven.pprl.__all__) == {
        "CsvColumns", "EncodedSet", "Encoder", "MatchResult", "MatchSettings", "PersonRecord",
        "PprlSettings", "check_comparable", "load_settings", "make_key_check", "match_sets",
        "pseudonymise_ids", "read_csv_records", "read_encodings", "read_key",
        "read_store_records", "score_dice", "write_encodings", "write_id_map", "write_key",
        "write_pairs",
    }  # fmt: skip
    assert all(hasattr(verweven.pprl, name) for name in verweven.pprl.__all__)
