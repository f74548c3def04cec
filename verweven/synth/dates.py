"""Small date helpers with seeded randomness."""

import random
from datetime import date, timedelta


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A date in ``[start, end]`` (``start`` if the range is empty)."""
    days = (end - start).days
    return start + timedelta(days=rng.randint(0, days)) if days > 0 else start


def years_before(when: date, years: float) -> date:
    """The date ``years`` (fractional allowed) before ``when``."""
    return when - timedelta(days=round(years * 365.25))


def birth_date_for_age(rng: random.Random, reference: date, low: int, high: int) -> date:
    """A birth date of someone between ``low`` and ``high`` years old on ``reference``."""
    return random_date(
        rng, years_before(reference, high + 1) + timedelta(days=1), years_before(reference, low)
    )


def same_day_years_before(when: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return when.replace(year=when.year - years)
    except ValueError:
        return when.replace(year=when.year - years, day=28)
