"""The scripted casework on a small synthetic region: cases from the strongest hits through
the work process into monitoring, the next period delivered, and monitoring catching the
planted displacement of the case subjects (the same script as `verweven case demo`)."""

from pathlib import Path

import pytest

from verweven.model import CaseState
from verweven.services import cases as services
from verweven.services.case_demo import CaseDemoFigures, coordinator, run_case_demo
from verweven.store import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CaseDemoFigures]:
    folder = tmp_path_factory.mktemp("case-demo") / "run"
    return folder, run_case_demo(folder, persons=1_000, seed=2026, say=lambda _: None)


@pytest.mark.slow
def test_monitoring_catches_every_planted_displacement_of_a_case_subject(
    demo: tuple[Path, CaseDemoFigures],
) -> None:
    _, figures = demo
    assert figures.planted == 6  # three cannabis farms, three straw men
    assert figures.planted_in_cases >= 2
    assert figures.caught == figures.planted_in_cases


@pytest.mark.slow
def test_ordinary_moves_and_companies_raise_no_alarm_on_these_cases(
    demo: tuple[Path, CaseDemoFigures],
) -> None:
    assert demo[1].false_alarms == 0


@pytest.mark.slow
def test_every_case_went_the_whole_way_into_monitoring(demo: tuple[Path, CaseDemoFigures]) -> None:
    folder, figures = demo
    with open_store(str(folder / "verweven.duckdb")) as store:
        local = store.local_actor()
        cases = services.list_cases(store, local.acting_for("riec_casus"))
        assert len(cases) == figures.cases > 0
        assert {case.state for case in cases} == {CaseState.MONITORING}
        walked = [d.to_state for d in cases[0].decisions]
        assert walked == [
            CaseState.SIGNAAL, CaseState.WEGING, CaseState.HIT_NO_HIT, CaseState.CASUSOVERLEG,
            CaseState.INTERVENTIEADVIES, CaseState.UITVOERING, CaseState.MONITORING,
        ]  # fmt: skip
        assert figures.hit_questions >= figures.cases
        assert figures.interventions == 3 * figures.cases


@pytest.mark.slow
def test_the_case_file_draws_the_network_around_the_subjects(
    demo: tuple[Path, CaseDemoFigures],
) -> None:
    folder, _ = demo
    with open_store(str(folder / "verweven.duckdb")) as store:
        local = store.local_actor()
        ref = services.list_cases(store, local.acting_for("riec_casus"))[0].ref
        page = services.export_case_file(store, coordinator(local, ref), str(folder / "x.html"))
    assert '<section id="netwerk">' in page
    assert 'class="network"' in page
