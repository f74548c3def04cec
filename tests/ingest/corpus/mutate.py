"""Hostile deliveries made by mutation, and the judgement of what ingest made of one.

A valid delivery (the corpus's clean BRP file) is cut, has bytes inserted, is re-encoded or
declared in another encoding, has quotes broken, lines doubled or their ends changed — one to
three times. Ingest may then refuse the file (with a message) or import it; either way it may
never crash, every run's rows must add up, and every data line that survived the mutation
intact — with the header — must be imported. The hypothesis test (tests/ingest/test_fuzz.py)
and the fuzz benchmark (benchmarks/ingest_fuzz.py) share this module; they differ only in who
draws the random choices.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tests.factories import analyst, delivering
from tests.ingest.corpus.deliveries import brp_mapping, brp_rows, csv_text, person_id
from verweven.errors import ReconciliationError, VerwevenError
from verweven.ingest import ingest_path
from verweven.store import Store

ROWS = brp_rows()
CLEAN = csv_text(ROWS).encode("utf-8")
HEADER, *DATA_LINES = csv_text(ROWS).splitlines(keepends=True)


class Draw(Protocol):
    """Where a mutation's random choices come from (hypothesis, or a seeded Random)."""

    def integer(self, low: int, high: int) -> int: ...


@dataclass(frozen=True)
class RandomDraw:
    rng: random.Random

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


@dataclass(frozen=True)
class Mutant:
    """A mutated delivery: its bytes, the encoding its mapping declares, what was done."""

    data: bytes
    encoding: str
    steps: tuple[str, ...]


def cut(data: bytes, draw: Draw) -> bytes:
    return data[: draw.integer(0, len(data))]


def insert_bytes(data: bytes, draw: Draw) -> bytes:
    at = draw.integer(0, len(data))
    junk = bytes(draw.integer(0, 255) for _ in range(draw.integer(1, 6)))
    return data[:at] + junk + data[at:]


def break_quote(data: bytes, draw: Draw) -> bytes:
    at = draw.integer(0, len(data))
    return data[:at] + b'"' + data[at:]


def insert_delimiter(data: bytes, draw: Draw) -> bytes:
    at = draw.integer(0, len(data))
    return data[:at] + b";" + data[at:]


def double_line(data: bytes, draw: Draw) -> bytes:
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    at = draw.integer(0, len(lines) - 1)
    return b"".join(lines[: at + 1] + lines[at:])


def change_line_end(data: bytes, draw: Draw) -> bytes:
    ends = [i for i, byte in enumerate(data) if byte == 0x0A]
    if not ends:
        return data
    at = ends[draw.integer(0, len(ends) - 1)]
    return data[:at] + (b"\r\n", b"\r", b"")[draw.integer(0, 2)] + data[at + 1 :]


def reencode(data: bytes, draw: Draw) -> bytes:
    """The text in another encoding (the mapping still says UTF-8), or double-encoded."""
    text = data.decode("utf-8", "replace")
    choice = draw.integer(0, 4)
    if choice == 0:
        return text.encode("cp1252", "replace")
    if choice == 1:
        return text.encode("utf-16")
    if choice == 2:
        return text.encode("utf-8").decode("cp1252", "replace").encode("utf-8")
    if choice == 3:
        return b"\xef\xbb\xbf" + data
    return text.encode("latin-1", "replace")


MUTATIONS: dict[str, Callable[[bytes, Draw], bytes]] = {
    "cut": cut,
    "insert bytes": insert_bytes,
    "break a quote": break_quote,
    "insert a delimiter": insert_delimiter,
    "double a line": double_line,
    "change a line end": change_line_end,
    "re-encode": reencode,
}
NAMES = sorted(MUTATIONS)


def mutate(draw: Draw, data: bytes = CLEAN) -> Mutant:
    """One to three mutations of ``data``; one time in eight the mapping declares cp1252."""
    steps = []
    for _ in range(draw.integer(1, 3)):
        name = NAMES[draw.integer(0, len(NAMES) - 1)]
        data = MUTATIONS[name](data, draw)
        steps.append(name)
    encoding = "cp1252" if draw.integer(0, 7) == 0 else "utf-8"
    return Mutant(data, encoding, tuple(steps))


@dataclass(frozen=True)
class Verdict:
    """What ingest made of one mutant."""

    refused: str | None = None  # the refusal's message
    rows: int = 0
    quarantined: int = 0
    problems: tuple[str, ...] = ()  # crashes, unreconciled rows, intact rows not imported


def judge(store: Store, folder: Path, mutant: Mutant) -> Verdict:
    """Ingest ``mutant`` into ``store`` as a dataset of its own (named after ``folder``, so no
    earlier mutant's persons can stand in for this one's) and judge the outcome. Never raises."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brp.csv").write_bytes(mutant.data)
    dataset = f"fuzz_{folder.name}"
    mapping = folder / "mapping.yml"
    text = brp_mapping(dataset=dataset, path="brp.csv", encoding=mutant.encoding)
    mapping.write_text(text, encoding="utf-8")
    try:
        reports = ingest_path(store, mapping, delivering(store, mapping))
    except ReconciliationError as error:
        return Verdict(problems=(f"unreconciled: {error}",))
    except VerwevenError as error:
        message = str(error)
        return Verdict(refused=message, problems=() if message else ("refused without a word",))
    except Exception as error:  # exactly what may never happen
        return Verdict(problems=(f"crash: {type(error).__name__}: {error}",))
    [report] = reports
    problems = []
    if report.rows != report.rows_imported + report.rows_quarantined:
        problems.append(f"unreconciled: {report}")
    lost = lost_lines(store, mutant, dataset)
    problems += [f"intact line not imported: {line!r}" for line in lost]
    return Verdict(None, report.rows, report.rows_quarantined, tuple(problems))


def lost_lines(store: Store, mutant: Mutant, dataset: str) -> list[str]:
    """The data lines that came through the mutation intact (as did the header) but whose
    person is not in the store as it was delivered."""
    try:
        text = mutant.data.decode(mutant.encoding)
    except UnicodeDecodeError:
        return []
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != HEADER.rstrip("\n"):
        return []
    intact = [(line, row) for line in lines[1:] if (row := original_row(line)) is not None]
    if not intact:
        return []
    ids = [person_id(row, dataset) for _, row in intact]
    found = {entity.id: entity for entity in store.get_entities(analyst(store), ids)}
    return [
        line
        for line, row in intact
        if (person := found.get(person_id(row, dataset))) is None
        or row["geslachtsnaam"] not in " ".join(person.get("lastName"))
    ]


def original_row(line: str) -> dict[str, str] | None:
    """The clean row ``line`` is, if it is one unchanged and ended by a line end."""
    if not line.endswith(("\n", "\r")):
        return None
    for row, original in zip(ROWS, DATA_LINES, strict=True):
        if line.rstrip("\r\n") == original.rstrip("\n"):
            return row
    return None
