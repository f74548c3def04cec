"""The undermining picture as the command line, the API and the web application all use it:
the published (protected) picture for purpose ``ondermijningsbeeld``, and the drill-down to the
records behind one of its numbers for a purpose that may read them.

The boundary files come from the caller or the setting ``VERWEVEN_GEO_DIR``. The server keeps a
computed picture for a few minutes per account, purpose and protection, so a page of maps does
not count the region again on every click: each account's first view is its own audited bulk
read, and every later view asks the decision point again and is served only while the account
may still read the same deliveries.
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from verweven.access import Action, Actor
from verweven.errors import NotFoundError, SettingsError
from verweven.picture import Areas, DisclosureRules, load_areas
from verweven.picture.build import Picture, PublishedTable, build_picture, publish
from verweven.picture.drilldown import DrillDown, drill_down
from verweven.picture.facts import Granularity
from verweven.picture.register import Earlier
from verweven.settings import get_settings
from verweven.store import Store
from verweven.store.rows import utc_now

KEEP_SECONDS = 300


@dataclass(frozen=True)
class PublishedPicture:
    """The authorised picture (never shown), the published tables, the rules and when."""

    picture: Picture
    tables: list[PublishedTable]
    rules: DisclosureRules
    granularity: Granularity
    computed_at: datetime

    @property
    def areas(self) -> Areas:
        return self.picture.areas


def default_rules(minimum: int = 10, rounding: int = 5, dominance: float = 0.30) -> DisclosureRules:
    """The protection, with the protection width equal to the minimum (the CLI's default)."""
    return DisclosureRules(
        minimum=minimum, rounding=rounding, dominance=dominance, protection=minimum
    )


def region_areas(geo: Path | None = None, region_name: str | None = None) -> Areas:
    """The region's areas from ``geo`` or the setting ``VERWEVEN_GEO_DIR``."""
    settings = get_settings()
    folder = geo or settings.geo_dir
    if folder is None:
        raise SettingsError(
            "the undermining picture needs the boundary files: set VERWEVEN_GEO_DIR to a folder "
            "with gemeenten.geojson, wijken.geojson and buurten.geojson"
        )
    return load_areas(folder, region_name or settings.region_name)


def server_areas() -> Areas:
    """The areas of the boundary files the server was started with. Without them the server
    has no picture to give (not found, for whoever asks), rather than a fault of its own."""
    if get_settings().geo_dir is None:
        raise NotFoundError(
            "this server has no undermining picture: it was started without VERWEVEN_GEO_DIR "
            "(a folder with gemeenten.geojson, wijken.geojson and buurten.geojson)"
        )
    return region_areas()


def published_picture(
    store: Store,
    actor: Actor,
    areas: Areas,
    rules: DisclosureRules,
    granularity: Granularity = Granularity.JAAR,
    earlier: Earlier | None = None,
) -> PublishedPicture:
    """Count the picture as ``actor`` (purpose ondermijningsbeeld) and protect it, hiding at
    least what the publications in ``earlier`` hid."""
    picture = build_picture(store, actor, areas, granularity)
    tables = publish(picture, rules, earlier)
    return PublishedPicture(picture, tables, rules, granularity, utc_now())


def drill(
    store: Store,
    actor: Actor,
    areas: Areas,
    indicator: str,
    area: str,
    period: str,
    granularity: Granularity = Granularity.JAAR,
) -> DrillDown:
    """The records behind one number, as ``actor`` may see them (docs/picture.md)."""
    return drill_down(store, actor, areas, indicator, area, period, granularity)


class PictureCache:
    """Pictures the server computed lately, per account, purpose, protection and period."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self.keep = keep_seconds
        self._lock = threading.Lock()
        self._kept: dict[tuple[object, ...], tuple[float, PublishedPicture]] = {}

    def get(
        self,
        store: Store,
        actor: Actor,
        areas: Areas,
        rules: DisclosureRules,
        granularity: Granularity,
        fresh: bool = False,
    ) -> PublishedPicture:
        readable = frozenset(store.permitted_datasets(actor, Action.READ_BULK))
        codes = tuple(a.code for a in areas.areas)
        key = (actor.user, actor.partner, actor.purpose, readable, codes, rules, granularity)
        now = time.monotonic()
        with self._lock:
            kept = self._kept.get(key)
        if kept and not fresh and now - kept[0] < self.keep:
            return kept[1]
        computed = published_picture(store, actor, areas, rules, granularity)
        with self._lock:
            self._kept = {k: v for k, v in self._kept.items() if now - v[0] < self.keep}
            self._kept[key] = (now, computed)
        return computed
