"""Identifier generation: valid, unique and deterministic BSNs, KvK numbers, IBANs, kentekens, ...

Each kind of number comes from a ``Permutation`` of its number space, so numbers never repeat and
look random; check digits are computed so every generated identifier passes the validators of
``verweven.model.identifiers`` (a test holds that).
"""

import random

from stdnum import ean

from verweven.model.identifiers import KENTEKEN_SIDECODES
from verweven.synth.streams import Permutation, make_rng

KENTEKEN_LETTERS = "BDFGHJKLNPRSTVXZ"
_AVOIDED_GROUPS: tuple[str, ...] = (
    "SS",
    "SD",
    "GVD",
    "KKK",
    "KVT",
    "LPF",
    "NSB",
    "PKK",
    "PSV",
    "PVV",
    "SGP",
)
_AVOIDED_GROUPS += ("TBS", "VVD")
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def eleven_check_digit(prefix: str) -> int | None:
    """The 9th digit that makes ``prefix`` (8 digits) pass the 11-check, or None if none does."""
    total = sum(int(digit) * weight for digit, weight in zip(prefix, range(9, 1, -1), strict=True))
    check = total % 11
    return None if check == 10 else check


def iban_for(bank: str, account: str) -> str:
    """The NL IBAN of a 10-digit account at a 4-letter bank code, with mod-97 check digits."""
    letters = "".join(str(int(char, 36)) for char in bank)
    check = 98 - int(f"{letters}{account}232100") % 97  # "NL00" as digits: 23 21 00
    return f"NL{check:02d}{bank}{account}"


def ean18_for(body: str) -> str:
    """An 18-digit EAN from 17 digits, with its GS1 check digit."""
    return body + ean.calc_check_digit(body)


class _Sequence:
    """Draws from a Permutation, counting how many were drawn."""

    def __init__(self, seed: int, name: str, low: int, size: int) -> None:
        self.permutation = Permutation(make_rng(seed, "ids", name), low, size)
        self.drawn = 0

    def next(self) -> int:
        value = self.permutation(self.drawn)
        self.drawn += 1
        return value


class Identifiers:
    """All identifier sequences of one region."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._bsn = _Sequence(seed, "bsn", 10_000_000, 60_000_000)
        self._rsin = _Sequence(seed, "rsin", 80_000_000, 7_000_000)
        self._kvk = _Sequence(seed, "kvk", 1_000_000, 98_000_000)
        self._branch = _Sequence(seed, "vestiging", 100_000_000, 99_900_000_000)
        self._anummer = _Sequence(seed, "anummer", 1_000_000_000, 9_000_000_000)
        self._account = _Sequence(seed, "account", 10_000_000, 9_990_000_000)
        self._ean = _Sequence(seed, "ean", 0, 10**11)
        self._vin = _Sequence(seed, "vin", 0, 33**8)
        self._plates: dict[int, _Sequence] = {}
        self._bag: dict[tuple[str, str], int] = {}
        self._counters: dict[str, int] = {}

    def count(self, name: str) -> int:
        """The next number (1, 2, 3, ...) of a named counter: entity ids, record ids."""
        value = self._counters.get(name, 0) + 1
        self._counters[name] = value
        return value

    def entity_id(self, prefix: str) -> str:
        """The generator's own id of a real-world entity: ``P0000123``."""
        return f"{prefix}{self.count(prefix):07d}"

    def _eleven(self, sequence: _Sequence) -> str:
        while True:
            prefix = f"{sequence.next():08d}"
            check = eleven_check_digit(prefix)
            if check is not None:
                return f"{prefix}{check}"

    def bsn(self) -> str:
        """A unique burgerservicenummer."""
        return self._eleven(self._bsn)

    def rsin(self) -> str:
        """A unique RSIN."""
        return self._eleven(self._rsin)

    def kvk(self) -> str:
        """A unique 8-digit KvK number (some start with 0)."""
        return f"{self._kvk.next():08d}"

    def vestigingsnummer(self) -> str:
        """A unique 12-digit branch number."""
        return f"{self._branch.next():012d}"

    def anummer(self) -> str:
        """A unique 10-digit A-nummer (first digit not 0)."""
        return str(self._anummer.next())

    def iban(self, bank: str) -> str:
        """A unique NL IBAN at the bank."""
        return iban_for(bank, f"{self._account.next():010d}")

    def ean(self) -> str:
        """A unique 18-digit EAN code of a grid connection (prefix 871685)."""
        return ean18_for(f"871685{self._ean.next():011d}")

    def vin(self, wmi: str) -> str:
        """A unique 17-character VIN starting with the manufacturer's WMI."""
        value, chars = self._vin.next(), []
        for _ in range(8):
            value, rest = divmod(value, 33)
            chars.append(VIN_CHARS[rest])
        serial = "".join(chars)
        return f"{wmi}{serial[:6]}{serial[6:]}{self.count('vin'):06d}"[:17]

    def bag(self, municipality: str, type_code: str) -> str:
        """The next 16-digit BAG id of a type in a municipality."""
        key = (municipality, type_code)
        if key not in self._bag:
            self._bag[key] = make_rng(self.seed, "bag", *key).randrange(10**5, 10**8)
        self._bag[key] += 1
        return f"{municipality}{type_code}{self._bag[key]:010d}"

    def kenteken(self, sidecode: int) -> str:
        """A unique kenteken (without dashes) in the side code, avoiding forbidden groups."""
        pattern = KENTEKEN_SIDECODES[sidecode]
        letters = pattern.count("L")
        size = len(KENTEKEN_LETTERS) ** letters * 10 ** pattern.count("D")
        sequence = self._plates.setdefault(
            sidecode, _Sequence(self.seed, f"plate{sidecode}", 0, size)
        )
        while True:
            plate = _plate_from_number(pattern, sequence.next())
            if not any(group in _AVOIDED_GROUPS for group in plate.split("-")):
                return plate.replace("-", "")


def _plate_from_number(pattern: str, value: int) -> str:
    chars = []
    for symbol in reversed(pattern):
        if symbol == "-":
            chars.append("-")
        elif symbol == "D":
            value, digit = divmod(value, 10)
            chars.append(str(digit))
        else:
            value, index = divmod(value, len(KENTEKEN_LETTERS))
            chars.append(KENTEKEN_LETTERS[index])
    return "".join(reversed(chars))


def random_digits(rng: random.Random, count: int) -> str:
    """``count`` random digits."""
    return "".join(rng.choice("0123456789") for _ in range(count))
