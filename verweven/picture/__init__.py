"""The regional undermining picture (ondermijningsbeeld): indicators per gemeente, wijk and
buurt per theme and period, read in bulk for purpose ``ondermijningsbeeld``, and the
statistical disclosure control that makes a published version of it (docs/picture.md)."""

from verweven.picture.areas import Area, Areas, load_areas
from verweven.picture.build import Picture, build_picture
from verweven.picture.disclosure import DisclosureRules, Protected, protect
from verweven.picture.indicators import INDICATORS, Indicator

__all__ = [
    "INDICATORS",
    "Area",
    "Areas",
    "DisclosureRules",
    "Indicator",
    "Picture",
    "Protected",
    "build_picture",
    "load_areas",
    "protect",
]
