"""The worked example in docs/audit-proofs.md runs as written."""

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-proofs.md"


def test_audit_proofs_example_runs_as_written() -> None:
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0
