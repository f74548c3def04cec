"""`verweven resolve`, `resolve explain`, `review`, `judge` and `export clusters`.

Resolution decides who is who; these commands run it, explain it, and let a person overrule it.
"""

import csv
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from verweven.access import Actor
from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store
from verweven.cli.ftm import export_app
from verweven.cli.output import ForceOption, check_output_file, open_output
from verweven.cli.profile import print_warnings, profile
from verweven.errors import UsageError
from verweven.evaluation.linkage import Evaluation, evaluate_febrl, evaluate_region, peer_febrl
from verweven.model import Verdict
from verweven.resolve import KIND_NAMES, ResolveOptions, resolve
from verweven.resolve.explain import PairExplanation, explain_pair
from verweven.resolve.review import QueueEstimate, estimate_queue, review_pairs
from verweven.resolve.run import read_clusters
from verweven.resolve.state import ResolveState
from verweven.resolve.user_settings import load_user_settings, user_settings_text
from verweven.settings import get_settings
from verweven.store import Store

resolve_app = typer.Typer(
    help="Decide who is who: keys, Splink linkage and judgements give canonical ids.",
    invoke_without_command=True,
)

evaluate_app = typer.Typer(help="Measure quality against data with a known truth.")
settings_app = typer.Typer(
    help="Resolution settings kept in the store, per kind: used by `verweven resolve` when it "
    "is given no --settings file. Setting them is the operator's task; every change is kept "
    "and audited.",
    no_args_is_help=True,
)
resolve_app.add_typer(settings_app, name="settings")

