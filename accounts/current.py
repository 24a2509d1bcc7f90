"""The logged-in user of a request, typed as our User."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User


def current_user(request: HttpRequest) -> User:
    """LoginRequiredMiddleware guarantees a logged-in user on every view that is not public."""
    user = request.user
    assert isinstance(user, User)
    return user


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go back to after a form: a local path the form carried, or `default`.

    Only a path on this site ("/...", not "//host") is followed: anything else could send the
    user elsewhere, and `redirect()` would take a bare word for a URL name and fail.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default


def request_size(request: HttpRequest) -> int:
    """The body's declared size in bytes (0 when absent or malformed)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
