"""`verweven signals list|run` and `verweven evaluate signals`.

Signals are grounds for a human to look, never verdicts: `run` prints each hit's sentence and
the deliveries its evidence comes from; `--out` writes every hit with all its statement ids.
"""

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from verweven.access import Action
from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.cli.resolve import evaluate_app
from verweven.errors import UsageError
from verweven.evaluation.signals import evaluate_signals, write_results
from verweven.signals import (
    Hit,
    SignalRun,
    hit_record,
    rank_entities,
    run_signals,
    select_definitions,
)
from verweven.signals.quality import signal_table, typology_table

app = typer.Typer(
    no_args_is_help=True,
    help="Signals: declarative, versioned indicators; each hit has a sentence and its evidence.",
)

SignalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--signal", help="Run only this signal (repeatable); default all for the purpose."
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Reference date for time windows (YYYY-MM-DD); default today."),
]


def register(main: typer.Typer) -> None:
    """Add `signals` to the main app and `signals` to the `evaluate` group."""
    main.add_typer(app, name="signals")
    if not any(c.name == "signals" for c in evaluate_app.registered_commands):
        evaluate_app.command("signals")(evaluate)


@app.command("list")
def list_signals() -> None:
    """Every signal: id, version, theme, title, threshold and the purposes it may run for."""
    table = Table("id", "version", "theme", "title", "threshold", "purposes")
    for d in select_definitions():
        table.add_row(
            d.id, str(d.version), d.theme.value, d.title, f"{d.threshold:g}", ", ".join(d.purposes)
        )
    console().print(table)


def _as_of(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise UsageError(f"--as-of must be a date like 2026-10-01, got {text!r}") from None


@app.command("run")
def run(
    purpose: PurposeOption = None,
    case: CaseOption = None,
    signal: SignalOption = None,
    top: int = typer.Option(10, "--top", help="Hits shown per signal (all are written to --out)."),
    out: Path | None = typer.Option(None, "--out", help="Write every hit as JSON to this file."),
    as_of: AsOfOption = None,
    force: ForceOption = False,
) -> None:
    """Run the signals over what you may read for the purpose (and case); print hits with
    sentence and sources. Secret deliveries (police, FIU, judicial) take part only with --case."""
    if out is not None:
        check_output_file(out, force)
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        store.require_purpose(reader, Action.READ_BULK)  # the purpose first, then the signals
        definitions = select_definitions(signal, purpose)
        if not definitions:
            raise UsageError(f"no signal may run for purpose {purpose!r}")
        result = run_signals(store, reader, definitions, _as_of(as_of))
        run_id = store.record_signal_hits(
            reader, [hit_record(hit) for hit in result.hits], _moment(result.as_of)
        )
        if out is not None:
            store.record_export(
                reader,
                str(out.resolve()),
                sorted({d for hit in result.hits for d in hit.datasets}),
                [hit.entity_id for hit in result.hits],
            )
    _print_hits(result, top)
    _print_ranking(result, {d.id: d.weight for d in definitions}, top)
    if out is not None:
        with open_output(out, force) as handle:
            json.dump([h.to_dict() for h in result.hits], handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        typer.echo(f"wrote {len(result.hits)} hits to {out}")
    typer.echo(f"hits recorded as signal run {run_id}")


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _print_hits(result: SignalRun, top: int) -> None:
    by_signal: dict[str, list[Hit]] = {}
    for hit in result.hits:
        by_signal.setdefault(hit.signal_id, []).append(hit)
    out = console()
    for signal_id, seconds in result.seconds.items():
        hits = by_signal.get(signal_id, [])
        out.print(f"\n[bold]{signal_id}[/bold]: {len(hits)} hits ({seconds:.1f} s)")
        for hit in hits[:top]:
            out.print(f"  {hit.score:g}  {hit.sentence}", highlight=False)
            out.print(f"       {hit.entity_id} · {', '.join(hit.datasets)}", style="dim")
    out.print(
        f"\n{len(result.hits)} hits on {result.statements:,} statements, reference date "
        f"{result.as_of}. A hit is a ground to look, never a verdict."
    )


def _print_ranking(result: SignalRun, weights: dict[str, float], top: int) -> None:
    several = [r for r in rank_entities(result.hits, weights) if len(r.signal_ids) > 1]
    if not several:
        return
    out = console()
    out.print(f"\n[bold]Entities hit by several signals[/bold] ({len(several)}, by summed weight):")
    for ranked in several[:top]:
        out.print(
            f"  {ranked.weight:g}  {ranked.caption} ({ranked.entity_id}): "
            f"{', '.join(ranked.signal_ids)}",
            highlight=False,
        )


def evaluate(
    region: Annotated[
        list[Path],
        typer.Option("--region", help="A generated region (repeatable, to pool several seeds)."),
    ],
    store: Annotated[
        list[str] | None,
        typer.Option("--store", help="The store of each region (default REGION/store.duckdb)."),
    ] = None,
    tuned_on: str = typer.Option(
        "Thresholds were tuned on seed 1.", "--tuned-on", help="Says where thresholds were set."
    ),
    benchmarks: Path = typer.Option(Path("BENCHMARKS.md"), help="BENCHMARKS.md to update."),
    purpose: str = typer.Option(..., "--purpose", help="Purpose the signals read for."),
    case: str = typer.Option(
        ..., "--case", help="The analysis reference the signals read secret deliveries for."
    ),
) -> None:
    """Score the signals against regions whose pipeline already ran (ingest, resolve); write
    verweven/signals/evaluation.json, docs/signals.md and the signals section of BENCHMARKS."""
    urls = store or [str(r / "store.duckdb") for r in region]
    if len(urls) != len(region):
        raise UsageError("give one --store per --region, or none")
    measurement = evaluate_signals(
        list(zip(urls, region, strict=True)), purpose, case, None, tuned_on
    )
    out = console()
    out.print(signal_table(measurement), highlight=False)
    out.print("\n" + typology_table(measurement), highlight=False)
    for path in write_results(measurement, benchmarks):
        typer.echo(f"wrote {path}")
