"""`verweven pprl`: find the persons two partners share without either handing over names.

Both partners encode their persons with the same key and settings (`pprl keygen`, `pprl
encode`); a third party, or one of them, links the two encoded files (`pprl match`) and learns
only which encodings are alike. docs/pprl.md says what is shared and what the key protects.
"""

from pathlib import Path

import typer

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, open_cli_store
from verweven.errors import UsageError
from verweven.pprl import (
    CsvColumns,
    EncodedSet,
    Encoder,
    PersonRecord,
    PprlSettings,
    load_settings,
    make_key_check,
    match_sets,
    pseudonymise_ids,
    read_csv_records,
    read_encodings,
    read_key,
    read_store_records,
    write_encodings,
    write_id_map,
    write_key,
    write_pairs,
)

app = typer.Typer(
    help=(
        "Privacy-preserving record linkage: learn which persons another partner also knows "
        "without exchanging names. Each partner encodes its persons with a shared secret key; "
        "the matching party only ever sees the encodings."
    ),
    no_args_is_help=True,
)

KEY_HELP = (
    "The key file both encoding partners share (made once by `verweven pprl keygen`, handed "
    "over in person or by a secure channel, never to the matching party). Must be mode 0600."
)


def register(main: typer.Typer) -> None:
    """Add the pprl group to the main app."""
    main.add_typer(app, name="pprl")


@app.command("keygen")
def keygen(
    out: Path = typer.Option(..., "--out", help="Where to write the new key (never overwritten)."),
) -> None:
    """Make a new secret key: 32 random bytes, readable by you only (mode 0600).

    Give a copy to the other encoding partner by a secure channel. Whoever has the key can test
    guesses of names against the encodings: never give it to the party that matches."""
    write_key(out)
    typer.echo(f"wrote a new key to {out} (mode 0600); share it only with the other partner")


@app.command("encode")
def encode(
    out: Path = typer.Option(..., "--out", help="The encodings file to write (JSON lines)."),
    key_file: Path = typer.Option(..., "--key-file", help=KEY_HELP),
    settings_file: Path | None = typer.Option(
        None,
        "--settings",
        help="Settings file (YAML or JSON; default: verweven's, see docs/pprl.md). Both "
        "partners must use the same one.",
    ),
    dataset: list[str] = typer.Option(
        [], "--dataset", help="Encode only persons of this dataset (repeatable; default: all)."
    ),
    purpose: PurposeOption = None,
    case: CaseOption = None,
    from_csv: Path | None = typer.Option(
        None, "--from-csv", help="Encode a CSV file instead of the store (a partner without one)."
    ),
    id_column: str = typer.Option("id", help="CSV: the column with each row's own id."),
    first_name_column: str | None = typer.Option(None, help="CSV: first name(s)."),
    last_name_column: str | None = typer.Option(None, help="CSV: surname (particles are fine)."),
    name_column: str | None = typer.Option(
        None, help='CSV: the whole name in one column ("J.P. van der Berg" or "Berg, J.P.").'
    ),
    birth_date_column: str | None = typer.Option(None, help="CSV: date of birth."),
    date_format: str = typer.Option(
        "%Y-%m-%d", help="CSV: how dates are written, e.g. %Y%m%d or %d-%m-%Y (00 = unknown)."
    ),
    postcode_column: str | None = typer.Option(None, help="CSV: postcode (1234 AB)."),
    delimiter: str = typer.Option(",", help="CSV: the delimiter (use ';' for most NL exports)."),
    encoding: str = typer.Option("utf-8-sig", help="CSV: text encoding (e.g. cp1252)."),
    id_map: Path | None = typer.Option(
        None,
        "--id-map",
        help="Where to keep the table pseudonym -> your record id (default: OUT.ids.csv). It "
        "stays with you: with it you read the match results back. Never send it.",
    ),
    plain_ids: bool = typer.Option(
        False, help="Write your own record ids instead of pseudonyms (only if they say nothing)."
    ),
) -> None:
    """Encode persons (first name, surname, date of birth, postcode) as hardened Bloom filters.

    Reads the persons you may see for --purpose from the store, or a CSV file (--from-csv).
    The encodings file holds pseudonymous ids and bit strings, no names; send it to the party
    that matches."""
    settings = load_settings(settings_file)
    key = read_key(key_file)
    if from_csv is not None:
        columns = CsvColumns(id=id_column, first_name=first_name_column,
                             last_name=last_name_column, full_name=name_column,
                             birth_date=birth_date_column, date_format=date_format,
                             postcode=postcode_column, delimiter=delimiter,
                             encoding=encoding)  # fmt: skip
        read = read_csv_records(from_csv, columns)
        records = read.records
        if read.duplicate_ids or read.bad_dates:
            typer.echo(
                f"{from_csv}: {read.duplicate_ids} repeated ids kept once; {read.bad_dates} "
                f"birth dates not in {date_format} left out"
            )
    else:
        records = _store_records(purpose, case, dataset, out)
    if not records:
        raise UsageError("no person records to encode (check --purpose, --dataset or the CSV)")
    _write(out, key, settings, records, None if plain_ids else (id_map or _id_map(out)))


