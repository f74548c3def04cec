"""Cell text as verweven keeps it: whitespace normalised, unreadable characters found.

Every cell is normalised before anything else looks at it (unless a mapping says
``whitespace: keep``): "Venlo " and "Venlo" are one place, not two statements. Runs of
whitespace — tabs, line ends inside a quoted field, non-breaking and zero-width spaces, a stray
byte order mark — become one space, and the ends are trimmed. The cell as delivered stays the
statement's original value.
"""

import re
import unicodedata

# UTF-8 of a Latin letter or sign read as cp1252: "é" (C3 A9) becomes "Ã©", "©" becomes "Â©".
DOUBLE_ENCODED = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|Â[\u00a0-\u00bf]"
)


SPACES = re.compile(r"[\s\u200b\u2060\ufeff]+")
UNREADABLE = ("Cc", "Cs")  # control characters (NUL, ...) and unpaired surrogates


def normalise_space(value: str) -> str:
    """``value`` with runs of whitespace as one space and no whitespace at either end."""
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value  # the common case, decided in C
    return SPACES.sub(" ", value).strip()


def unreadable_character(value: str) -> str | None:
    """A description of the first control character or unpaired surrogate in ``value``
    (text that cannot be a value: binary data in a text delivery), or None."""
    if value.isprintable():
        return None
    for position, char in enumerate(value, start=1):
        if unicodedata.category(char) in UNREADABLE:
            return f"character U+{ord(char):04X} at position {position}"
    return None


def printable(text: str) -> str:
    """``text`` with control characters and surrogates written as escapes, for messages."""
    if text.isprintable():
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in UNREADABLE
        else char
        for char in text
    )


def double_encoded(value: str) -> str | None:
    """The first stretch of ``value`` that is UTF-8 decoded as cp1252 ("Ã©" for "é": a value
    the partner's system mangled before it was delivered), with what it meant; or None."""
    if value.isascii():
        return None
    match = DOUBLE_ENCODED.search(value)
    if match is None:
        return None
    meant = match.group().encode("cp1252", "replace").decode("utf-8", "replace")
    return f"{match.group()!r} (UTF-8 read as cp1252 once before: meant {meant!r})"
