"""Bearer-token authentication and the per-token rate limit of /api/v1/.

A request without a token, with a token Bidbook never made, or with a revoked one is a 401
whose message says which, so the extension can tell the user what to do. A known token then
counts against its rate limit (Django's cache: shared by every worker when it is Redis).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from accounts.zones import zone_of
from api.models import ApiToken
from api.selectors import token_by_key
from api.services import api_token_touch

MISSING = (
    "Send an API token as “Authorization: Bearer <token>”. Make one in Bidbook under "
    "Settings → API tokens."
)
UNKNOWN = "This API token is not one Bidbook made: check it was copied whole, or make a new one."
REVOKED = "This API token was revoked in Settings: make a new one and paste it in."


# The clock the rate-limit windows are cut on (a module attribute so a test can move it).
clock = time.time


class Unauthorized(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; sets ``request.user`` to the token's owner."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(MISSING, "token_missing")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        row = token_by_key(token)
        if row is None:
            raise Unauthorized(UNKNOWN, "token_unknown")
        if row.revoked_at is not None:
            raise Unauthorized(REVOKED, "token_revoked")
        if not row.owner.is_active:
            raise Unauthorized(UNKNOWN, "token_unknown")
        _count_request(row)
        api_token_touch(token=row, now=timezone.now())
        request.user = row.owner
        # The owner's day for every date the call reads or writes ("today" for a submission);
        # accounts.middleware.UserTimeZoneMiddleware deactivates it when the response is made.
        timezone.activate(zone_of(row.owner))
        return row


def _count_request(token: ApiToken) -> None:
    """A fixed window per token: API_RATE_LIMIT requests every API_RATE_WINDOW seconds."""
    limit: int = settings.API_RATE_LIMIT
    window: int = settings.API_RATE_WINDOW
    now = clock()
    slot = int(now // window)
    key = f"api-rate:{token.pk}:{slot}"
    # add() starts the window's count once; incr() is atomic on Redis and memcached.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise RateLimited(max(1, math.ceil((slot + 1) * window - now)))
