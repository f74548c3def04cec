"""Privacy-preserving record linkage (PPRL) between partners: hardened Bloom-filter encodings
of person records with a shared secret key, and matching of two encoded sets by a party that
never sees names or the key. See docs/pprl.md.
"""

from verweven.pprl.encode import Encoder
from verweven.pprl.encodings import (
    EncodedSet,
    check_comparable,
    make_key_check,
    pseudonymise_ids,
    read_encodings,
    write_encodings,
    write_id_map,
)
from verweven.pprl.fields import PersonRecord
from verweven.pprl.keys import read_key, write_key
from verweven.pprl.match import MatchResult, match_sets, score_dice, write_pairs
from verweven.pprl.settings import MatchSettings, PprlSettings, load_settings
from verweven.pprl.sources import CsvColumns, read_csv_records, read_store_records

__all__ = [
    "CsvColumns",
    "EncodedSet",
    "Encoder",
    "MatchResult",
    "MatchSettings",
    "PersonRecord",
    "PprlSettings",
    "check_comparable",
    "load_settings",
    "make_key_check",
    "match_sets",
    "pseudonymise_ids",
    "read_csv_records",
    "read_encodings",
    "read_key",
    "read_store_records",
    "score_dice",
    "write_encodings",
    "write_id_map",
    "write_key",
    "write_pairs",
]
