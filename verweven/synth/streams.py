"""Seeded random streams and collision-free identifier sequences.

Every random choice in the generator comes from a ``random.Random`` made here from the seed and
a stream name, so one part of the region can change without shifting the draws of another, and
the same seed gives the same bytes. ``random.Random`` seeded with a string hashes it with SHA-512,
which is stable across runs and Python versions (unlike ``hash()``).
"""

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


def make_rng(seed: int, *parts: object) -> random.Random:
    """A random stream for ``seed`` and a stream name made of ``parts``."""
    return random.Random(":".join([str(seed), *(str(part) for part in parts)]))


class Permutation:
    """A bijection from 0, 1, 2, ... onto ``[low, low + size)`` that looks random.

    A small Feistel network over enough bits, with cycle walking back into the range, is a
    permutation of ``range(size)``: numbers drawn from it never repeat, so identifiers are
    unique without remembering them, and consecutive draws show no pattern.
    """

    ROUNDS = 3

    def __init__(self, rng: random.Random, low: int, size: int) -> None:
        self.low, self.size = low, size
        bits = max(2, (size - 1).bit_length())
        self.half = (bits + 1) // 2
        self.mask = (1 << self.half) - 1
        self.keys = [(rng.getrandbits(40) | 1, rng.getrandbits(40)) for _ in range(self.ROUNDS)]

    def _feistel(self, value: int) -> int:
        left, right = value >> self.half, value & self.mask
        for multiplier, addend in self.keys:
            mixed = (right * multiplier + addend) & 0xFFFFFFFFFFFF
            left, right = right, left ^ ((mixed ^ (mixed >> 17)) & self.mask)
        return (left << self.half) | right

    def __call__(self, index: int) -> int:
        if not 0 <= index < self.size:
            raise OverflowError(f"identifier space of {self.size} values is exhausted")
        value = self._feistel(index)
        while value >= self.size:
            value = self._feistel(value)
        return self.low + value


class Weighted(Generic[T]):
    """Items with weights, drawn from quickly (the same draws as ``random.choices``)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cumulative = tuple(accumulate(float(weight) for weight in weights))
        self.total, self.last = self.cumulative[-1], len(self.items) - 1

    def draw(self, rng: random.Random) -> T:
        """One item, chosen with the weights."""
        return self.items[bisect(self.cumulative, rng.random() * self.total, 0, self.last)]
