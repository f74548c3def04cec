"""The link between a ground-truth mention and the entity id the ingest made for it.

The region mappings (examples/mappings/region) name each entity after the ground truth's role
and key it by the delivery's record id, with the list index for exploded lists. So the truth row
(delivery, record_id, role) is the entity ``<delivery>.<role>.<record_id>``, where a role like
``involved[1]`` becomes entity ``involved`` with key ``<record_id>/1`` and a dotted role
like ``pand.landlord`` would become ``pand_landlord``.
"""

import csv
import re
from pathlib import Path

INDEXED_ROLE = re.compile(r"^(?P<base>.+)\[(?P<index>\d+)\]$")


def truth_entity_id(delivery: str, record_id: str, role: str) -> str:
    """The ingest's entity id for one ground-truth mention."""
    key = record_id
    if match := INDEXED_ROLE.match(role):
        role, key = match["base"], f"{record_id}/{match['index']}"
    return f"{delivery}.{role.replace('.', '_')}.{key}"


def load_record_truth(region: Path, schemata: set[str] | None = None) -> dict[str, str]:
    """entity id → true id for every mention in ``region/truth/records.csv`` (of some schemata)."""
    truth: dict[str, str] = {}
    with (region / "truth" / "records.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if schemata is None or row["schema"] in schemata:
                entity_id = truth_entity_id(row["delivery"], row["record_id"], row["role"])
                truth[entity_id] = row["true_id"]
    return truth
