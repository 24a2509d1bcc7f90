"""/api/v1/: the JSON API (django-ninja) and its docs page, mounted by config.urls at "api/v1/".

The API authenticates every call with a bearer token, so its views are exempt from the
site's LoginRequiredMiddleware, which would redirect a script to the login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.generic import RedirectView

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
    # /api/v1/ itself: a person who opens it wants the docs (ninja reverses the name).
    path("", login_not_required(RedirectView.as_view(pattern_name="api:docs")), name="api-root"),
    path("docs", views.api_docs, name="docs"),
    *_token_authenticated([p for p in ninja_patterns if getattr(p, "name", "") != "api-root"]),
    # Anything else under /api/v1/ is a JSON 404 too, never the site's HTML page.
    re_path(r"^.+$", views.api_not_found, name="not-found"),
]
