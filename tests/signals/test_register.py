"""The signal register (docs/signals.md) is generated from the definitions and stays current."""

from verweven.evaluation.fingerprint import definitions_fingerprint
from verweven.signals import load_definitions
from verweven.signals.measured import load_lead_times, load_measurement, load_notes
from verweven.signals.quality import lead_cell
from verweven.signals.register import REGISTER_PATH, render_register


def test_docs_signals_md_is_up_to_date() -> None:
    expected = render_register(load_definitions(), load_measurement(), load_lead_times())
    assert REGISTER_PATH.read_text(encoding="utf-8") == expected, (
        "docs/signals.md is out of date: run `python -m verweven.signals.register`"
    )


def test_every_signal_has_a_register_entry() -> None:
    text = REGISTER_PATH.read_text(encoding="utf-8")
    assert all(f'<a id="{d.id}"></a>' in text for d in load_definitions())


def test_the_register_lists_the_forbidden_inputs() -> None:
    assert "| `nationality` | any schema |" in REGISTER_PATH.read_text(encoding="utf-8")


def test_the_register_says_a_hit_is_no_verdict() -> None:
    assert "never a verdict" in render_register(load_definitions(), None)


def test_every_shortfall_note_names_a_signal() -> None:
    assert set(load_notes()) <= {d.id for d in load_definitions()}


def test_a_shortfall_note_appears_in_the_signals_register_entry() -> None:
    [(signal_id, note)] = list(load_notes().items())[:1]
    entry = REGISTER_PATH.read_text(encoding="utf-8").split(f'<a id="{signal_id}"></a>')[1]
    assert f"**Where it falls short.** {note}" in entry.split("<a id=")[0]


def test_the_registers_figures_were_measured_with_the_current_definitions() -> None:
    measured = load_measurement()
    assert measured is not None
    assert measured.fingerprint == definitions_fingerprint(), (
        "the register's figures are stale (definitions, views, time rules or resolution "
        "settings changed since they were measured): run `python -m benchmarks.signals_bench`"
    )


def test_changing_a_threshold_changes_the_fingerprint() -> None:
    definitions = load_definitions()
    changed = (definitions[0].model_copy(update={"threshold": 99.0}), *definitions[1:])
    assert definitions_fingerprint(changed) != definitions_fingerprint(definitions)


def test_every_signal_is_measured_at_its_current_version() -> None:
    measured = load_measurement()
    assert measured is not None
    versions = {q.signal_id: q.signal_version for q in measured.signals}
    assert versions == {d.id: d.version for d in load_definitions()}


def test_a_weak_signal_is_marked_weak_in_the_overview() -> None:
    measured = load_measurement()
    assert measured is not None
    overview = REGISTER_PATH.read_text(encoding="utf-8").split("## Measured quality")[0]
    for d in load_definitions():
        row = next(line for line in overview.splitlines() if line.startswith(f"| [`{d.id}`]"))
        assert row.endswith("| **weak** |") == measured.weak(d.id)


def test_the_lead_times_were_measured_with_the_current_definitions() -> None:
    lead_times = load_lead_times()
    assert lead_times is not None
    assert lead_times.fingerprint == definitions_fingerprint(), (
        "the register's lead times are stale (definitions, views, time rules or resolution "
        "settings changed since they were measured): run `python -m benchmarks.lead_time_bench`"
    )


def test_every_signal_has_lead_times_at_its_current_version() -> None:
    lead_times = load_lead_times()
    assert lead_times is not None
    current = {d.id: d.version for d in load_definitions()}
    assert {q.signal_id: q.signal_version for q in lead_times.default} == current
    if lead_times.high:  # measured at high noise too: every signal again
        assert {q.signal_id: q.signal_version for q in lead_times.high} == current


def test_the_overview_shows_each_signals_measured_lead_time() -> None:
    lead_times = load_lead_times()
    assert lead_times is not None
    overview = REGISTER_PATH.read_text(encoding="utf-8").split("## Measured quality")[0]
    for lead in lead_times.default:
        rows = overview.splitlines()
        row = next(r for r in rows if r.startswith(f"| [`{lead.signal_id}`]"))
        assert f"| {lead_cell(lead)} |" in row
