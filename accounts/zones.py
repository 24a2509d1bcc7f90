"""The user's time zone: which names are valid, what "today" is for a user, and activating it.

Storage stays UTC (USE_TZ): a zone only decides how a moment is read as a day. Django's
`timezone.localdate()`, `localtime()` and `__date` lookups follow the *active* zone, so a request
(accounts.middleware.UserTimeZoneMiddleware), an API call (api.auth) and a task working for one
user (`activated_for`) each make the user's zone the active one and every "today" follows.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils import timezone

DEFAULT_ZONE = "UTC"
# The IANA names that are only aliases kept for old systems ("US/Pacific", "Etc/GMT+5" whose sign
# is reversed, "posixrules"): valid when stored, but not offered in the select.
_LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "posix", "right/")


class HasZone(Protocol):
    time_zone: str


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """Every IANA name this machine's tz database knows (plus "UTC")."""
    return frozenset(zoneinfo.available_timezones()) | {DEFAULT_ZONE}


def validate_zone(name: str) -> None:
    """Refuse a name that is not an IANA zone, saying what a valid one looks like."""
    if name not in zone_names():
        raise ValidationError(
            f"“{name}” is not a time zone name. Pick one from the list, "
            "such as Europe/Berlin or America/Los_Angeles.",
            code="unknown_zone",
        )


@lru_cache(maxsize=1)
def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The names for a select, grouped by region ("America", "Europe", ...), each sorted.

    UTC comes first in its own group; the region prefix is dropped from the label and
    underscores read as spaces ("Los Angeles").
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in zone_names():
        if name == DEFAULT_ZONE or "/" not in name or name.startswith(_LEGACY_PREFIXES):
            continue
        region, _, place = name.partition("/")
        groups.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " / ")))
    return [("UTC", [(DEFAULT_ZONE, "UTC")])] + [
        (region, sorted(groups[region], key=lambda choice: choice[1])) for region in sorted(groups)
    ]


def zone_of(user: HasZone | str | None) -> zoneinfo.ZoneInfo:
    """The user's zone (or the zone of that name); UTC for nobody or for a name the tz database
    no longer knows."""
    name = (user if isinstance(user, str) else getattr(user, "time_zone", "")) or DEFAULT_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_ZONE)


def today_for(user: HasZone | None, now: datetime | None = None) -> date:
    """The user's calendar day at `now` (default: this moment)."""
    return (now or timezone.now()).astimezone(zone_of(user)).date()


@contextmanager
def activated_for(user: HasZone | str | None) -> Iterator[zoneinfo.ZoneInfo]:
    """Make the user's zone (or the named zone, for work done for every user in one zone) the
    active one for the block, restoring the previous one after."""
    zone = zone_of(user)
    with timezone.override(zone):
        yield zone
