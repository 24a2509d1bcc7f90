"""System checks of our own, run by `manage.py check` (and `--deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from accounts.health import cache_is_shared
from accounts.zones import zone_names


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production with per-process memory as its cache: each gunicorn worker would count
    password-reset requests apart, multiplying every limit by the workers."""
    if settings.DEBUG or cache_is_shared():
        return []
    return [
        Warning(
            "The cache is the memory of each process (CACHE_URL is not set): every worker "
            "counts password-reset requests apart, so each limit is multiplied by the number "
            "of workers.",
            hint="Set CACHE_URL to a cache all workers share, e.g. redis://127.0.0.1:6379/1.",
            id="accounts.W001",
        )
    ]


@register()
def time_zone_database_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without an IANA database every zone but UTC is refused: sign-up and Settings would say
    "not a time zone name" for Pacific/Auckland."""
    if len(zone_names()) > 1:
        return []
    return [
        Warning(
            "No IANA time zone database was found: users can only choose UTC.",
            hint="Install the tzdata package (pip install tzdata) or the system's tzdata.",
            id="accounts.W002",
        )
    ]
