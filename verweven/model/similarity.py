"""How alike two names are, for a search that forgives typing errors: names compared without
case, accents or extra spaces, by edit distance (insertions, deletions, substitutions and
swaps of neighbouring letters, each one edit). Pure functions: the store uses them on both
backends, so a search finds the same on DuckDB and PostgreSQL."""

import unicodedata
from collections import Counter


def fold_name(value: str) -> str:
    """``Ångström  de Vries`` → ``angstrom de vries``: lower case, accents off, one space."""
    if value.isascii():  # most names: no accents to take off
        return " ".join(value.lower().split())
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def edit_distance(left: str, right: str, limit: int) -> int:
    """The optimal-string-alignment distance between two strings, or ``limit + 1`` as soon
    as it must exceed ``limit`` (a bounded search needs no more)."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i] + [0] * len(right)
        for j, b in enumerate(right, 1):
            cost = 0 if a == b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and a == right[j - 2] and left[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


class NameDistance:
    """The distance of many names to one, bounded by ``limit``: a name whose letters differ
    too much to be within ``limit`` edits is ruled out by counting (an insertion or deletion
    changes the letter counts by one, a substitution by two, a swap not at all) before the
    alignment is computed — most names of a region are ruled out so."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = fold_name(name)
        self.limit = limit
        self.letters = Counter(self.name)

    def __call__(self, other: str) -> int:
        """The distance of ``other`` (folded here) to the name, or ``limit + 1``."""
        folded = fold_name(other)
        if abs(len(folded) - len(self.name)) > self.limit:
            return self.limit + 1
        difference = Counter(folded)
        difference.subtract(self.letters)
        if sum(map(abs, difference.values())) > 2 * self.limit:
            return self.limit + 1
        return edit_distance(folded, self.name, self.limit)
