"""Person names: drawing them, and writing them the way each partner writes names.

A name is kept structured (first names, particle, surname) until a delivery writes it: the BRP
has separate fields, the police write one string as heard, the Kadaster "Surname, initials
particle", banks upper case with a title. Noise works on the structured name, so a dropped
particle or initials show up in every rendering the same way.
"""

import random
from dataclasses import dataclass, replace

from verweven.synth.reference import Nationality, name_pool
from verweven.synth.streams import Weighted

FIRST_NAME_COUNTS = Weighted((1, 2, 3), (45, 40, 15))


@dataclass(frozen=True, slots=True)
class PersonName:
    """First names ("Jan Pieter"), particle ("van der"), surname ("Berg")."""

    first_names: str
    particle: str
    surname: str

    @property
    def given_name(self) -> str:
        """The first of the first names (what people are called by, roughly)."""
        return self.first_names.split(" ")[0] if self.first_names else ""

    @property
    def initials(self) -> str:
        """``"J.P."`` for ``"Jan Pieter"``; already-initialled names stay as they are."""
        if "." in self.first_names:
            return self.first_names
        return "".join(f"{part[0]}." for part in self.first_names.split() if part)

    def with_surname(self, surname: str, particle: str | None = None) -> "PersonName":
        """The same first names with another surname (children, spouses)."""
        return replace(
            self, surname=surname, particle=self.particle if particle is None else particle
        )


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def render_full(name: PersonName) -> str:
    """``Jan Pieter van der Berg``."""
    return _join(name.first_names, name.particle, name.surname)


def render_as_heard(name: PersonName) -> str:
    """``Jan van der Berg``: the given name only, as a police officer writes it down."""
    return _join(name.given_name, name.particle, name.surname)


def render_initials(name: PersonName) -> str:
    """``J.P. van der Berg``."""
    return _join(name.initials, name.particle, name.surname)


def render_sortable(name: PersonName) -> str:
    """``Berg, J.P. van der``: the register style of the Kadaster."""
    return f"{name.surname}, {_join(name.initials, name.particle)}"


def render_bank(name: PersonName, gender: str) -> str:
    """``HR J.P. VAN DER BERG``: a bank's account name, with a title from the gender."""
    title = {"M": "HR", "V": "MW"}.get(gender, "")
    return _join(title, render_initials(name).upper())


def render_salutation(name: PersonName, gender: str) -> str:
    """``Dhr. J. van der Berg``: an energy company's customer name."""
    title = {"M": "Dhr.", "V": "Mevr."}.get(gender, "")
    return _join(
        title, name.given_name[:1] + "." if name.given_name else "", name.particle, name.surname
    )


def surname_with_particle(name: PersonName) -> str:
    """``van der Berg`` (the police write particle and surname in one field)."""
    return _join(name.particle, name.surname)


def draw_origin(rng: random.Random, nationality: Nationality) -> str:
    """The origin (name pool) of a person of this nationality."""
    return nationality.origin_choice.draw(rng)


def draw_first_names(rng: random.Random, origin: str, gender: str) -> str:
    """One to three first names (Dutch persons often have several)."""
    pool = name_pool(origin)
    names = pool.female if gender == "V" else pool.male
    count = FIRST_NAME_COUNTS.draw(rng) if origin in ("nl", "be") else 1
    chosen: list[str] = []
    while len(chosen) < count:
        candidate = rng.choice(names)
        if candidate not in chosen:
            chosen.append(candidate)
    return " ".join(chosen)


def draw_surname(rng: random.Random, origin: str) -> tuple[str, str]:
    """A (particle, surname) pair of the origin."""
    return rng.choice(name_pool(origin).surnames)


def draw_name(rng: random.Random, origin: str, gender: str) -> PersonName:
    """A full name of the origin and gender."""
    particle, surname = draw_surname(rng, origin)
    return PersonName(draw_first_names(rng, origin, gender), particle, surname)
