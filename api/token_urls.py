"""Settings → API tokens, mounted by config.urls at "settings/api-tokens/" ("api_tokens")."""

from __future__ import annotations

from django.urls import path

from api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
