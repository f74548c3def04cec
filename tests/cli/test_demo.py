"""`verweven demo` only ever replaces its own earlier output."""

from pathlib import Path

import pytest

from verweven.errors import UsageError
from verweven.services.demo import clear_previous_demo


def test_earlier_demo_output_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "verweven.duckdb").write_text("")
    (tmp_path / "index.html").write_text("")
    clear_previous_demo(tmp_path)
    assert not tmp_path.exists()


def test_an_earlier_demo_with_its_audit_key_and_witness_is_replaced(tmp_path: Path) -> None:
    for name in ("verweven.duckdb", "verweven.duckdb.audit-key", "verweven.duckdb.checkpoints"):
        (tmp_path / name).write_text("")
    (tmp_path / "index.html").write_text("")
    clear_previous_demo(tmp_path)  # `make demo` twice in a row
    assert not tmp_path.exists()


def test_folder_with_other_files_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("mine")
    with pytest.raises(UsageError, match="holds no earlier demo"):
        clear_previous_demo(tmp_path)
    assert (tmp_path / "thesis.docx").exists()


def test_folder_with_a_store_among_other_files_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "verweven.duckdb").write_text("the user's own store")
    (tmp_path / "pyproject.toml").write_text("")
    with pytest.raises(UsageError, match=r"holds no earlier demo only \(pyproject.toml\)"):
        clear_previous_demo(tmp_path)
    assert (tmp_path / "verweven.duckdb").exists()
