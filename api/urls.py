"""/api/v1/: the JSON API (django-ninja) and its docs page, mounted by config.urls at "api/v1/".

The API authenticates every call with a bearer token, so its views are exempt from the
site's LoginRequiredMiddleware, which would redirect a script to the login page.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path

from api import views
from api.api import api


def _token_authenticated(patterns: list[Any]) -> list[Any]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _token_authenticated(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            # What django.contrib.auth.decorators.login_not_required sets.
            entry.callback.login_required = False  # type: ignore[attr-defined]
    return patterns


ninja_patterns, _, _ = api.urls
app_name = "api"
urlpatterns = [
    path("docs", views.api_docs, name="docs"),
    *_token_authenticated(list(ninja_patterns)),
]
