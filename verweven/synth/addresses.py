"""Addresses of one neighbourhood: streets, house numbers, postcodes, BAG ids, holiday parks."""

import random
from collections.abc import Container, Iterator
from datetime import date, timedelta

from verweven.synth.entities import Address
from verweven.synth.geography import Neighbourhood
from verweven.synth.idgen import Identifiers
from verweven.synth.reference import load_yaml
from verweven.synth.streams import Weighted

HOUSING = {  # kind: (weight, min m², max m², units per number)
    "apartment": (35, 40, 95, 4),
    "row": (45, 85, 140, 1),
    "detached": (20, 130, 260, 1),
}
HOUSING_KINDS = Weighted(list(HOUSING), [spec[0] for spec in HOUSING.values()])
BUSINESS_PURPOSES = ("winkelfunctie", "kantoorfunctie", "industriefunctie", "bijeenkomstfunctie")


def iter_postcode_letters() -> Iterator[str]:
    """AA, AB, ..., ZZ without SA, SD and SS (never issued)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for first in letters:
        for second in letters:
            if first + second not in ("SA", "SD", "SS"):
                yield first + second


class AddressBook:
    """Makes and hands out the addresses of one neighbourhood."""

    def __init__(
        self,
        ids: Identifiers,
        hood: Neighbourhood,
        rng: random.Random,
        used_streets: set[str],
        reference: date,
    ) -> None:
        self.ids, self.hood, self.rng, self.reference = ids, hood, rng, reference
        self.used_streets = used_streets
        self.addresses: list[Address] = []
        self.free: dict[str, list[Address]] = {"woonfunctie": [], "business": []}
        self._letters = iter_postcode_letters()
        self._postcode, self._postcode_uses = "", 99
        self._street: tuple[str, str] = ("", "")
        self._number = 0
        self._geo = load_yaml("geography.yml")

    def _new_street(self) -> None:
        stems, suffixes = self._geo["street_stems"], self._geo["street_suffixes"]
        for _ in range(100):
            name = f"{self.rng.choice(stems)}{self.rng.choice(suffixes)}"
            if name not in self.used_streets:
                break
        else:
            name = f"{name} {self.hood.section}{len(self.used_streets)}"
        self.used_streets.add(name)
        self._street = (name, self.ids.bag(self.hood.municipality.code4, "30"))
        self._number = 0

    def _next_postcode(self) -> str:
        if self._postcode_uses >= self.rng.randint(12, 24):
            self._postcode = f"{self.hood.postcode4}{next(self._letters)}"
            self._postcode_uses = 0
        self._postcode_uses += 1
        return self._postcode

    def _point(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.hood.box
        return round(self.rng.uniform(x0, x1), 3), round(self.rng.uniform(y0, y1), 3)

    def make(
        self,
        purpose: str,
        area: int,
        addition: str = "",
        letter: str = "",
        pand: str = "",
        object_type: str = "verblijfsobject",
    ) -> Address:
        """One new address on the current street (a new street when this one is full)."""
        if not self._street[0] or (not addition and not letter and self._number >= 60):
            self._new_street()
        if not addition and not letter:
            self._number += 1
        code4 = self.hood.municipality.code4
        type_code = {"verblijfsobject": "01", "ligplaats": "02", "standplaats": "03"}[object_type]
        build_year = self.rng.choice((1925, 1955, 1968, 1975, 1985, 1995, 2005, 2016, 2022))
        build_year += self.rng.randint(-4, 3)
        x, y = self._point()
        address = Address(
            id=self.ids.entity_id("A"),
            street=self._street[0],
            number=self._number,
            letter=letter,
            addition=addition,
            postcode=self._next_postcode(),
            city=self.hood.place,
            municipality=code4,
            neighbourhood=self.hood.code,
            nummeraanduiding=self.ids.bag(code4, "20"),
            object_id=self.ids.bag(code4, type_code),
            pand_id=pand or (self.ids.bag(code4, "10") if object_type == "verblijfsobject" else ""),
            openbare_ruimte=self._street[1],
            object_type=object_type,
            purpose=purpose,
            area=area,
            build_year=min(build_year, self.reference.year - 1),
            x=x,
            y=y,
            ean=self.ids.ean(),
            document_date=self.reference - timedelta(days=self.rng.randint(30, 5000)),
        )
        self.addresses.append(address)
        return address

    def make_homes(self, count: int) -> None:
        """At least ``count`` free residential addresses, in streets of one housing kind each."""
        made = 0
        while made < count:
            kind = HOUSING_KINDS.draw(self.rng)
            self._new_street()
            for _ in range(self.rng.randint(10, 40)):
                made += len(self._make_number(kind))
        for _ in range(max(1, count // 150)):  # a few houseboats and caravans
            object_type = self.rng.choice(("ligplaats", "standplaats"))
            self.free["woonfunctie"].append(self.make("woonfunctie", 60, object_type=object_type))

    def _make_number(self, kind: str) -> list[Address]:
        _, low, high, units = HOUSING[kind]
        if units == 1:
            home = self.make("woonfunctie", self.rng.randint(low, high))
            self.free["woonfunctie"].append(home)
            return [home]
        self._number += 1
        pand = self.ids.bag(self.hood.municipality.code4, "10")
        style = self.rng.choice(("addition", "letter"))
        homes = []
        for unit in range(self.rng.randint(2, units)):
            addition = self._geo["additions"][unit] if style == "addition" else ""
            letter = self._geo["letters"][unit] if style == "letter" else ""
            homes.append(
                self.make("woonfunctie", self.rng.randint(low, high), addition, letter, pand)
            )
        self.free["woonfunctie"].extend(homes)
        return homes

    def free_homes(self, count: int, taken: Container[str]) -> list[Address]:
        """``count`` free homes not in ``taken`` (households may still move in); made if needed."""

        def available() -> list[Address]:
            homes = self.free["woonfunctie"]
            return [a for a in homes if a.id not in taken and a.object_type == "verblijfsobject"]

        homes = available()
        if len(homes) < count:
            self.make_homes(count - len(homes))
            homes = available()
        return homes[-count:]

    def make_business(self, count: int) -> None:
        """``count`` free business premises (shops, offices, workshops, horeca)."""
        self._new_street()
        for _ in range(count):
            purpose = self.rng.choice(BUSINESS_PURPOSES)
            self.free["business"].append(self.make(purpose, self.rng.randint(50, 450)))

    def claim(self, kind: str = "woonfunctie", min_area: int = 0, max_area: int = 10**6) -> Address:
        """A free address of the kind (woonfunctie or business) within the size range."""
        pool = self.free[kind]
        for position in range(len(pool) - 1, -1, -1):
            if min_area <= pool[position].area <= max_area:
                address = pool.pop(position)
                address.claimed = True
                return address
        purpose = "woonfunctie" if kind == "woonfunctie" else self.rng.choice(BUSINESS_PURPOSES)
        self._new_street()
        area = self.rng.randint(max(min_area, 30), min(max_area, max(min_area, 30) + 150))
        address = self.make(purpose, area)
        address.claimed = True
        return address

    def make_holiday_park(self, chalets: int) -> Address:
        """A holiday park: one main address with many chalets that have no address of their own."""
        self._new_street()
        park = self.make("logiesfunctie", self.rng.randint(200, 600))
        park.claimed = True
        code4 = self.hood.municipality.code4
        for _ in range(chalets):
            park.park_objects.append((self.ids.bag(code4, "01"), self.rng.randint(28, 75)))
        return park