def _store_records(
    purpose: str | None, case: str | None, datasets: list[str], out: Path
) -> list[PersonRecord]:
    """The one place this command reads the store (as the acting user, for a purpose and
    case). The encodings leave verweven, so writing them is an audited export too."""
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        records = read_store_records(store, reader, datasets)
        persons = store.read_statement_table(reader, ["Person"], columns=("dataset",))
        names = set(persons.column("dataset").to_pylist())
        used = sorted(names & set(datasets) if datasets else names)
        store.record_export(reader, str(out.resolve()), used, [r.id for r in records])
    return records


def _id_map(out: Path) -> Path:
    return out.with_name(out.name + ".ids.csv")


def _write(
    out: Path,
    key: bytes,
    settings: PprlSettings,
    records: list[PersonRecord],
    id_map: Path | None,
) -> None:
    own_ids = [record.id for record in records]
    ids = own_ids if id_map is None else pseudonymise_ids(own_ids, key)
    bits = Encoder(settings, key).encode(records)
    encoded = EncodedSet(ids=ids, bits=bits, settings=settings, key_check=make_key_check(key))
    write_encodings(out, encoded)
    typer.echo(
        f"wrote {len(records):,} encodings to {out} "
        f"(settings hash {encoded.settings_hash[:12]}, key check {encoded.key_check})"
    )
    if id_map is not None:
        write_id_map(id_map, ids, own_ids)
        typer.echo(f"kept the pseudonym -> record id table in {id_map}: do not send it")


@app.command("match")
def match(
    left: Path = typer.Argument(help="One partner's encodings file."),
    right: Path = typer.Argument(help="The other partner's encodings file."),
    out: Path = typer.Option(..., "--out", help="CSV of pairs: left_id, right_id, score."),
    threshold: float | None = typer.Option(
        None,
        help="Dice similarity (0-1) from which two encodings count as the same person "
        "(default: the settings' match.threshold).",
    ),
    one_to_one: bool | None = typer.Option(
        None,
        "--one-to-one/--all-pairs",
        help="Keep each person in at most one pair (best score first), or every pair above "
        "the threshold (default: the settings' match.one_to_one).",
    ),
) -> None:
    """Link two encodings files and write the pairs that are alike, with their scores.

    Refuses files made with different settings or keys. Needs no key and sees no names: the
    ids are the partners' pseudonyms, which each partner reads back with its own id map."""
    left_set, right_set = read_encodings(left), read_encodings(right)
    options = left_set.settings.match
    if threshold is not None:
        if not 0 < threshold <= 1:
            raise UsageError(f"--threshold must be above 0 and at most 1, not {threshold}")
        options = options.model_copy(update={"threshold": threshold})
    if one_to_one is not None:
        options = options.model_copy(update={"one_to_one": one_to_one})
    result = match_sets(left_set, right_set, options)
    write_pairs(out, left_set, right_set, result)
    all_pairs = len(left_set.ids) * len(right_set.ids)
    typer.echo(
        f"compared {result.comparisons:,} candidate pairs of {all_pairs:,} "
        f"({result.comparisons / max(all_pairs, 1):.2%}); {len(result.scores):,} pairs with "
        f"Dice >= {options.threshold} written to {out}"
    )
