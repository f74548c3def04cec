"""`verweven demo`: the main job, run by `make demo`.

For now it shows the foundation end to end: a fresh store, an FtM delivery imported with its
legal basis (bad lines quarantined), and an entity with the provenance of every value.
"""

from pathlib import Path

import typer

from verweven.access import Reader
from verweven.ingest import import_ftm_file
from verweven.model import Dataset, LegalBasis, Sensitivity
from verweven.settings import get_settings
from verweven.store import open_store

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ftm" / "pep_sample.jsonl"
DEMO_READER = Reader(user="demo", partner="riec_demo", purpose="bibob")
PEP_DATASET = Dataset(
    name="pep_sanctions_sample",
    partner="opensanctions",
    title="PEP and sanctions sample (fictional)",
    legal_basis=LegalBasis(article="art. 7 lid 1 Wet Bibob", text="Raadpleging open bronnen"),
    purposes=("bibob", "riec_casus"),
    sensitivity=Sensitivity.PUBLIC,
)


def register(app: typer.Typer) -> None:
    """Add the demo command to the main app."""
    app.command("demo")(demo)


def demo(
    out: Path = typer.Option(None, help="Output folder (default: VERWEVEN_OUT_DIR/demo)."),
) -> None:
    """Run the demo on a fresh embedded store in the output folder."""
    folder = out or get_settings().out_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "verweven.duckdb"
    path.unlink(missing_ok=True)
    with open_store(str(path)) as store:
        store.register_dataset(PEP_DATASET, DEMO_READER)
        report = import_ftm_file(store, SAMPLE, PEP_DATASET.name, DEMO_READER)
        typer.echo(
            f"imported {report.entities} entities ({report.statements} statements) from "
            f"{SAMPLE.name}; {len(report.quarantined)} refused into quarantine:"
        )
        for record in report.quarantined:
            typer.echo(f"  line {record.line}, field {record.field}: {record.reason}")
        entity = store.get_entity(DEMO_READER, "san-0001")
        typer.echo(f"\n{entity.caption} ({entity.schema.name}):")
        for prop, value in sorted(entity.itervalues(), key=lambda pv: (pv[0].name, pv[1])):
            [stmt] = [s for s in entity.get_statements(prop) if s.value == value]
            basis = store.get_dataset(stmt.dataset).legal_basis.article
            typer.echo(f"  {prop.label}: {value}   [{stmt.dataset}, {basis}]")
    typer.echo(f"\nstore: {path}")
