"""Failed-login counting: a few wrong passwords per minute per account and per IP address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip: str) -> list[str]:
    # Hashed: a username may hold spaces or be long, which some cache backends refuse as keys.
    user = hashlib.sha256(username.strip().lower().encode("utf-8", "replace")).hexdigest()
    return [f"login-fail:user:{user}", f"login-fail:ip:{ip}"]


def is_locked(*, username: str, ip: str) -> bool:
    limit = settings.LOGIN_RATE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, ip))


def record_failure(*, username: str, ip: str) -> None:
    window = settings.LOGIN_RATE_WINDOW
    for key in _keys(username, ip):
        # add() is a no-op when the key exists, so the window starts at the first failure.
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)


def clear(*, username: str, ip: str) -> None:
    cache.delete_many(_keys(username, ip))
