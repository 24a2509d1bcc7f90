"""Scheduled work in each user's zone: beat runs the sweeps every hour (config/celery_app.py),
and a sweep acts on the zones where the moment it is meant for ("07:00 on Monday") has passed in
the current period (the day, the ISO week, the month).

It catches up rather than matching the hour: a worker clock a little behind beat, a queue
backlog or beat down at the top of the hour only delays the work to the next run, never skips
a period. Each sweep's own claim (an expiry key, an e-mail's per-period row in the database)
keeps a period from being done twice. A zone half an hour off UTC (Asia/Kolkata) has its 07:00
at 01:30 UTC, so the 02:00 run is its first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet

from accounts.models import User
from accounts.zones import zone_of


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


def same_day(day: date) -> date:
    return day


def week_start(day: date) -> date:
    """The Monday of the day's ISO week."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def day_since_hour(
    name: str, now: datetime, hour: int, period_start: Callable[[date], date] = same_day
) -> date | None:
    """The zone's day at `now` if `hour`:00 on the first day of its period has passed, else None.

    With the default period (the day itself) that is "07:00 today has come"; with week_start,
    "Monday 07:00 of this week has come" (true from then until Sunday night).
    """
    day = now.astimezone(zone_of(name)).date()
    return day if local_hour_start(name, period_start(day), hour) <= now else None


def zone_days(
    names: Iterable[str],
    *,
    now: datetime,
    local_hour: int | None = None,
    period_start: Callable[[date], date] = same_day,
    today: date | None = None,
) -> list[tuple[str, date]]:
    """(zone, its day at `now`) for each zone, in the order given.

    With `local_hour`, only the zones where that hour of their period's first day has passed
    (beat's hourly sweeps, see day_since_hour). `today` makes it that day in every zone (a
    replay by hand: `run_scheduled --today`, the tests).
    """
    result = []
    for name in names:
        if today is not None:
            result.append((name, today))
        elif local_hour is None:
            result.append((name, now.astimezone(zone_of(name)).date()))
        elif (day := day_since_hour(name, now, local_hour, period_start)) is not None:
            result.append((name, day))
    return result
