"""What a reader yields — records and refused rows — and the tally it keeps of a file's lines."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from verweven.errors import InputError
from verweven.ingest.mapping import SourceSpec


@dataclass(frozen=True)
class Record:
    """One row of a delivery, every value as text ("" for empty)."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be read as a record: kept whole, with the reason."""

    line: int
    reason: str
    raw: str


Row = Record | BadRow


@dataclass
class ReadTally:
    """What a reader took from one file. Every line is counted once: as header, as blank, or
    as (part of) one row; ``lines_in_file`` is counted from the bytes, apart from the parser,
    so that the two can be reconciled."""

    lines_in_file: int | None = None
    lines_read: int = 0
    header_lines: int = 0
    blank_lines: int = 0
    rows: int = 0  # records and refused rows yielded
    row_lines: int = 0  # lines of the file that those rows came from

    def line_problems(self) -> list[str]:
        """Where the line counts do not add up (empty when they do)."""
        problems = []
        accounted = self.header_lines + self.blank_lines + self.row_lines
        if accounted != self.lines_read:
            problems.append(
                f"{self.lines_read} lines read, but {self.header_lines} header + "
                f"{self.blank_lines} blank + {self.row_lines} in rows = {accounted}"
            )
        if self.lines_in_file is not None and self.lines_in_file != self.lines_read:
            problems.append(f"the file has {self.lines_in_file} lines, {self.lines_read} were read")
        return problems


def check_header(path: Path, header: list[str], required: set[str], source: SourceSpec) -> None:
    """Every column the mapping uses must be in the header, once; say what was found instead."""
    missing = sorted(required - set(header))
    if missing:
        hint = ""
        if len(header) == 1 and source.format == "csv":
            hint = f" (only one column found: is the delimiter {source.delimiter!r} right?)"
        raise InputError(
            f"{path}, line 1 (header): missing column(s) {', '.join(missing)}; "
            f"found {', '.join(header) or 'none'}{hint}"
        )
    twice = sorted(
        name for name, count in Counter(header).items() if count > 1 and name in required
    )
    if twice:
        places = "; ".join(f"{name!r} in columns {column_numbers(header, name)}" for name in twice)
        raise InputError(
            f"{path}, line 1 (header): a column the mapping reads appears more than once "
            f"({places}); which one holds the data is ambiguous"
        )


def column_numbers(header: list[str], name: str) -> str:
    """The 1-based positions of ``name`` in ``header``: "3, 7"."""
    return ", ".join(str(number) for number, found in enumerate(header, start=1) if found == name)


def unique_names(header: list[str]) -> list[str]:
    """Header names made unique (a repeated column the mapping does not read is kept as
    ``name (2)``), so that no column's values overwrite another's."""
    seen: Counter[str] = Counter()
    names = []
    for name in header:
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def is_blank(values: list[str]) -> bool:
    return not any(value.strip() for value in values)


def is_header_again(values: list[str], header: list[str]) -> bool:
    """Whether a row repeats the header (names compared without case and spaces)."""
    return len(values) == len(header) and all(
        value.strip().lower() == name.lower() for value, name in zip(values, header, strict=True)
    )
