"""Importing FollowTheMoney JSON lines: good lines land, bad ones are quarantined with a reason."""

import json
from pathlib import Path

import pytest

from tests.factories import admin, analyst, make_dataset, register, steward
from verweven.access import Actor
from verweven.errors import InputError
from verweven.ingest import import_ftm_file
from verweven.store import Store


def owner(store: Store) -> Actor:
    return steward(store, "opensanctions")


def inspector(store: Store) -> Actor:
    return owner(store).acting_for("gegevensbeheer")


def reader(store: Store) -> Actor:
    return analyst(store)


def write_lines(path: Path, *lines: object) -> Path:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    return path


def person(entity_id: str, **props: list[str]) -> dict[str, object]:
    return {"id": entity_id, "schema": "Person", "properties": props}


@pytest.fixture
def pep(store: Store) -> Store:
    register(store, make_dataset("pep_lijst", partner="opensanctions", purposes=("riec_casus",)))
    return store


def test_valid_lines_become_entities(pep: Store, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "pep.jsonl", person("pep-1", name=["Jan de Vries"]))
    report = import_ftm_file(pep, path, "pep_lijst", owner(pep))
    assert (report.lines, report.entities, report.quarantined) == (1, 1, [])
    assert pep.get_entity(reader(pep), "pep-1").get("name") == ["Jan de Vries"]


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ("{broken", None, "not valid JSON"),
        ({"id": "x", "schema": "Persn", "properties": {}}, "schema", "unknown FollowTheMoney"),
        ({"id": "x", "schema": "Thing", "properties": {}}, "schema", "abstract"),
        ({"schema": "Person", "properties": {}}, "id", "missing entity id"),
        ("[1, 2]", None, "expected a JSON object"),
    ],
)
def test_bad_line_is_quarantined_whole(
    pep: Store, tmp_path: Path, line: object, field: str | None, reason: str
) -> None:
    path = write_lines(tmp_path / "pep.jsonl", person("ok", name=["Jan"]), line)
    report = import_ftm_file(pep, path, "pep_lijst", owner(pep))
    [record] = report.quarantined
    assert (record.line, record.field) == (2, field)
    assert reason in record.reason
    assert pep.list_quarantine(inspector(pep), dataset="pep_lijst")[0].reason == record.reason
    assert pep.find_entities(reader(pep), "Jan") == ["ok"]


def test_invalid_value_is_quarantined_and_rest_of_entity_kept(pep: Store, tmp_path: Path) -> None:
    line = person("p", name=["Piet"], birthDate=["gisteren"], shoeSize=["44"])
    report = import_ftm_file(pep, write_lines(tmp_path / "p.jsonl", line), "pep_lijst", owner(pep))
    assert sorted((r.field, r.value) for r in report.quarantined) == [
        ("birthDate", "gisteren"),
        ("shoeSize", "44"),
    ]
    assert pep.get_entity(reader(pep), "p").get("name") == ["Piet"]


def test_cleaned_value_keeps_its_original(pep: Store, tmp_path: Path) -> None:
    line = person("p", name=["Piet"], country=["Netherlands"])
    import_ftm_file(pep, write_lines(tmp_path / "p.jsonl", line), "pep_lijst", owner(pep))
    [stmt] = [s for s in pep.get_statements(reader(pep), "p") if s.prop == "country"]
    assert (stmt.value, stmt.original_value) == ("nl", "Netherlands")


def test_missing_file_aborts_and_writes_nothing(pep: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_ftm_file(pep, tmp_path / "absent.jsonl", "pep_lijst", owner(pep))
    assert pep.list_import_runs(admin(pep)) == []


def test_directory_is_refused(pep: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a file"):
        import_ftm_file(pep, tmp_path, "pep_lijst", owner(pep))
