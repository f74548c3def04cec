"""`verweven audit …`: seal the audit log, verify it, and hand its evidence to others."""

from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from verweven.audit.keys import generate_signing_key
from verweven.audit.note import VerifierKey
from verweven.audit.proof import check_event_proof
from verweven.audit.report import AuditReport
from verweven.audit.witness import read_checkpoint_file, write_new_file
from verweven.cli.common import PurposeOption, cli_actor, console, open_cli_store
from verweven.errors import AuditTamperedError

app = typer.Typer(
    help="The audit log: seal it into signed checkpoints, verify it, export checkpoints and"
    " inclusion proofs. Reading it is the auditor's (purpose toezicht) or, for the events on"
    " its own deliveries, a partner's steward's (purpose gegevensbeheer, --partner)."
)

PartnerOption = typer.Option(
    None, "--partner", help="A steward: only the events touching this partner's deliveries."
)


def register(main: typer.Typer) -> None:
    """Add the audit group to the main app."""
    main.add_typer(app, name="audit")


@app.command("seal")
def seal() -> None:
    """Give every pending event its position and sign a checkpoint (any account may). An
    embedded store seals itself whenever it is closed; seal a multi-user store on a schedule."""
    with open_cli_store() as store:
        report = store.seal_audit(cli_actor(store))
    if report.sealed:
        typer.echo(f"events sealed: {report.sealed}; the log holds {report.size}, root"
                   f" {report.root.hex()}")  # fmt: skip
    else:
        typer.echo(f"nothing new to seal: the log has {report.size} events")
    if report.witness:
        typer.echo(f"checkpoint appended to the witness file {report.witness}")
    typer.echo(f"verifier key: {report.verifier_key}")


@app.command("verify")
def verify(
    checkpoint: list[Path] = typer.Option(
        [],
        "--checkpoint",
        help="A checkpoint kept outside the store (an export of `verweven audit checkpoint`,"
        " or a copy of a witness file); repeatable. Only these catch a rewrite by whoever"
        " holds the signing key.",
    ),
    purpose: PurposeOption = None,
) -> None:
    """Check every sealed event against its leaf and the log against every checkpoint: the
    store's, the witness file's and those given. Exit code 7 names the first problem."""
    notes: list[str] = []
    keys: list[VerifierKey] = []
    for path in checkpoint:
        file_notes, file_keys = read_checkpoint_file(path)
        notes += file_notes
        keys += file_keys
    with open_cli_store() as store:
        report = store.verify_audit(cli_actor(store, purpose), notes, keys)
    print_report(report)
    if report.problem is not None:
        more = report.problem_count - 1
        raise AuditTamperedError(
            report.problem.message + (f" (problems listed above: {more + 1})" if more else "")
        )


def print_report(report: AuditReport) -> None:
    """The verification as a person reads it: what was checked, then every problem."""
    typer.echo(
        f"audit log {report.origin}: {report.sealed} events sealed, root {report.root.hex()}"
    )
    if report.pending:
        typer.echo(f"pending: {report.pending} (appended since the last seal, in no checkpoint"
                   " yet: `verweven audit seal`)")  # fmt: skip
    witness = f" (witness file {report.witness})" if report.witness else " (no witness file)"
    typer.echo(
        f"checkpoints checked: {report.checkpoints}, {report.from_witness} of them in the"
        f" witness file{witness}, {report.given} given; the largest that verified covers"
        f" {report.covered} events"
    )
    for key in report.keys:
        typer.echo(f"verifier key: {key}  (compare it with the one the operator published)")
    for number, problem in enumerate(report.problems, 1):
        typer.echo(f"problem {number} ({problem.kind}): {problem.message}")
    if report.ok:
        typer.echo("ok: every sealed event is where the checkpoints say, unchanged")


@app.command("checkpoint")
def checkpoint(
    out: Path = typer.Option(..., "--out", help="The file to write; must not exist yet."),
    partner: str | None = PartnerOption,
    purpose: PurposeOption = None,
) -> None:
    """Export the latest signed checkpoint with its verifier key, for a partner or the
    supervisor to keep: later it proves whether the operator rewrote history."""
    with open_cli_store() as store:
        exported = store.audit_checkpoint(cli_actor(store, purpose), partner)
    write_new_file(out, exported.to_json())
    typer.echo(f"wrote {out}: keep it where the operator cannot change it")


@app.command("prove")
def prove(
    event: str = typer.Option(..., "--event", help="The id of a sealed audit event."),
    partner: str | None = PartnerOption,
    purpose: PurposeOption = None,
) -> None:
    """Print the inclusion proof of one event in the latest checkpoint, as JSON: whoever holds
    the verifier key checks it with `verweven audit check-proof` (no store needed)."""
    with open_cli_store() as store:
        proof = store.prove_audit_event(cli_actor(store, purpose), event, partner)
    typer.echo(proof.to_json(), nl=False)


@app.command("check-proof")
def check_proof(
    file: Path = typer.Argument(help="A proof printed by `verweven audit prove`."),
    key: str | None = typer.Option(
        None, help="The operator's verifier key as you received it (default: the proof's own)."
    ),
) -> None:
    """Check an inclusion proof without the store: the checkpoint's signature, and that the
    event leads to its root."""
    verifier = VerifierKey.from_text(key) if key else None
    checkpoint = check_event_proof(file.read_text(encoding="utf-8"), verifier)
    typer.echo(f"ok: the event is in the log {checkpoint.origin} of {checkpoint.size} events")
    if verifier is None:
        typer.echo("checked with the key the proof names: compare it with the operator's")


@app.command("keygen")
def keygen(path: Path = typer.Argument(help="The new key file (mode 0600).")) -> None:
    """Make a checkpoint signing key for a multi-user store (VERWEVEN_AUDIT_KEY). An embedded
    store makes its own, next to its file."""
    generate_signing_key(path)
    typer.echo(f"wrote {path}; set VERWEVEN_AUDIT_KEY={path} wherever the log is sealed")


@app.command("log")
def show_log(
    partner: str | None = PartnerOption,
    since: datetime | None = typer.Option(None, help="Only events from this moment (UTC)."),
    action: str | None = typer.Option(None, help="Only this action, e.g. read or export."),
    purpose: PurposeOption = None,
) -> None:
    """The audit log: every event for the auditor, or a steward's own part (--partner)."""
    with open_cli_store() as store:
        events = store.list_audit_events(cli_actor(store, purpose), partner, since, action)
    table = Table("#", "when", "who", "partner", "purpose", "action", "decision", "target", "size")
    for e in events:
        table.add_row(
            "" if e.seq is None else str(e.seq),
            f"{e.occurred_at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.partner,
            e.purpose,
            e.action,
            e.decision.value,
            e.target,
            str(e.result_size),
        )
    console().print(table)
    typer.echo(f"events: {len(events)} (# is the position in the log; empty while pending)")
