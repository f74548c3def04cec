"""Splink's training notes stay off the terminal unless asked for; verweven's warnings do not."""

import logging
from collections.abc import Iterator

import pytest

from verweven.cli.logs import configure_logging

NOTE = "Level same postcode on comparison postcode not observed in dataset"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root, verweven = logging.getLogger(), logging.getLogger("verweven")
    handlers, level = list(root.handlers), verweven.level
    yield
    root.handlers[:] = handlers
    verweven.setLevel(level)


def test_splink_warnings_are_hidden_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(verbose=False)
    logging.getLogger("splink.internals.expectation_maximisation").warning(NOTE)
    assert capsys.readouterr().err == ""


def test_verbose_shows_splink_warnings_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(verbose=True)
    logging.getLogger("splink.internals.expectation_maximisation").warning("WARNING:\n" + NOTE)
    assert capsys.readouterr().err == (
        f"warning (splink.internals.expectation_maximisation): WARNING: {NOTE}\n"
    )


def test_verweven_warnings_are_always_shown(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(verbose=False)
    logging.getLogger("verweven.resolve.linkage").warning("EM on %r skipped", "l.bsn = r.bsn")
    logging.getLogger("verweven.resolve.linkage").info("trained")
    assert (
        capsys.readouterr().err
        == "warning (verweven.resolve.linkage): EM on 'l.bsn = r.bsn' skipped\n"
    )


def test_splink_errors_are_always_shown(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(verbose=False)
    logging.getLogger("splink").error("table not found")
    assert "table not found" in capsys.readouterr().err
