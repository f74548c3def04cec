"""Households: who lives where, since when, and where they lived before."""

from datetime import date, timedelta

from verweven.synth.dates import birth_date_for_age, random_date, years_before
from verweven.synth.disparities import extra_child_chance
from verweven.synth.entities import Address, Person
from verweven.synth.streams import Weighted
from verweven.synth.world import Chunk

HOUSEHOLDS = {  # kind: (weight, minimum m² of the home)
    "single": (38, 0),
    "couple": (28, 50),
    "family": (26, 80),
    "single_parent": (7, 60),
    "shared": (1, 70),
}
PERSONS_PER_HOME = 2.1
CHILDREN = Weighted((1, 2, 3, 4), (40, 42, 14, 4))  # children in a family (CBS, roughly)
HOUSEHOLD_KINDS = Weighted(list(HOUSEHOLDS), [spec[0] for spec in HOUSEHOLDS.values()])


def populate(chunk: Chunk, budget: int) -> None:
    """Fill the neighbourhood's free homes with households until it has ``budget`` persons."""
    while len(chunk.persons) < budget:
        kind = HOUSEHOLD_KINDS.draw(chunk.rng)
        home = chunk.book.claim(min_area=HOUSEHOLDS[kind][1])
        make_household(chunk, kind, home, budget - len(chunk.persons))


def make_household(chunk: Chunk, kind: str, home: Address, room: int) -> list[Person]:
    """One household of the kind at ``home``, with at most ``room`` persons."""
    rng, reference = chunk.rng, chunk.reference
    if kind == "single" or room == 1:
        head = chunk.new_person(20, 92, address=home)
        chunk.add_previous_addresses(head)
        return [head]
    if kind == "shared":
        since = random_date(rng, years_before(reference, 4), reference)
        mates = [
            chunk.new_person(19, 29, address=home, since=since)
            for _ in range(min(room, rng.randint(2, 4)))
        ]
        return mates
    low, high = {"couple": (24, 88), "family": (27, 55), "single_parent": (24, 55)}[kind]
    head = chunk.new_person(low, high, address=home)
    since = head.current.start
    members = [head]
    if kind != "single_parent":
        age = head.age_on(reference) + rng.randint(-5, 5)
        members.append(chunk.new_person(max(age, 19), max(age, 19), home, since, like=head))
    if kind in ("family", "single_parent"):
        drawn = CHILDREN.draw(rng) + (rng.random() < extra_child_chance(head.origin))
        count = min(room - len(members), drawn)
        members += add_children(chunk, head, home, since, count)
    for adult in members[: 2 if kind != "single_parent" else 1]:
        chunk.add_previous_addresses(adult)
    return members


def add_children(
    chunk: Chunk, parent: Person, home: Address, since: date, count: int
) -> list[Person]:
    """``count`` children of ``parent`` at ``home``, registered there from birth or ``since``."""
    reference = chunk.reference
    parent_age = parent.age_on(reference)
    children = []
    for _ in range(max(0, count)):
        oldest = max(0, min(24, parent_age - 20))
        born = birth_date_for_age(chunk.rng, reference, 0, oldest)
        surname = (parent.name.particle, parent.name.surname)
        start = max(born, since)
        child = chunk.new_person(
            address=home, since=start, like=parent, surname=surname, birth_date=born
        )
        children.append(child)
    return children


def homes_needed(persons: int) -> int:
    """Residential addresses to make for a neighbourhood of ``persons`` (with some vacancy)."""
    return int(persons / PERSONS_PER_HOME * 1.06) + 4


def spread_since(start: date, days: int, index: int) -> date:
    """Registration dates spread over ``days`` from ``start`` (planted groups moving in)."""
    return start + timedelta(days=(index * 37) % max(1, days))
