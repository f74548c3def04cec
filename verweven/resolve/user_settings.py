"""Settings that belong to the user: a YAML or JSON file that adjusts each kind's resolution.

``verweven resolve --settings FILE`` reads a file with one section per kind. A section holds
any field of the kind's own settings (``settings/<kind>.json``: thresholds, review band, keys,
profiling, training, splink), merged over the shipped defaults — a mapping merges key by key,
a list or a number replaces — plus these shortcuts into the Splink model::

    person:
      threshold_match_probability: 0.95
      link_type: link_only          # only pairs of records from different datasets
      blocking_rules: ["l.birth_date = r.birth_date"]
      comparisons: [...]            # Splink comparison dictionaries, replacing the defaults
      prior: 0.001                  # probability that two random records match

See docs/resolution-settings.md for worked examples.
"""

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from verweven.errors import UsageError
from verweven.resolve.kinds import KIND_NAMES, KindConfig, load_kind

SHORTCUTS = {
    "blocking_rules": "blocking_rules_to_generate_predictions",
    "comparisons": "comparisons",
    "link_type": "link_type",
    "prior": "probability_two_random_records_match",
}
LINK_TYPES = ("dedupe_only", "link_only", "link_and_dedupe")

UserSettings = dict[str, dict[str, Any]]


def load_user_settings(path: Path) -> UserSettings:
    """Read and check a settings file: every section names a kind and yields valid settings."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read settings file {path}: {error.strerror}") from None
    try:
        loaded = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"settings file {path} is not valid YAML or JSON: {error}") from None
    if not isinstance(loaded, dict):
        raise UsageError(f"settings file {path}: expected one section per kind, e.g. 'person:'")
    for name, section in loaded.items():
        if name not in KIND_NAMES:
            raise UsageError(
                f"settings file {path}: unknown kind {name!r}; known: {', '.join(KIND_NAMES)}"
            )
        if not isinstance(section, dict):
            raise UsageError(f"settings file {path}: section {name!r} must be a mapping")
        configure_kind(name, loaded, source=str(path))
    return loaded


def user_settings_text(settings: UserSettings) -> str:
    """Settings as the YAML of a settings file."""
    return yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)


def configure_kind(name: str, settings: UserSettings, source: str = "settings") -> KindConfig:
    """The kind's shipped settings with the user's section for it merged over them."""
    section = settings.get(name)
    if not section:
        return load_kind(name)
    base = json.loads(
        resources.files("verweven.resolve").joinpath(f"settings/{name}.json").read_text()
    )
    section = dict(section)
    # A misspelt setting would otherwise be dropped without a word and the run use the default.
    unknown = sorted(set(section) - set(KindConfig.model_fields) - set(SHORTCUTS))
    if unknown:
        known = ", ".join(sorted({*KindConfig.model_fields, *SHORTCUTS} - {"kind"}))
        raise UsageError(f"{source}: unknown setting {name}.{unknown[0]}; known: {known}")
    splink = {SHORTCUTS[k]: section.pop(k) for k in list(section) if k in SHORTCUTS}
    if splink:
        section["splink"] = {**section.get("splink", {}), **splink}
    link_type = section.get("splink", {}).get("link_type")
    if link_type is not None and link_type not in LINK_TYPES:
        raise UsageError(f"{source}: {name}.link_type must be one of {', '.join(LINK_TYPES)}")
    if "splink" in section and base.get("splink") is None:
        raise UsageError(f"{source}: kind {name!r} is linked by keys only; it has no model")
    try:
        return KindConfig.model_validate(_merge(base, section))
    except ValidationError as error:
        problems = "; ".join(
            f"{name}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise UsageError(f"{source}: {problems}") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``: mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
