"""/healthz: answered by a middleware ahead of sessions, authentication and the login lock.

Those read the database for any request carrying a session cookie, so behind them a database
outage turned the probe into a 500. Here nothing runs before the checks, and every check turns
its own failure into "error": the answer is 200 when all are ok and 503 when any is not.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"
_LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


def cache_is_shared() -> bool:
    """True when the default cache is a server every process shares (Redis, Memcached...)."""
    return settings.CACHES["default"]["BACKEND"] not in _LOCAL_CACHES


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # a refused connection, a timeout, a broken pool: all mean "down"
        logger.warning("healthz: the database does not answer", exc_info=True)
        # Django closes a broken connection when the request finishes (close_old_connections).
        return "error"
    return "ok"


def cache_status() -> str | None:
    """'ok' or 'error' for a shared cache; None for per-process memory (nothing to reach)."""
    if not cache_is_shared():
        return None
    try:
        cache.set("healthz", "ok", timeout=10)
        ok = cache.get("healthz") == "ok"
    except Exception:
        logger.warning("healthz: the cache does not answer", exc_info=True)
        return "error"
    return "ok" if ok else "error"


def broker_status() -> str | None:
    """'ok' or 'error' for the Celery broker; None when tasks run in-process (no broker)."""
    if not settings.CELERY_BROKER_URL:
        return None
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # any transport error means the broker is not usable
        return "error"
    return "ok"


def health() -> dict[str, str]:
    status = {"database": database_status()}
    for name, check in (("cache", cache_status), ("broker", broker_status)):
        result = check()
        if result is not None:
            status[name] = result
    return status


class HealthzMiddleware:
    """Answers GET/HEAD /healthz itself; every other request passes through untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        status = health()
        healthy = all(value == "ok" for value in status.values())
        response = HttpResponse(
            json.dumps(status), status=200 if healthy else 503, content_type="application/json"
        )
        add_never_cache_headers(response)
        return response
