"""Check, before a row is read, that a text delivery's bytes are what its mapping declares.

A file whose bytes contradict the declared encoding is refused whole, with the evidence — the
byte offset, the line and the bytes — because reading it anyway corrupts every non-ASCII value
without a trace ("José" becomes "JosÃ©"). Three contradictions are found:

- bytes that the declared encoding cannot decode (a cp1252 file declared UTF-8);
- a file that is entirely valid UTF-8 with non-ASCII characters, declared as a one-byte
  encoding such as cp1252 (real cp1252 text is practically never valid UTF-8 as well);
- a byte order mark of another encoding (a UTF-16 file, a UTF-8 one declared cp1252).

(A value that a partner's system already mangled — "JosÃ©" in a correct UTF-8 file — is a
problem of that value, not of the file: the mapper quarantines it, see ``ingest.text``.)

A UTF-8 byte order mark under a declared ``utf-8`` is simply skipped. The same pass counts the
file's physical lines, which the reader's own count is reconciled against.
"""

import codecs
from dataclasses import dataclass
from pathlib import Path

from verweven.errors import InputError

CHUNK_BYTES = 1 << 20
UTF8_BOM = codecs.BOM_UTF8
FOREIGN_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
UNICODE_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-32")


@dataclass(frozen=True)
class TextFile:
    """What the check learnt of a text file."""

    encoding: str  # the codec to read it with (``utf-8-sig`` when it starts with a UTF-8 BOM)
    lines: int  # physical lines; a last line without a line end counts too
    ends_with_line_end: bool


def check_text(path: Path, declared: str, universal_newlines: bool = True) -> TextFile:
    """Refuse ``path`` if its bytes contradict ``declared``; count its lines (ended by
    ``\\n``, ``\\r\\n`` or ``\\r``; by ``\\n`` alone without ``universal_newlines``)."""
    name = codecs.lookup(declared).name
    with path.open("rb") as handle:
        head = handle.read(4)
    encoding = check_byte_order_mark(path, head, declared, name)
    scan = Scan(path, declared, encoding, universal_newlines)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            scan.feed(chunk)
    scan.finish()
    return TextFile(encoding, scan.lines, scan.ends_with_line_end)


def check_byte_order_mark(path: Path, head: bytes, declared: str, name: str) -> str:
    """The codec to read with, given the file's first bytes; refuse a foreign byte order mark."""
    if head.startswith(UTF8_BOM):
        if name in ("utf-8", "utf-8-sig"):
            return "utf-8-sig"
        raise InputError(
            f"{path}, line 1 (byte 0): the file starts with a UTF-8 byte order mark "
            f"(EF BB BF), but the mapping declares encoding {declared}: the file is UTF-8; "
            "declare encoding: utf-8"
        )
    for bom, family in FOREIGN_BOMS:
        if head.startswith(bom) and not name.startswith(family.lower()):
            raise InputError(
                f"{path}, line 1 (byte 0): the file starts with a {family} byte order mark "
                f"({bom.hex(' ').upper()}), but the mapping declares encoding {declared}: "
                f"ask the partner for UTF-8, or declare encoding: {family.lower()}"
            )
    return name


class Scan:
    """One pass over the bytes: decode as declared, count lines, look for contradictions."""

    def __init__(self, path: Path, declared: str, encoding: str, universal: bool) -> None:
        self.path, self.declared, self.encoding = path, declared, encoding
        self.universal = universal
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        # A one-byte (or other non-Unicode) encoding is contradicted by a file that is UTF-8.
        one_byte = not encoding.startswith(UNICODE_CODECS)
        self.utf8 = codecs.getincrementaldecoder("utf-8")("strict") if one_byte else None
        self.first_non_ascii: tuple[int, int] | None = None  # (byte offset, line)
        self.offset = 0  # bytes fed so far
        self.breaks = 0
        self.last_char = ""
        self.ends_with_line_end = True
        self.lines = 0

    def feed(self, chunk: bytes) -> None:
        try:
            text = self.decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise self.undecodable(chunk, error) from None
        if self.utf8 is not None and not chunk.isascii():
            self.check_utf8(chunk)
        self.count_breaks(text)
        self.offset += len(chunk)

    def finish(self) -> None:
        try:
            self.count_breaks(self.decoder.decode(b"", final=True))
        except UnicodeDecodeError as error:
            raise self.undecodable(b"", error) from None
        self.lines = self.breaks + (0 if self.ends_with_line_end else 1)
        if self.utf8 is not None and self.first_non_ascii is not None:
            try:
                self.utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                return  # not UTF-8 after all: the declared one-byte encoding may well be right
            raise self.utf8_under_one_byte_encoding()

    def count_breaks(self, text: str) -> None:
        if not text:
            return
        if self.universal:
            # \r\n is one line end, also when a chunk ends between \r and \n.
            crlf = text.count("\r\n") + (self.last_char == "\r" and text[0] == "\n")
            self.breaks += text.count("\n") + text.count("\r") - crlf
            self.ends_with_line_end = text[-1] in "\r\n"
        else:
            self.breaks += text.count("\n")
            self.ends_with_line_end = text[-1] == "\n"
        self.last_char = text[-1]

    def check_utf8(self, chunk: bytes) -> None:
        assert self.utf8 is not None
        if self.first_non_ascii is None:
            at = next(i for i, byte in enumerate(chunk) if byte > 0x7F)
            self.first_non_ascii = (self.offset + at, self.line_at(chunk, at))
        try:
            self.utf8.decode(chunk)
        except UnicodeDecodeError:
            self.utf8 = None  # not UTF-8: no contradiction to report
            self.first_non_ascii = None

    def undecodable(self, chunk: bytes, error: UnicodeDecodeError) -> InputError:
        # error.object is what the decoder held back from earlier chunks plus this chunk.
        held_back = len(error.object) - len(chunk)
        offset = self.offset - held_back + error.start
        bad = bytes(error.object[error.start : error.end])
        line = self.breaks + 1 + self.count_line_ends(bytes(error.object[: error.start]))
        as_cp1252 = bad.decode("cp1252", "replace")
        hint = (
            f" (in cp1252 that is {as_cp1252!r}: is the file cp1252?)"
            if "utf" in self.encoding
            else ""
        )
        return InputError(
            f"{self.path}, line {line} (byte {offset}): byte(s) {bad.hex(' ').upper()} cannot be "
            f"read as {self.declared} ({error.reason}){hint}; the declared encoding does not fit "
            "the file, so nothing was imported"
        )

    def utf8_under_one_byte_encoding(self) -> InputError:
        assert self.first_non_ascii is not None
        offset, line = self.first_non_ascii
        with self.path.open("rb") as handle:
            handle.seek(offset)
            sample = handle.read(4)
        char = sample.decode("utf-8", "ignore")[:1]
        size = len(char.encode("utf-8"))
        shown = sample[:size].decode(self.encoding, "replace")
        return InputError(
            f"{self.path}, line {line} (byte {offset}): bytes {sample[:size].hex(' ').upper()} "
            f"are UTF-8 for {char!r}, which {self.declared} would read as {shown!r}; the whole "
            f"file is valid UTF-8, so it is UTF-8, not {self.declared}: declare encoding: utf-8"
        )

    def line_at(self, chunk: bytes, at: int) -> int:
        """The line of byte ``at`` of ``chunk`` (lines of earlier chunks already counted)."""
        return self.breaks + self.count_line_ends(chunk[:at]) + 1

    def count_line_ends(self, data: bytes) -> int:
        """Line ends in undecoded bytes (as counted in text; exact for ASCII-based codecs)."""
        if not self.universal:
            return data.count(b"\n")
        return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
