"""How protected attributes go together with legitimate features in the Netherlands.

A fairness check on a world where nationality, birth country, gender and age are independent of
everything cannot show proxy discrimination: a signal that reads income, sector, household size
or housing would treat every group alike by construction. So the generator ties them together
roughly as CBS reports them (sources and figures in docs/data-formats.md, "Protected attributes
and what goes with them"): income by gender and migration background, owner-occupancy and
household size by migration background, and the sector of one's own business.

Migration background is the name origin the generator draws a person's names from (``origin``:
``nl``, ``tr``, ``ma``, ``pl``, ...), which also covers the second generation of Dutch
nationality, as CBS's migration background does.
"""

# Personal income relative to the age median (CBS: women's personal income about a third lower,
# mostly through part-time work).
INCOME_BY_GENDER = {"M": 1.15, "V": 0.75, "O": 0.95}
# Relative to the native Dutch (CBS: median standardised household income of persons with a
# non-western background roughly 25-45 % lower; recent refugees lowest).
INCOME_BY_ORIGIN = {
    "nl": 1.0,
    "de": 1.05,
    "be": 1.0,
    "it": 0.95,
    "es": 0.9,
    "pt": 0.8,
    "pl": 0.72,
    "ro": 0.7,
    "bg": 0.65,
    "ua": 0.6,
    "tr": 0.75,
    "ma": 0.72,
    "sy": 0.55,
    "er": 0.5,
}
# Owner-occupied share of homes by the main occupant's background (CBS/WoON: about 60 % of
# households of Dutch origin own their home, about a third of those of non-western origin).
OWNER_OCCUPIED_BY_ORIGIN = {"nl": 0.66, "de": 0.6, "be": 0.6, "it": 0.45, "es": 0.4}
OWNER_OCCUPIED_OTHER = 0.3
# Families with one more child (CBS: households of Turkish, Moroccan, Syrian and Eritrean
# background are larger on average).
LARGER_FAMILIES = {"tr": 0.5, "ma": 0.5, "sy": 0.6, "er": 0.6}
# Chance that an entrepreneur's own business is in a cash-intensive sector (snack bar, barber,
# grill, phone shop) on top of the ordinary sector mix (CBS: entrepreneurs with a Turkish,
# Moroccan or Syrian background are overrepresented in horeca and retail).
CASH_SECTOR_BY_ORIGIN = {"tr": 0.3, "ma": 0.25, "sy": 0.3, "bg": 0.1, "pl": 0.05}


def income_factor(gender: str, origin: str) -> float:
    """How a person's income (and chance of savings) relates to the age median."""
    return INCOME_BY_GENDER.get(gender, 1.0) * INCOME_BY_ORIGIN.get(origin, 0.85)


def owner_occupied_share(origin: str) -> float:
    """The chance that a home whose main occupant has this background is owner-occupied."""
    return OWNER_OCCUPIED_BY_ORIGIN.get(origin, OWNER_OCCUPIED_OTHER)


def extra_child_chance(origin: str) -> float:
    """The chance of one more child in a family of this background."""
    return LARGER_FAMILIES.get(origin, 0.0)


def cash_sector_chance(origin: str) -> float:
    """The extra chance that an entrepreneur of this background runs a cash business."""
    return CASH_SECTOR_BY_ORIGIN.get(origin, 0.0)
