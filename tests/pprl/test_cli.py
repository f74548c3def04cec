"""`verweven pprl`: keygen, encode (CSV and store), match; results read back with the id maps."""

import csv
import json
from pathlib import Path

from tests.cli.test_cli import invoke, store_in_tmp  # the CLI runner and a store in tmp
from verweven.evaluation.pprl_region import LinkageTask

__all__ = ["store_in_tmp"]  # autouse: every test here runs on a fresh store
BRP_ARGS = ["--id-column", "a_nummer", "--first-name-column", "voornamen",
            "--last-name-column", "geslachtsnaam", "--birth-date-column", "geboortedatum",
            "--date-format", "%Y%m%d", "--delimiter", ";"]  # fmt: skip
TAX_ARGS = ["--id-column", "dossiernummer", "--name-column", "naam", "--birth-date-column",
            "geboortedatum", "--date-format", "%d-%m-%Y", "--postcode-column", "postcode",
            "--delimiter", ";"]  # fmt: skip


def _id_map(path: Path) -> dict[str, str]:
    with path.open(newline="") as handle:
        return {row["pseudonym"]: row["record_id"] for row in csv.DictReader(handle)}


def test_two_partners_encode_and_a_third_matches(
    tmp_path: Path, region: Path, task: LinkageTask
) -> None:
    key, deliveries = tmp_path / "shared.key", region / "deliveries"
    assert invoke("pprl", "keygen", "--out", str(key))[0] == 0
    left, right, pairs = tmp_path / "brp.jsonl", tmp_path / "tax.jsonl", tmp_path / "pairs.csv"
    assert invoke("pprl", "encode", "--out", str(left), "--key-file", str(key), "--from-csv",
                  str(deliveries / "brp_personen.csv"), *BRP_ARGS)[0] == 0  # fmt: skip
    tax = deliveries / "belastingdienst_inkomen_schulden.csv"
    assert invoke("pprl", "encode", "--out", str(right), "--key-file", str(key), "--from-csv",
                  str(tax), *TAX_ARGS)[0] == 0  # fmt: skip
    code, output = invoke("pprl", "match", str(left), str(right), "--out", str(pairs))
    assert code == 0, output
    left_ids, right_ids = _id_map(Path(f"{left}.ids.csv")), _id_map(Path(f"{right}.ids.csv"))
    with pairs.open(newline="") as handle:
        found = {(left_ids[r["left_id"]], right_ids[r["right_id"]]) for r in csv.DictReader(handle)}
    true = {(task.left[i].id, task.right[j].id) for i, j in task.true_pairs}
    assert len(found & true) > 0.9 * len(true)
    assert len(found & true) > 0.9 * len(found)


def test_files_of_other_settings_are_refused_by_the_match(tmp_path: Path, region: Path) -> None:
    key, brp = tmp_path / "shared.key", region / "deliveries" / "brp_personen.csv"
    invoke("pprl", "keygen", "--out", str(key))
    other = tmp_path / "other.yml"
    other.write_text(json.dumps({"fields": {"last_name": {"k": 20}}}))
    invoke("pprl", "encode", "--out", str(tmp_path / "a.jsonl"), "--key-file", str(key),
           "--from-csv", str(brp), *BRP_ARGS)  # fmt: skip
    invoke("pprl", "encode", "--out", str(tmp_path / "b.jsonl"), "--key-file", str(key),
           "--settings", str(other), "--from-csv", str(brp), *BRP_ARGS)  # fmt: skip
    code, message = invoke("pprl", "match", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"),
                           "--out", str(tmp_path / "pairs.csv"))  # fmt: skip
    assert code == 2
    assert "different settings" in message and "fields" in message


def test_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    key = tmp_path / "shared.key"
    assert invoke("pprl", "keygen", "--out", str(key))[0] == 0
    code, message = invoke("pprl", "keygen", "--out", str(key))
    assert code == 2
    assert "never overwritten" in message


def test_encode_reads_the_persons_the_purpose_may_see(tmp_path: Path) -> None:
    people = tmp_path / "people.jsonl"
    people.write_text(
        json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Jan de Vries"],
                    "birthDate": ["1970-03-12"]}}) + "\n"
    )  # fmt: skip
    assert invoke("import", "ftm", str(people), "--dataset", "pep", "--partner", "os",
                  "--legal-basis", "art. 3 Wet Bibob", "--purpose", "bibob")[0] == 0  # fmt: skip
    key, out = tmp_path / "shared.key", tmp_path / "out.jsonl"
    invoke("pprl", "keygen", "--out", str(key))
    code, output = invoke("pprl", "encode", "--out", str(out), "--key-file", str(key),
                          "--purpose", "bibob")  # fmt: skip
    assert code == 0, output
    assert "wrote 1 encodings" in output
    code, message = invoke("pprl", "encode", "--out", str(out), "--key-file", str(key),
                           "--purpose", "riec_casus")  # fmt: skip
    assert code == 2
    assert "no person records" in message
