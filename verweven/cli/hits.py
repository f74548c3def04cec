"""`verweven hit ask`: does any partner know this person, company or address?"""

import typer
from rich.table import Table

from verweven.cli.common import CaseOption, PurposeOption, cli_actor, console, open_cli_store
from verweven.store import HitQuestion

app = typer.Typer(help="Hit/no-hit: partners answer known / not known, never content.")


def register(main: typer.Typer) -> None:
    """Add the hit group to the main app."""
    main.add_typer(app, name="hit")


@app.command("ask")
def ask(
    bsn: str | None = typer.Option(None, help="The person's BSN."),
    kvk: str | None = typer.Option(None, help="The company's KvK number."),
    name: str | None = typer.Option(None, help="The person's full name (with --birth-date)."),
    birth_date: str | None = typer.Option(None, help="Date of birth, YYYY-MM-DD (with --name)."),
    address: str | None = typer.Option(None, help="The full address, as the registers write it."),
    purpose: PurposeOption = None,
    case: CaseOption = None,
) -> None:
    """Ask every partner source you may ask (for your purpose and case) whether it knows the
    subject. Each answers hit or no hit, and whom to contact; the question is audited and the
    answering partners see it in their own log."""
    question = HitQuestion(bsn=bsn, kvk=kvk, name=name, birth_date=birth_date, address=address)
    with open_cli_store() as store:
        answer = store.ask_hit(cli_actor(store, purpose, case), question)
    table = Table("partner", "antwoord", "contact")
    for partner in answer.answers:
        table.add_row(partner.partner, "hit" if partner.hit else "no hit", partner.contact)
    console().print(table)
    typer.echo(f"question {answer.question_id}: a hit means a partner knows the subject — ask it")
