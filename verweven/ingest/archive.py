"""Deliveries that arrive as a zip: each member of the mapping's format is a file of its own.

A partner often sends one archive with several exports (and a readme). The members whose name
fits the mapping's format are unpacked into a temporary folder and imported one by one, each
named ``archive.zip!member.csv`` in reports and quarantine; the other members are listed as
not read, so nothing in the archive goes unmentioned.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from verweven.errors import InputError
from verweven.ingest.mapping import SourceSpec

SUFFIXES: dict[str, tuple[str, ...]] = {
    "csv": (".csv", ".txt", ".tsv"),
    "jsonl": (".jsonl", ".ndjson", ".json"),
    "xlsx": (".xlsx",),
}


@dataclass(frozen=True)
class DeliveryFile:
    """One file to import: its name in reports, and where it can be read."""

    name: str
    path: Path


@dataclass
class Delivery:
    """The files a delivery path holds, and the members of an archive that were not read."""

    files: list[DeliveryFile]
    not_read: list[str] = field(default_factory=list)


@contextmanager
def unpacked(path: Path, source: SourceSpec) -> Iterator[Delivery]:
    """The files of ``path``: itself, or the fitting members of a zip archive (removed from
    disk again after the block)."""
    if not is_archive(path, source):
        yield Delivery([DeliveryFile(str(path), path)])
        return
    folder = Path(tempfile.mkdtemp(prefix="verweven-zip-"))
    try:
        yield unpack(path, source, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def is_archive(path: Path, source: SourceSpec) -> bool:
    """A ``.zip``, or a zip delivered under another name (a workbook is a zip by nature)."""
    if path.suffix.lower() == ".zip":
        return True
    return source.format != "xlsx" and path.is_file() and zipfile.is_zipfile(path)


def unpack(path: Path, source: SourceSpec, folder: Path) -> Delivery:
    suffixes = SUFFIXES[source.format]
    delivery = Delivery([])
    try:
        with zipfile.ZipFile(path) as archive:
            for number, member in enumerate(sorted(archive.infolist(), key=lambda m: m.filename)):
                name = member.filename
                if member.is_dir():
                    continue
                hidden = any(part.startswith((".", "__MACOSX")) for part in Path(name).parts)
                if hidden or not name.lower().endswith(suffixes):
                    delivery.not_read.append(name)
                    continue
                # A name of our own: a member path cannot point outside the folder.
                target = folder / f"{number:04d}{Path(name).suffix.lower()}"
                with archive.open(member) as packed, target.open("wb") as unpacked_file:
                    shutil.copyfileobj(packed, unpacked_file)
                delivery.files.append(DeliveryFile(f"{path}!{name}", target))
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as error:
        raise InputError(f"{path}: not a readable zip archive ({error})") from None
    if not delivery.files:
        found = ", ".join(delivery.not_read) or "nothing"
        raise InputError(
            f"{path}: the archive holds no {'/'.join(suffixes)} file to read as "
            f"{source.format}; found {found}"
        )
    return delivery
