"""`verweven bibob` end to end on a generated region (synth → ingest → resolve): a Bibob
officer opens a file for every planted hidden-financier applicant (with its questionnaire's
reference), screens it with the file's dates, writes the report with the network picture,
and records the decision — and the hidden financier is found behind the holding, not
declared, in the report and its picture."""

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.bibob_bench import canonical_of, questionnaires_of
from verweven.cli import bibob as bibob_cli
from verweven.graph import build_graph
from verweven.ingest import ingest_path
from verweven.resolve import ResolveOptions, resolve
from verweven.settings import get_settings
from verweven.store import open_store
from verweven.synth import MIN_PERSONS, RegionConfig, generate_region, load_noise_rates

MAPPINGS = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "region"
pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The smallest region the generator makes, ingested and resolved into its store."""
    folder = tmp_path_factory.mktemp("bibob-region")
    generate_region(RegionConfig(persons=MIN_PERSONS, seed=7, out=folder,
                                 noise=load_noise_rates()))  # fmt: skip
    with open_store(str(folder / "store.duckdb")) as store:
        local = store.local_actor()
        ingest_path(store, MAPPINGS, local, deliveries=folder / "deliveries")
        resolve(store, local, ResolveOptions(state_dir=folder / "state"))
    yield folder


@pytest.fixture
def planted(region: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str, str]]:
    """Per planted hidden-financier case: (instance, the applicant's id, the financier's
    caption, the questionnaire's reference) as the officer's network shows them."""
    monkeypatch.setenv("VERWEVEN_DATABASE_URL", str(region / "store.duckdb"))
    get_settings.cache_clear()
    cases: dict[str, dict[str, str]] = {}
    with (region / "truth" / "typologies.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["typology"] == "bibob_hidden_financier":
                cases.setdefault(row["instance"], {})[row["role"]] = row["true_id"]
    found = []
    references = questionnaires_of(region / "truth")
    with open_store(str(region / "store.duckdb")) as store:
        officer = store.local_actor().acting_for("bibob", "BIBOB-REGION")
        canonical = canonical_of(store, officer, region / "truth")
        graph = build_graph(store, officer)
        for instance, roles in sorted(cases.items()):
            applicant = sorted(canonical[roles["applicant"]])[0]
            financier = sorted(canonical[roles["financier"]])[0]
            caption = graph.vs.find(name=financier)["caption"]
            found.append((instance, applicant, caption, references[roles["applicant"]]))
    return found


def bibob(ref: str, *args: str) -> str:
    file = ["--purpose", "bibob", "--case", ref]
    result = runner.invoke(bibob_cli.app, [*args, *file], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_hidden_financier_is_found_in_the_file_its_report_and_picture(
    planted: list[tuple[str, str, str, str]], tmp_path: Path
) -> None:
    assert planted, "the region plants hidden-financier cases"
    for instance, applicant, financier, questionnaire in planted:
        ref = f"BIBOB-REGION-{instance}"
        bibob(ref, "new", applicant, "--authority", "burgemeester", "--instrument",
              "vergunning", "--subject", "exploitatievergunning horeca", "--received",
              "2026-09-01", "--questionnaire", questionnaire)  # fmt: skip
        screened = bibob(ref, "screen")
        assert re.search(rf"(zeggenschap|vermogensverschaffer)\s+{re.escape(financier)}", screened)
        assert f"niet opgegeven: {financier}" in screened
        assert "beslistermijn: 27-10-2026" in screened
        out = tmp_path / f"{ref}.html"
        bibob(ref, "report", "--out", str(out))
        page = out.read_text()
        picture = page[page.index('<figure id="netwerkbeeld">') : page.index("</figure>")]
        assert financier in picture
        cited = set(re.findall(r'href="#bron-(\d+)"', page))
        assert cited and cited == set(re.findall(r'id="bron-(\d+)"', page))
        bibob(ref, "decide", "lbb_advies", "--reasons", "verborgen financier achter de holding")
        assert "besluit lbb_advies" in bibob(ref, "show")
    listed = bibob("BIBOB-REGION", "list")
    assert all(f"BIBOB-REGION-{instance}" in listed for instance, *_ in planted)