StateOption = Annotated[
    Path | None,
    typer.Option(
        "--state",
        help="Folder for trained models and the review queue (default VERWEVEN_OUT_DIR/resolve).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add resolve, review, judge and export clusters to the main app."""
    app.add_typer(resolve_app, name="resolve")
    app.command("profile")(profile)
    app.command("review")(review)
    app.command("judge")(judge)
    export_app.command("clusters")(export_clusters)
    app.add_typer(evaluate_app, name="evaluate")


def _state(folder: Path | None) -> ResolveState:
    return ResolveState(folder or get_settings().out_dir / "resolve")


@resolve_app.callback()
def run(
    ctx: typer.Context,
    incremental: bool = typer.Option(
        False, help="Link only records that are new since the last run to existing entities."
    ),
    backend: str = typer.Option("duckdb", help="Where Splink runs: duckdb or spark."),
    kind: list[str] = typer.Option(list(KIND_NAMES), help="Kinds to resolve (repeatable)."),
    state: StateOption = None,
    settings: Path | None = typer.Option(
        None,
        "--settings",
        help="YAML or JSON file with your thresholds, comparisons and blocking per kind "
        "(see docs/resolution-settings.md). Without it, the settings kept in the store "
        "(`verweven resolve settings`) are used, if any.",
    ),
) -> None:
    """Resolve every kind of entity and write canonical ids (source data is never changed).

    Resolution runs as a system job that you start: it reads, for the system purpose
    `resolve`, the deliveries whose partners allow linking — no person can read for that
    purpose."""
    if ctx.invoked_subcommand is not None:
        return
    if backend not in ("duckdb", "spark"):
        raise UsageError(f"--backend must be duckdb or spark, not {backend!r}")
    unknown = set(kind) - set(KIND_NAMES)
    if unknown:
        raise UsageError(f"unknown kind(s) {sorted(unknown)}; known: {', '.join(KIND_NAMES)}")
    options = ResolveOptions(
        state_dir=_state(state).folder,
        backend="spark" if backend == "spark" else "duckdb",
        incremental=incremental,
        kinds=tuple(kind),
        spark=_spark() if backend == "spark" else None,
        settings=load_user_settings(settings) if settings is not None else None,
    )
    with open_cli_store() as store:
        report = resolve(store, cli_actor(store), options)
    table = Table("kind", "mode", "records", "new", "entities", "key links", "model links",
                  "to review", "refused", "model", "settings")  # fmt: skip
    for k in report.kinds:
        table.add_row(k.kind, k.mode, str(k.records), str(k.new_records), str(k.entities),
                      str(k.key_links), str(k.model_links), str(k.review_pairs),
                      str(k.refused_links), k.model_source, k.settings)  # fmt: skip
    console().print(table)
    for k in report.kinds:
        print_warnings(k.kind, k.placeholders, k.guarded)
        for warning in k.warnings:
            typer.echo(f"warning: {k.kind}: {warning}", err=True)
        for conflict in k.conflicts:
            typer.echo(f"conflict: judgements say {conflict} but also that they differ", err=True)
    typer.echo(f"wrote canonical ids for {report.mapped} records")


@settings_app.command("set")
def set_settings(
    file: Path = typer.Argument(
        help="YAML or JSON settings file, one section per kind (docs/resolution-settings.md); "
        "each of its kinds gets its section as the settings in force."
    ),
    reason: str = typer.Option(..., "--reason", help="Why the settings change (kept, audited)."),
) -> None:
    """Keep a settings file's sections in the store, for every kind it names."""
    loaded = load_user_settings(file)  # checked before anything is stored
    with open_cli_store() as store:
        actor = cli_actor(store)
        for name, section in loaded.items():
            version = store.set_resolution_settings(actor, name, section, reason)
            typer.echo(f"{name}: settings version {version.id[:12]} in force from the next run")


@settings_app.command("clear")
def clear_settings(
    kind: str = typer.Option(..., "--kind", help="The kind that goes back to shipped settings."),
    reason: str = typer.Option(..., "--reason", help="Why (kept, audited)."),
) -> None:
    """Return a kind to the shipped settings (the earlier versions stay in the history)."""
    if kind not in KIND_NAMES:
        raise UsageError(f"unknown kind {kind!r}; known: {', '.join(KIND_NAMES)}")
    with open_cli_store() as store:
        version = store.set_resolution_settings(cli_actor(store), kind, None, reason)
    typer.echo(f"{kind}: shipped settings from the next run (version {version.id[:12]})")


@settings_app.command("show")
def show_settings(
    history: bool = typer.Option(False, "--history", help="Every version, oldest first."),
) -> None:
    """The settings in force per kind (as a settings file), or every version with --history."""
    with open_cli_store() as store:
        versions = store.resolution_settings(cli_actor(store), history=history)
    if not versions:
        typer.echo("no settings kept in the store: every kind uses the shipped settings")
        return
    for v in versions:
        section = "shipped settings" if v.settings is None else ""
        typer.echo(f"# {v.kind}: version {v.id[:12]}, set by {v.set_by} at "
                   f"{v.set_at:%Y-%m-%d %H:%M} ({v.reason}) {section}".rstrip())  # fmt: skip
        if v.settings is not None:
            typer.echo(user_settings_text({v.kind: v.settings}))


def _spark() -> object:
    from verweven.resolve.linkage import make_spark

    return make_spark(get_settings().spark_master)


@resolve_app.command("explain")
def explain(
    id1: str = typer.Argument(help="A record id (or a canonical id: its first record is used)."),
    id2: str = typer.Argument(help="The other record id (or canonical id)."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
    state: StateOption = None,
) -> None:
    """Which fields agreed or disagreed for a pair, and how much each weighed."""
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        left, right = _record_id(store, reader, id1), _record_id(store, reader, id2)
        explanation = explain_pair(store, reader, left, right, _state(state))
    print_explanation(explanation)


@resolve_app.command("history")
def history(
    canonical_id: str = typer.Argument(help="A canonical id, current or retired."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """What resolution did to an id: made, merged, split; and the id it has now."""
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        events = store.list_resolution_events(reader, canonical_id)
        now = store.follow_canonical_id(reader, canonical_id)
    table = Table("when", "event", "id", "other id", "records", "run", "model", "started by")
    for e in events:
        table.add_row(f"{e['created_at']:%Y-%m-%d %H:%M}", e["event"], e["canonical_id"],
                      e["other_id"] or "", str(e["records"]), e["run_id"][:8],
                      e["model_version"], e["started_by"])  # fmt: skip
    console().print(table)
    typer.echo(f"{canonical_id} is now {now}" if now != canonical_id else f"{now} is current")


def print_explanation(explanation: PairExplanation) -> None:
    """Show a pair's explanation as a table, strongest evidence first."""
    out = console()
    out.print(f"[bold]{explanation.left_id}[/bold] vs [bold]{explanation.right_id}[/bold] "
              f"({explanation.kind})")  # fmt: skip
    table = Table("field", "left", "right", "level", "weight")
    table.add_row("prior", "", "", "two random records match", f"{explanation.prior_weight:+.2f}")
    for f in sorted(explanation.fields, key=lambda f: -abs(f.weight)):
        table.add_row(f.field, f.left or "", f.right or "", f.level, f"{f.weight:+.2f}")
    out.print(table)
    decided = "same" if explanation.match_probability >= explanation.threshold else "different"
    out.print(
        f"match weight {explanation.match_weight:+.2f}, probability "
        f"{explanation.match_probability:.4f} (threshold {explanation.threshold}): "
        f"model says {decided}"
    )
    for note in explanation.keys:
        out.print(f"key: {note}")
    for j in explanation.judgements:
        out.print(f"judgement: {j.verdict.value} by {j.author} at {j.created_at:%Y-%m-%d %H:%M} "
                  f"({j.reason}) — overrides the model")  # fmt: skip


def _record_id(store: Store, reader: Actor, some_id: str) -> str:
    """A record id as given, or the smallest record of a canonical entity."""
    if not some_id.startswith("nl-"):
        return some_id
    statements = store.get_statements(reader, some_id)
    if not statements:  # a retired id: where its entity lives now
        statements = store.get_statements(reader, store.follow_canonical_id(reader, some_id))
    if not statements:
        raise UsageError(f"no visible records under canonical id {some_id!r}")
    return min(s.entity_id for s in statements)


def review(
    limit: int = typer.Option(20, help="How many pairs to show."),
    list_only: bool = typer.Option(False, "--list", help="Only list the pairs, do not ask."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
    state: StateOption = None,
) -> None:
    """Judge the pairs the model was unsure about, best first, at the terminal."""
    folder = _state(state)
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        queue = review_pairs(folder, store.list_judgements(reader))
        pairs = queue[:limit]
        if not pairs:
            typer.echo("nothing to review: run `verweven resolve` first, or all pairs are judged")
            return
        print_estimate(estimate_queue(queue, limit))
        if list_only:
            table = Table("kind", "left", "right", "weight", "probability", "run said",
                          "expected gain")  # fmt: skip
            for p in pairs:
                table.add_row(p.kind, p.left_id, p.right_id, f"{p.match_weight:+.2f}",
                              f"{p.match_probability:.3f}", "same" if p.together else "apart",
                              f"{p.expected_gain:.2f}")  # fmt: skip
            console().print(table)
            return
        for p in pairs:
            print_explanation(explain_pair(store, reader, p.left_id, p.right_id, folder))
            answer = typer.prompt("same (s), different (d), unsure (u), skip (k), quit (q)")
            verdicts = {"s": Verdict.SAME, "d": Verdict.DIFFERENT, "u": Verdict.UNSURE}
            if answer.strip().lower() == "q":
                break
            verdict = verdicts.get(answer.strip().lower()[:1])
            if verdict is None:
                continue
            reason = typer.prompt("reason")
            store.add_judgement(p.left_id, p.right_id, verdict, reason, reader)
    typer.echo("judgements take effect on the next `verweven resolve`")


def print_estimate(estimate: QueueEstimate) -> None:
    """How long the queue is and what the pairs about to be shown are expected to change."""
    typer.echo(
        f"{estimate.queued} pairs to review (about {estimate.decisions_wrong_in_queue:.0f} "
        f"of the model's decisions among them are wrong); judging the next {estimate.judged} "
        f"is expected to correct about {estimate.decisions_corrected:.1f} decisions, moving "
        f"about {estimate.record_pairs_moved:.0f} record pairs"
    )


def judge(
    id1: str | None = typer.Argument(None, help="A record id (or canonical id)."),
    id2: str | None = typer.Argument(None, help="The other record id (or canonical id)."),
    same: bool = typer.Option(False, "--same", help="The two are one and the same."),
    different: bool = typer.Option(False, "--different", help="The two are different."),
    unsure: bool = typer.Option(False, "--unsure", help="Cannot tell; keep the model's call."),
    reason: str = typer.Option(..., "--reason", help="Why: what you saw that decides it."),
    withdraw: str | None = typer.Option(None, help="Withdraw this judgement id instead."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Record that two records are the same, different, or unsure (append-only, with reason)."""
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        if withdraw is not None:
            store.withdraw_judgement(withdraw, reason, reader)
            typer.echo(f"withdrew judgement {withdraw}; the model decides again on the next run")
            return
        chosen = [v for v, on in ((Verdict.SAME, same), (Verdict.DIFFERENT, different),
                                  (Verdict.UNSURE, unsure)) if on]  # fmt: skip
        if len(chosen) != 1 or id1 is None or id2 is None:
            raise UsageError("give two ids and exactly one of --same, --different, --unsure")
        left, right = _record_id(store, reader, id1), _record_id(store, reader, id2)
        judgement = store.add_judgement(left, right, chosen[0], reason, reader)
    typer.echo(f"judgement {judgement.id}: {left} {chosen[0].value} {right}")


def export_clusters(
    out: Path = typer.Option(..., "--out", help="CSV file to write."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
    force: ForceOption = False,
) -> None:
    """Write record id and source dataset -> canonical id, so anyone can score the result."""
    check_output_file(out, force)
    with open_cli_store() as store:
        reader = cli_actor(store, purpose, case)
        clusters = read_clusters(store, reader)
        store.record_export(
            reader,
            str(out.resolve()),
            sorted(set(clusters.column("dataset").to_pylist())),
            clusters.column("record_id").to_pylist(),
        )
    with open_output(out, force, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "dataset", "kind", "canonical_id"])
        for row in clusters.to_pylist():
            writer.writerow([row["record_id"], row["dataset"], row["kind"], row["canonical_id"]])
    typer.echo(f"wrote {clusters.num_rows} records to {out}")


@evaluate_app.command("linkage")
def evaluate_linkage(
    data: list[str] = typer.Option(
        ["febrl4", "febrl3"], help="febrl4, febrl3 and/or region (repeatable)."
    ),
    region: Path | None = typer.Option(None, help="A synthetic region folder (for region)."),
    work: Path = typer.Option(Path("out/evaluate"), help="Scratch folder for stores and CSVs."),
    peer: bool = typer.Option(True, help="Also run plain Splink on FEBRL, for comparison."),
) -> None:
    """Ingest, resolve and score FEBRL (and a synthetic region): pairwise and cluster F1."""
    results: list[Evaluation] = []
    for name in data:
        if name == "region":
            if region is None:
                raise UsageError("--data region needs --region FOLDER (made by `verweven synth`)")
            results += evaluate_region(region, work)
            continue
        results.append(evaluate_febrl(name, work))
        if peer:
            results.append(peer_febrl(name))
    table = Table("data", "system", "records", "pair P", "pair R", "pair F1", "cluster P",
                  "cluster R", "cluster F1", "seconds")  # fmt: skip
    for r in results:
        s = r.scores
        table.add_row(r.data, r.system, str(s.records), f"{s.pairwise.precision:.4f}",
                      f"{s.pairwise.recall:.4f}", f"{s.pairwise.f1:.4f}",
                      f"{s.cluster.precision:.4f}", f"{s.cluster.recall:.4f}",
                      f"{s.cluster.f1:.4f}", f"{r.seconds:.1f}")  # fmt: skip
    console().print(table)
