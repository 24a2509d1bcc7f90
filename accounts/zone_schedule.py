"""Scheduled work in each user's zone: beat runs the sweeps every hour (config/celery_app.py),
and a sweep acts on the zones where the hour it is meant for ("07:00 on Monday") is now.

A zone half an hour off UTC (Asia/Kolkata) has its hour start at hh:30 UTC, so the sweep at the
top of the UTC hour after it is the one inside it: each zone's hour is matched once a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet

from accounts.models import User
from accounts.zones import DEFAULT_ZONE, zone_of


def users_by_zone(users: QuerySet[User]) -> dict[str, list[int]]:
    """The users' ids grouped by their zone's name, in one query, each group ordered by id."""
    grouped: dict[str, list[int]] = {}
    for name, user_id in users.order_by("time_zone", "pk").values_list("time_zone", "pk"):
        grouped.setdefault(name or DEFAULT_ZONE, []).append(user_id)
    return grouped


def zones_in_use(users: QuerySet[User] | None = None) -> list[str]:
    """The distinct zones of these users (default: everyone), sorted; one query."""
    rows = (users if users is not None else User.objects.all()).order_by("time_zone")
    return list(rows.values_list("time_zone", flat=True).distinct())


def local_hour_start(name: str, day: date, hour: int) -> datetime:
    """The UTC moment `hour`:00 begins on `day` in the zone.

    On a day that skips the hour (clocks go forward at midnight in some zones) it is the moment
    the clocks jump, so the hour is not missed; on a day that repeats it, the first time.
    """
    return datetime.combine(day, time(hour), tzinfo=zone_of(name)).astimezone(UTC)


def day_at_hour(name: str, now: datetime, hour: int) -> date | None:
    """The zone's day if `now` falls in the hour starting at `hour`:00 there, else None."""
    day = now.astimezone(zone_of(name)).date()
    start = local_hour_start(name, day, hour)
    return day if start <= now < start + timedelta(hours=1) else None


def zone_days(
    names: Iterable[str],
    *,
    now: datetime,
    local_hour: int | None = None,
    today: date | None = None,
) -> list[tuple[str, date]]:
    """(zone, its day at `now`) for each zone, in the order given.

    With `local_hour`, only the zones where that hour is now (beat's hourly sweeps). `today`
    makes it that day in every zone (a replay by hand: `run_scheduled --today`, the tests).
    """
    result = []
    for name in names:
        if today is not None:
            result.append((name, today))
        elif local_hour is None:
            result.append((name, now.astimezone(zone_of(name)).date()))
        elif (day := day_at_hour(name, now, local_hour)) is not None:
            result.append((name, day))
    return result
