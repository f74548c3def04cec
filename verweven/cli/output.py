"""Where commands write: every ``--out`` goes through here, so one check guards them all.

An output is never written onto the store (its database file, write-ahead log or spill folder)
or onto any other DuckDB database, and never over an existing file unless ``--force`` says so;
a missing folder, or a folder given where a file is meant, is a usage error that says so. A file
is written beside its target and renamed over it only when complete, so a failed export leaves
neither half a file nor a truncated old one.
"""

import errno
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, TextIO, cast

import typer

from verweven.errors import ResourceError, UsageError
from verweven.store import store_files

ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace what --out names if it already exists.")
]
OUT_OF_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


@contextmanager
def open_output(path: Path, force: bool, newline: str | None = None) -> Iterator[TextIO]:
    """A text file to write ``--out`` to, checked first and put in place when complete."""
    check_output_file(path, force)
    partial: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            newline=newline,
            dir=path.parent,
            prefix=f".{path.name}.",
            suffix=".partial",
            delete=False,
        ) as handle:
            partial = Path(handle.name)
            yield cast(TextIO, handle)
        partial.replace(path)
    except OSError as error:
        raise output_error(path, error) from None
    finally:
        if partial is not None:
            with suppress(FileNotFoundError):
                partial.unlink()


def check_output_file(path: Path, force: bool) -> None:
    """Refuse an output file that cannot or may not be written, before any work is done."""
    if path.is_dir():
        raise UsageError(f"--out {path} is a folder; give the name of a file to write in it")
    folder = path.parent
    if not folder.exists():
        raise UsageError(f"--out {path}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise UsageError(f"--out {path}: {folder} is not a folder")
    refuse_store(path)
    if is_duckdb_database(path):
        raise UsageError(
            f"--out {path} is a DuckDB database (perhaps another store); an output is never "
            "written over one, not even with --force"
        )
    if path.exists() and not force:
        raise UsageError(f"--out {path} exists; pass --force to replace it")


def check_output_folder(path: Path, force: bool, writes: tuple[str, ...]) -> None:
    """Refuse an output folder that is a file, or (without ``force``) that already holds any of
    the names the command ``writes`` there."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {path} exists and is not a folder")
    for name in writes:
        refuse_store(path / name)
    earlier = [name for name in writes if (path / name).exists()]
    if earlier and not force:
        raise UsageError(
            f"--out {path} already holds {', '.join(earlier)}; pass --force to overwrite them "
            "(or choose an empty folder)"
        )


def refuse_store(path: Path, holding: bool = False) -> None:
    """Refuse a path that is one of the store's files (or lies in its spill folder); with
    ``holding``, also a folder that holds them (one a command would empty)."""
    target = path.resolve()
    for store_file in store_files():
        resolved = store_file.resolve()
        same = target == resolved or (
            target.exists() and resolved.exists() and target.samefile(resolved)
        )
        if same or resolved in target.parents or (holding and target in resolved.parents):
            raise UsageError(
                f"--out {path} would write onto the store {store_file} (VERWEVEN_DATABASE_URL); "
                "an output is never written there, not even with --force: choose another path"
            )


def is_duckdb_database(path: Path) -> bool:
    """Whether ``path`` is a DuckDB database file (its header carries DuckDB's magic bytes)."""
    try:
        with path.open("rb") as handle:
            return handle.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def output_error(path: Path, error: OSError) -> ResourceError | UsageError:
    """An operating system error while writing ``path`` as the family error that fits it."""
    reason = error.strerror or str(error)
    if error.errno in OUT_OF_SPACE:
        return ResourceError(f"cannot write {path}: {reason}; an existing file is left untouched")
    return UsageError(f"cannot write {path}: {reason}")
