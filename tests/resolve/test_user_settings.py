"""Settings belong to the user: a file adjusts thresholds, comparisons and blocking per kind."""

from pathlib import Path

import pytest

from tests.factories import admin
from tests.resolve.conftest import deliver, person
from tests.resolve.test_run import clusters
from verweven.errors import UsageError
from verweven.resolve import ResolveOptions, resolve
from verweven.resolve.user_settings import configure_kind, load_user_settings


def write(tmp_path: Path, text: str, name: str = "settings.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_section_merges_over_the_shipped_settings(tmp_path: Path) -> None:
    settings = load_user_settings(write(tmp_path, (
        "person:\n  threshold_match_probability: 0.97\n"
        "  blocking_rules: ['l.birth_date = r.birth_date']\n"
        "  profiling: {max_value_share: 0.8}\n"
    )))  # fmt: skip
    kind = configure_kind("person", settings)
    assert kind.threshold_match_probability == 0.97
    assert kind.splink is not None
    assert kind.splink["blocking_rules_to_generate_predictions"] == ["l.birth_date = r.birth_date"]
    assert len(kind.splink["comparisons"]) > 3
    assert kind.profiling.max_value_share == 0.8 and kind.profiling.max_group_records == 1000


def test_a_json_file_works_too(tmp_path: Path) -> None:
    path = write(tmp_path, '{"company": {"review_band": [0.5, 0.9]}}', "settings.json")
    assert configure_kind("company", load_user_settings(path)).review_band == (0.5, 0.9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("persoon: {}\n", "unknown kind 'persoon'"),
        ("person:\n  threshold_match_probability: hoog\n", "person.threshold_match_probability"),
        ("person:\n  link_type: link_some\n", "person.link_type must be one of"),
        ("vehicle:\n  link_type: link_only\n", "linked by keys only"),
        ("person:\n  treshold_match_probability: 0.8\n", "unknown setting person.treshold_match"),
        ("- person\n", "one section per kind"),
    ],
)
def test_a_wrong_settings_file_is_refused_with_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        load_user_settings(write(tmp_path, text))


def test_link_only_compares_records_of_different_datasets_only(
    people,
    options: ResolveOptions,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    twin = person("brp.5", "brp", firstName="Piet", lastName="Bakker", birthDate="1985-07-01",
                  address="Dorpsweg 3, 5678 CD Utrecht")  # fmt: skip
    deliver(people, "brp", twin)
    resolve(people, admin(people), options)
    assert clusters(people)["brp.5"] == clusters(people)["brp.2"]
    options.settings = load_user_settings(write(tmp_path, "person:\n  link_type: link_only\n"))
    resolve(people, admin(people), options)
    ids = clusters(people)
    assert ids["brp.5"] != ids["brp.2"]
    assert ids["brp.1"] == ids["pol.7"]
