"""Realistic noise, applied field by field as a delivery row is built, and logged as truth.

A row builder asks the ``Noiser`` for each field that may be noisy (``noiser.text(...)``,
``noiser.name(...)``, ...). Every call where a kind of noise *could* apply counts as one
opportunity for that kind; it then applies with the configured rate times the delivery's weight.
Every applied change is written to truth/noise.csv (delivery, record id, field, kind, clean and
noisy value), so a test can check rates and the ingest's quarantine can be checked against it.
"""

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import IO, Any

from verweven.synth.catalog import DeliverySpec
from verweven.synth.config import NoiseRates
from verweven.synth.entities import Address, Person
from verweven.synth.names import PersonName
from verweven.synth.reference import particles
from verweven.synth.streams import make_rng

NOISE_COLUMNS = ("delivery", "record_id", "field", "kind", "clean_value", "noisy_value")
KEYBOARD = {
    "a": "sqz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}
SPELLING: tuple[tuple[str, str], ...] = (
    ("ij", "y"),
    ("y", "ij"),
    ("ei", "ij"),
    ("ij", "ei"),
    ("dt", "t"),
    ("ck", "k"),
)
SPELLING += (("ph", "f"), ("au", "ou"), ("ou", "au"), ("sch", "s"), ("ee", "e"), ("aa", "a"))
SPELLING += (("oo", "o"), ("ie", "i"), ("c", "k"), ("k", "c"))


class NoiseLog:
    """Counts opportunities and events per (delivery, kind) and streams events to noise.csv."""

    def __init__(self, stream: IO[str]) -> None:
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(NOISE_COLUMNS)
        self.opportunities: dict[tuple[str, str], int] = {}
        self.events: dict[tuple[str, str], int] = {}

    def count(self, delivery: str, kind: str, opportunities: int = 1) -> None:
        """More opportunities for a kind of noise in a delivery."""
        key = (delivery, kind)
        self.opportunities[key] = self.opportunities.get(key, 0) + opportunities

    def record(
        self, delivery: str, record_id: str, field: str, kind: str, clean: str, noisy: str
    ) -> None:
        """One applied noise event."""
        key = (delivery, kind)
        self.events[key] = self.events.get(key, 0) + 1
        self.writer.writerow((delivery, record_id, field, kind, clean, noisy))


def make_typo(rng: random.Random, text: str) -> str:
    """One plausible typing or spelling error in ``text`` (always different from it)."""
    lower = text.lower()
    spelling = [(a, b) for a, b in SPELLING if a in lower[1:]]
    for _ in range(10):
        choice = rng.random()
        if spelling and choice < 0.3:
            old, new = rng.choice(spelling)
            at = lower.index(old, 1)
            result = text[:at] + new + text[at + len(old) :]
        else:
            at = rng.randrange(1, len(text)) if len(text) > 1 else 0
            char = text[at]
            if choice < 0.55 and char.lower() in KEYBOARD:
                swap = rng.choice(KEYBOARD[char.lower()])
                result = text[:at] + (swap.upper() if char.isupper() else swap) + text[at + 1 :]
            elif choice < 0.7:
                result = text[:at] + text[at + 1 :]
            elif choice < 0.85:
                result = text[:at] + char + text[at:]
            else:
                result = text[: at - 1] + text[at] + text[at - 1] + text[at + 1 :] if at else text
        if result != text and result.strip():
            return result
    return text + text[-1]


def can_transpose(text: str) -> bool:
    """Whether two adjacent digits of ``text`` differ (so swapping them changes it)."""
    if text.isdigit():
        return text.count(text[0]) != len(text)
    return bool(transposable_spots(text))


def transposable_spots(text: str) -> list[int]:
    """Positions ``i`` where digits ``i`` and ``i + 1`` differ (and could be swapped)."""
    return [
        i
        for i in range(len(text) - 1)
        if text[i].isdigit() and text[i + 1].isdigit() and text[i] != text[i + 1]
    ]


def transpose_digits(rng: random.Random, text: str) -> str | None:
    """Swap two adjacent, different digits; None if there is no such pair."""
    spots = transposable_spots(text)
    if not spots:
        return None
    at = rng.choice(spots)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


@dataclass(frozen=True)
class NameColumns:
    """Where a name's parts are written, and how (for the noise log's clean and noisy values).

    ``render`` writes the whole name into one column; ``render_surname`` / ``render_first``
    write particle-and-surname or the first names in a delivery's own way.
    """

    surname: str
    particle: str = ""
    first: str = ""
    render: Callable[[PersonName], str] | None = None
    render_surname: Callable[[PersonName], str] | None = None
    render_first: Callable[[PersonName], str] | None = None

    def value(self, name: PersonName, part: str) -> str:
        """What the delivery writes in the column of a part of the name."""
        if self.render is not None:
            return self.render(name)
        if part == "first":
            return self.render_first(name) if self.render_first else name.first_names
        if self.render_surname is not None:
            return self.render_surname(name)
        return name.surname if part == "surname" else name.particle

    def field(self, part: str) -> str:
        """The column a part of the name is written in."""
        return {
            "surname": self.surname,
            "particle": self.particle or self.surname,
            "first": self.first or self.surname,
        }[part]


class Noiser:
    """The noise of one delivery in one chunk: its own random stream, rates and log."""

    def __init__(
        self, spec: DeliverySpec, rates: NoiseRates, seed: int, chunk: int, log: NoiseLog
    ) -> None:
        self.spec, self.log = spec, log
        self.rng = make_rng(seed, "noise", spec.name, chunk)
        self.rates = {
            kind: min(1.0, rate * spec.noise_weight) for kind, rate in rates.rates.items()
        }
        self.record_id = ""
        self.counts: dict[str, int] = {}

    def row(self, record_id: str) -> None:
        """Start a new row: events are logged under this record id."""
        self.record_id = record_id

    def hit(self, kind: str) -> bool:
        """Count an opportunity for ``kind`` and decide whether it applies."""
        rate = self.rates[kind]
        if rate <= 0.0:
            return False
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.rng.random() < rate

    def flush(self) -> None:
        """Add this noiser's opportunity counts to the log."""
        for kind, count in self.counts.items():
            self.log.count(self.spec.name, kind, count)
        self.counts = {}

    def _log(self, field: str, kind: str, clean: Any, noisy: Any) -> None:
        fmt = self.spec.format_value
        self.log.record(self.spec.name, self.record_id, field, kind, fmt(clean), fmt(noisy))

    def missing(self, field: str, value: Any) -> Any:
        """The value, or None if the field is left empty."""
        if value in (None, "") or not self.hit("missing"):
            return value
        self._log(field, "missing", value, None)
        return None

    def text(self, field: str, value: str, typo: bool = True, missing: bool = False) -> str | None:
        """A free-text value (name, street) with a typo and/or left empty."""
        if typo and len(value) >= 3 and self.hit("typo"):
            noisy = make_typo(self.rng, value)
            self._log(field, "typo", value, noisy)
            value = noisy
        return self.missing(field, value) if missing else value

    def digits(self, field: str, value: str, missing: bool = False) -> str | None:
        """An identifier or number with two adjacent digits swapped, or left empty."""
        if value and can_transpose(value) and self.hit("transposed_digits"):
            noisy = transpose_digits(self.rng, value) or value
            self._log(field, "transposed_digits", value, noisy)
            value = noisy
        return self.missing(field, value) if missing else value

    def date(self, field: str, value: date | None, missing: bool = False) -> date | None:
        """A date with day and month swapped (when both could be a month), or left empty."""
        if (
            value is not None
            and value.day <= 12
            and value.day != value.month
            and self.hit("date_swap")
        ):
            noisy = date(value.year, value.day, value.month)
            self._log(field, "date_swap", value, noisy)
            value = noisy
        return self.missing(field, value) if missing else value

    def name(
        self, name: PersonName, columns: NameColumns, kinds: tuple[str, ...] = ("typo", "particle")
    ) -> PersonName:
        """A person's name with initials for first names, a changed particle, a typo."""
        if (
            "initials" in kinds
            and name.first_names
            and "." not in name.first_names
            and self.hit("initials")
        ):
            noisy = replace(name, first_names=name.initials)
            self._log(
                columns.field("first"),
                "initials",
                columns.value(name, "first"),
                columns.value(noisy, "first"),
            )
            name = noisy
        if "particle" in kinds and name.particle and self.hit("particle"):
            variants = [v for v in particles().get(name.particle, [""]) if v != name.particle]
            noisy = replace(name, particle=self.rng.choice(variants))
            self._log(
                columns.field("particle"),
                "particle",
                columns.value(name, "particle"),
                columns.value(noisy, "particle"),
            )
            name = noisy
        if "typo" in kinds and len(name.surname) >= 3 and self.hit("typo"):
            noisy = replace(name, surname=make_typo(self.rng, name.surname))
            self._log(
                columns.field("surname"),
                "typo",
                columns.value(name, "surname"),
                columns.value(noisy, "surname"),
            )
            name = noisy
        return name

    def address(self, field: str, person: Person | None, current: Address) -> Address:
        """The person's previous address instead of the current one (registers lag behind)."""
        previous = person.previous if person is not None else None
        if previous is None or previous.address is current or not self.hit("outdated_address"):
            return current
        self._log(field, "outdated_address", address_line(current), address_line(previous.address))
        return previous.address

    def duplicate(self) -> bool:
        """Whether the row just written is delivered a second time."""
        if not self.hit("duplicate_row"):
            return False
        self._log("", "duplicate_row", "", "")
        return True


def address_line(address: Address) -> str:
    """``Kerkstraat 12A, 5011AB Brakelveen`` (for the noise log)."""
    return f"{address.street} {address.house_number}, {address.postcode} {address.city}"
