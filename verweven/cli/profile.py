"""`verweven profile`: measure what resolution compares before anything is linked."""

import typer
from rich.table import Table

from verweven.cli.common import cli_actor, console, open_cli_store
from verweven.errors import UsageError
from verweven.resolve import KIND_NAMES
from verweven.resolve.profile import shown_value
from verweven.resolve.survey import KindSurvey, survey


def profile(
    kind: list[str] = typer.Option(["person", "company"], help="Kinds to profile (repeatable)."),
) -> None:
    """Fill rate, distinct ratio and most frequent values of every compared field, and the
    placeholder values resolution will not count as evidence (a value shown by fewer than ten
    records is masked). Runs as the resolution job; writes nothing."""
    unknown = set(kind) - set(KIND_NAMES)
    if unknown:
        raise UsageError(f"unknown kind(s) {sorted(unknown)}; known: {', '.join(KIND_NAMES)}")
    with open_cli_store() as store:
        surveys = survey(store, cli_actor(store), tuple(kind))
    for found in surveys:
        print_survey(found)


def print_survey(found: KindSurvey) -> None:
    """One kind's fields as a table, then a warning per dropped value and guarded key."""
    table = Table("field", "records", "filled", "distinct ratio", "most frequent (share)",
                  title=found.kind)  # fmt: skip
    for f in found.fields:
        top = ", ".join(f"{shown_value(t)} ({t.share:.1%})" for t in f.top[:3])
        table.add_row(f.field, str(f.records), f"{f.fill_rate:.1%}", f"{f.distinct_ratio:.3f}", top)
    console().print(table)
    print_warnings(found.kind, found.placeholders, found.guarded)


def print_warnings(kind: str, placeholders: list, guarded: list) -> None:  # type: ignore[type-arg]
    """Name every field and value that resolution does not use, and why."""
    for placeholder in placeholders:
        typer.echo(f"warning: {placeholder.warning(kind)}", err=True)
    for key in guarded:
        typer.echo(
            f"guard: {kind} key {key.key} {key.masked_value} on {key.records} records "
            f"{key.reason} and was not used to link",
            err=True,
        )
