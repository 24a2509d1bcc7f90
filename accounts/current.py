"""The logged-in user of a request, typed as our User."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


def current_user(request: HttpRequest) -> User:
    """LoginRequiredMiddleware guarantees a logged-in user on every view that is not public."""
    user = request.user
    assert isinstance(user, User)
    return user
