"""Throttles: the login lock's key and wait (django-axes does the counting), and the small
cache counters that limit password-reset e-mails per address and per e-mail address."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from accounts.client_ip import client_ip
from accounts.usernames import username_key

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Login (django-axes: AXES_USERNAME_CALLABLE and the lockout page's wait)
# ---------------------------------------------------------------------------------------------
def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The name axes locks: its look-alike key (accounts.usernames), so every spelling of
    alice that looks like alice shares her lock, while every other name keeps its own."""
    field = str(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    raw = credentials.get(field) if credentials is not None else request.POST.get(field)
    if not raw:
        return None
    return username_key(str(raw))


def login_lock_wait(request: HttpRequest, credentials: dict[str, Any] | None) -> timedelta:
    """How long the lock on this name from this address still holds."""
    cool_off = get_cool_off(request) or timedelta(0)
    latest = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
    ).aggregate(latest=Max("attempt_time"))["latest"]
    if latest is None:
        return cool_off
    return max(latest + cool_off - timezone.now(), timedelta(seconds=1))


def wait_in_words(wait: timedelta) -> str:
    """'45 seconds', '1 minute', '10 minutes', '2 hours': rounded up, never '0'."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{math.ceil(minutes / 60)} hours"


# ---------------------------------------------------------------------------------------------
# Password reset
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Throttle:
    """At most `limit` hits per key in a window of `window` seconds from the first hit.

    Counted in the cache: with CACHE_URL on Redis every worker shares the count (the deploy
    check warns when production runs on per-process memory).
    """

    name: str
    limit: int
    window: int

    def _key(self, value: str) -> str:
        # Hashed: an e-mail address may hold characters some cache backends refuse in keys.
        digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()
        return f"throttle:{self.name}:{digest}"

    def hit(self, value: str) -> int:
        """Count one hit; the seconds to wait when it is over the limit, else 0."""
        key = self._key(value)
        now = time.time()
        try:
            # add() is a no-op when the key exists, so the window starts at the first hit; its
            # end is kept beside the count so the wait can be told.
            cache.add(f"{key}:until", now + self.window, timeout=self.window)
            cache.add(key, 0, timeout=self.window)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=self.window)
                count = 1
            if count <= self.limit:
                return 0
            until = cache.get(f"{key}:until") or now + self.window
        except Exception:  # the cache is down: /healthz says so; resets must still work
            logger.warning("Throttle %s: the cache is unavailable, not counting", self.name)
            return 0
        return max(1, math.ceil(float(until) - now))


def reset_throttles() -> tuple[Throttle, Throttle]:
    window = settings.PASSWORD_RESET_WINDOW
    return (
        Throttle("reset-address", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window),
        Throttle("reset-email", settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window),
    )


def password_reset_refusal(request: HttpRequest, email: str) -> str | None:
    """Count a reset request; the sentence to show when it is one too many, else None.

    The e-mail's counter runs whether or not an account has that address, so the answer never
    tells who has an account.
    """
    per_address, per_email = reset_throttles()
    wait = per_address.hit(client_ip(request))
    if wait:
        return (
            "Too many password reset requests from your address. "
            f"Try again in {wait_in_words(timedelta(seconds=wait))}."
        )
    wait = per_email.hit(email.strip().casefold())
    if wait:
        return (
            f"A reset link was already requested {per_email.limit} times for this address "
            "recently. Check your inbox and spam folder, or try again in "
            f"{wait_in_words(timedelta(seconds=wait))}."
        )
    return None
