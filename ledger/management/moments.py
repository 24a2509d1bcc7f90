"""Reading a moment given on the command line."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def iso_moment(value: str, option: str) -> datetime:
    """`2026-01-12T09:18`, `2026-01-12T09:18:01+05:00` or `2026-01-12`.

    A moment without an offset is a time on the current zone's clock: the commands read it inside
    ``accounts.zones.activated_for(user)``, so "09:18" is 09:18 where the user is, as the same
    moment typed into a form on the site would be. An hour the zone skips or repeats (a daylight
    saving change) is read as Python's ``fold=0`` does: the first of the two readings.
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(f"{option} must be an ISO 8601 moment, got {value!r}") from exc
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.get_current_timezone())
