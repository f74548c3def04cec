"""Read CSV so that one bad line costs one row, never the rest of the file.

Python's csv module, handed the lines of a file, follows a quote wherever it leads: a stray
``"Bertje`` in row 31 swallows rows 31-200 into one field. Here every record is read from the
lines it needs, and a record that goes wrong gives back all lines but its first, so reading
starts again at the next line:

- a quoting error (a quote never closed, text after a closing quote) refuses the line;
- a quoted field may run over line ends (a note with a line break) only if the record it makes
  has the header's number of fields, spans at most ``MAX_RECORD_LINES`` lines and swallows no
  line that is a complete row by itself;
- the last line of a file without a line end is refused: a delivery cut off there ends in a
  fragment ("Reh" for "Rehorst") that no check could tell from a value;
- the header row appearing again (several exports joined) is refused, not imported as data.

Every physical line is counted exactly once — header, blank, or part of one row — so the
reader's count can be reconciled with the count taken from the bytes.
"""

import csv
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from verweven.errors import InputError
from verweven.ingest.mapping import SourceSpec
from verweven.ingest.rows import (
    BadRow,
    ReadTally,
    Record,
    Row,
    check_header,
    is_blank,
    is_header_again,
    unique_names,
)

MAX_RECORD_LINES = 50
UNCLOSED_QUOTE = (
    'a quote (") that is not closed on this line; the line was refused and reading went on at '
    "the next one"
)
NO_LINE_END = (
    "the file ends inside this row (no line end after it): the delivery may have been cut off"
)


class RecordTooLongError(Exception):
    """A record asked for more lines than a quoted field may plausibly span."""


class Lines:
    """The physical lines of a text stream, numbered; lines given back are read again."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.read = 0  # distinct lines taken from the stream
        self.pending: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> "Lines":
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_RECORD_LINES:
            raise RecordTooLongError
        if self.pending:
            number, text = self.pending.popleft()
        else:
            text = self.stream.readline()
            if not text:
                raise StopIteration
            self.read += 1
            number = self.read
        self.taken.append((number, text))
        return text

    def start_record(self) -> None:
        self.taken = []

    def give_back_all_but_first(self) -> tuple[int, str]:
        """Keep the record's first line (refused); the others are read again."""
        first, *rest = self.taken
        self.pending.extendleft(reversed(rest))
        self.taken = [first]
        return first


def iter_csv(
    path: Path, stream: TextIO, source: SourceSpec, required: set[str], tally: ReadTally
) -> Iterator[Row]:
    """Records and refused rows of a CSV delivery, line by line (see the module docstring)."""
    csv.field_size_limit(sys.maxsize)  # huge fields are refused per value, not by the parser
    lines = Lines(stream)
    reader = csv.reader(lines, delimiter=source.delimiter, strict=True)
    header = read_header(path, reader, lines, source, required)
    tally.header_lines = len(lines.taken)
    names = unique_names(header)
    while True:
        lines.start_record()
        try:
            fields = next(reader)
        except StopIteration:
            break
        except (csv.Error, RecordTooLongError) as error:
            reason = UNCLOSED_QUOTE if is_unclosed(error) else f"bad quoting: {error}"
            yield refuse_first_line(lines, tally, reason)
            continue
        yield from classify(lines, fields, header, names, source.delimiter, tally)
    tally.lines_read = lines.read


def read_header(
    path: Path, reader: Iterator[list[str]], lines: Lines, source: SourceSpec, required: set[str]
) -> list[str]:
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    except (csv.Error, RecordTooLongError) as error:
        raise InputError(f"{path}, line 1 (header): unreadable CSV: {error}") from None
    check_header(path, header, required, source)
    return header


def classify(
    lines: Lines,
    fields: list[str],
    header: list[str],
    names: list[str],
    delimiter: str,
    tally: ReadTally,
) -> Iterator[Row]:
    """What the lines just read are: blank, a refused row, or a record."""
    taken = lines.taken
    if is_blank(fields):
        tally.blank_lines += len(taken)
        return
    if len(taken) > 1 and (
        len(fields) != len(header) or swallows_a_row(taken[1:], len(header), delimiter)
    ):
        yield refuse_first_line(lines, tally, UNCLOSED_QUOTE)
        return
    number = taken[0][0]
    raw = "".join(text for _, text in taken).rstrip("\r\n")
    tally.rows += 1
    tally.row_lines += len(taken)
    if not taken[-1][1].endswith(("\n", "\r")):
        yield BadRow(number, NO_LINE_END, raw)
    elif len(fields) != len(header):
        yield BadRow(number, f"expected {len(header)} fields, got {len(fields)}", raw)
    elif is_header_again(fields, header):
        yield BadRow(number, "the header row again (were several exports joined?)", raw)
    else:
        yield Record(number, dict(zip(names, fields, strict=True)))


def refuse_first_line(lines: Lines, tally: ReadTally, reason: str) -> BadRow:
    """Refuse the record's first line; its other lines are read again."""
    number, text = lines.give_back_all_but_first()
    tally.rows += 1
    tally.row_lines += 1
    return BadRow(number, reason, text.rstrip("\r\n"))


def swallows_a_row(continuation: list[tuple[int, str]], width: int, delimiter: str) -> bool:
    """Whether a line inside a multi-line quoted field is a complete row on its own: then the
    quote is more likely stray than a field with line breaks."""
    for _, text in continuation:
        fields = next(csv.reader([text], delimiter=delimiter), [])
        if len(fields) == width and not is_blank(fields):
            return True
    return False


def is_unclosed(error: Exception) -> bool:
    return isinstance(error, RecordTooLongError) or "unexpected end of data" in str(error)
