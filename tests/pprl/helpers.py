"""Small factories for the PPRL tests: a key, settings with chosen hardening, persons."""

from typing import Any

from verweven.pprl import PersonRecord, PprlSettings, load_settings

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def make_settings(fields: tuple[str, ...] | None = None, **hardening: Any) -> PprlSettings:
    """The default settings, with some fields only and other hardening if asked."""
    data = load_settings().model_dump(by_alias=True)
    data["hardening"].update(hardening)
    if fields is not None:
        data["fields"] = {name: data["fields"][name] for name in fields}
    return PprlSettings.model_validate(data)


def make_person(
    record_id: str = "1",
    first_name: str | None = "Jan",
    last_name: str | None = "de Vries",
    birth_date: str | None = "19700312",
    postcode: str | None = "5011AB",
) -> PersonRecord:
    return PersonRecord(record_id, first_name, last_name, birth_date, postcode)
